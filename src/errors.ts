// Every error a user can cause or meet has a class and a stable code here. Modules throw them;
// only cli.ts turns them into messages and exit codes.

export interface IssueLocation {
  file: string;
  line?: number;
  col?: number;
}

export interface SuiteIssue extends IssueLocation {
  message: string;
  hint?: string;
}

export class PinnedError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The suite (or a file it includes) is not valid; every problem found is listed. */
export class SuiteError extends PinnedError {
  readonly issues: SuiteIssue[];
  constructor(issues: SuiteIssue[]) {
    super('SUITE_INVALID', issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}

/** The command line asks for something that cannot be done (unknown target, bad flag value). */
export class UsageError extends PinnedError {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super('USAGE', message);
  }
}

/** Environment a run needs is missing: API key variables, ${VAR} references without a value. */
export class ConfigError extends PinnedError {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super('CONFIG_MISSING', message);
  }
}

/** A recording file cannot be read or parsed. */
export class RecordingError extends PinnedError {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super('RECORDING_INVALID', message);
  }
}

/**
 * The database cannot be opened, is from another version of pinned, or is busy with another run;
 * or the machine failed it: a damaged file (STORE_CORRUPT), a full disk (STORE_FULL), an I/O error
 * (STORE_IO), a file that cannot be written (STORE_READONLY).
 */
export class StoreError extends PinnedError {
  constructor(
    code:
      | 'STORE_OPEN'
      | 'STORE_VERSION'
      | 'STORE_BUSY'
      | 'STORE_NOT_FOUND'
      | 'STORE_CORRUPT'
      | 'STORE_FULL'
      | 'STORE_IO'
      | 'STORE_READONLY',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** --max-cost: what a run would send costs more than allowed, or cannot be priced; nothing was sent. */
export class CostError extends PinnedError {
  constructor(
    code: 'COST_OVER_LIMIT' | 'COST_UNKNOWN',
    message: string,
    readonly problems: string[],
    readonly hint?: string,
  ) {
    super(code, message);
  }
}

export function formatIssue(issue: SuiteIssue): string {
  const where = [issue.file, issue.line, issue.col].filter((part) => part !== undefined).join(':');
  return `${where}: ${issue.message}${issue.hint ? `\n  ${issue.hint}` : ''}`;
}
