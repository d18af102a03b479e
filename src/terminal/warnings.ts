import pc from 'picocolors';
import { formatIssue, type SuiteIssue } from '../errors.js';

export function formatWarnings(warnings: SuiteIssue[]): string {
  return warnings.map((warning) => `${pc.yellow('warning')} ${formatIssue(warning)}`).join('\n');
}
