import pc from 'picocolors';
import { escapeControlCharacters } from '../domain/control-characters.js';
import { formatIssue, type SuiteIssue } from '../errors.js';

export function formatWarnings(warnings: SuiteIssue[]): string {
  return warnings.map((warning) => `${pc.yellow('warning')} ${escapeControlCharacters(formatIssue(warning))}`).join('\n');
}
