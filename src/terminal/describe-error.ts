import pc from 'picocolors';
import { ConfigError, CostError, PinnedError, RecordingError, StoreError, SuiteError, UsageError, formatIssue } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import { escapeControlCharacters } from '../domain/control-characters.js';

/**
 * The message for an error, in the user's terms; cli.ts prints it (and exit-codes.ts picks the code).
 * Messages may quote outputs, recordings or a provider's words: their control characters are spelled out.
 */
export function describeError(error: unknown): string {
  const label = pc.red('error');
  return describe(error)
    .split(label)
    .map((part) => escapeControlCharacters(part))
    .join(label);
}

function describe(error: unknown): string {
  const label = pc.red('error');
  if (error instanceof SuiteError) {
    const count = error.issues.length;
    const body = error.issues.map((issue) => `${formatIssue(issue)}`).join('\n');
    return `${body}\n${label}: the suite has ${count} problem${count === 1 ? '' : 's'}; nothing was run`;
  }
  if (error instanceof UsageError) {
    return `${label}: ${error.message}${error.hint ? `\n  ${error.hint}` : ''}`;
  }
  if (error instanceof ConfigError) {
    return `${label}: ${error.message}\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}`;
  }
  if (error instanceof CostError) {
    const problems = error.problems.map((problem) => `\n  - ${problem}`).join('');
    return `${label}: ${error.message}${problems}${error.hint ? `\n${error.hint}` : ''}`;
  }
  if (error instanceof RecordingError) {
    const where =
      error.message.startsWith(displayPath(error.file)) || error.message.includes(error.file)
        ? ''
        : `${displayPath(error.file)}${error.line ? `:${error.line}` : ''}: `;
    return `${where}${error.message}`;
  }
  if (error instanceof StoreError) return `${label}: ${error.message}`;
  if (error instanceof PinnedError) {
    return `${label} [${error.code}]: ${error.message}`;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${stack}\n${label}: this is a bug in pinned, not in your suite or your models. Please report it with the command you ran.`;
}
