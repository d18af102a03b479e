import pc from 'picocolors';
import { ConfigError, CostError, PinnedError, RecordingError, StoreError, SuiteError, UsageError, formatIssue } from '../errors.js';
import { displayPath } from '../suite/display-path.js';

/** The message and exit code for an error; cli.ts prints it. */
export function describeError(error: unknown): { text: string; exitCode: number } {
  const label = pc.red('error');
  if (error instanceof SuiteError) {
    const count = error.issues.length;
    const body = error.issues.map((issue) => `${formatIssue(issue)}`).join('\n');
    return { text: `${body}\n${label}: the suite has ${count} problem${count === 1 ? '' : 's'}; nothing was run`, exitCode: 2 };
  }
  if (error instanceof UsageError) {
    return { text: `${label}: ${error.message}${error.hint ? `\n  ${error.hint}` : ''}`, exitCode: 2 };
  }
  if (error instanceof ConfigError) {
    return { text: `${label}: ${error.message}\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}`, exitCode: 2 };
  }
  if (error instanceof CostError) {
    const problems = error.problems.map((problem) => `\n  - ${problem}`).join('');
    return { text: `${label}: ${error.message}${problems}${error.hint ? `\n${error.hint}` : ''}`, exitCode: 2 };
  }
  if (error instanceof RecordingError) {
    const where = error.message.startsWith(displayPath(error.file)) || error.message.includes(error.file) ? '' : `${displayPath(error.file)}${error.line ? `:${error.line}` : ''}: `;
    return { text: `${where}${error.message}`, exitCode: 2 };
  }
  if (error instanceof StoreError) {
    // Only a database busy with another run is infrastructure; a wrong path or file is the user's to fix.
    return { text: `${label}: ${error.message}`, exitCode: error.code === 'STORE_BUSY' ? 4 : 2 };
  }
  if (error instanceof PinnedError) {
    return { text: `${label} [${error.code}]: ${error.message}`, exitCode: 4 };
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    text: `${stack}\n${label}: this is a bug in pinned, not in your suite or your models. Please report it with the command you ran.`,
    exitCode: 4,
  };
}
