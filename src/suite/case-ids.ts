import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { IssueLocation, SuiteIssue } from '../errors.js';

export interface IdSource {
  id?: string;
  /** The case or row as written; a derived id hashes it. */
  raw: unknown;
  /** 'case' for inline cases, else the included file's name without extension. */
  stem: string;
  loc: IssueLocation;
}

/**
 * Every case's id: its own, or `<stem>-<8 hex of sha256 of the row's canonical JSON>`, which
 * stays the same when rows are reordered so stored results still match. Identical rows get
 * `-2`, `-3`... in order. Ids must be unique across the suite and its files.
 */
export function assignCaseIds(sources: readonly IdSource[]): { ids: string[]; issues: SuiteIssue[] } {
  const derivedCount = new Map<string, number>();
  const ids = sources.map((source) => {
    if (source.id !== undefined) return source.id;
    const base = `${source.stem}-${createHash('sha256')
      .update(stringify(source.raw) ?? '')
      .digest('hex')
      .slice(0, 8)}`;
    const count = (derivedCount.get(base) ?? 0) + 1;
    derivedCount.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });

  const issues: SuiteIssue[] = [];
  const firstAt = new Map<string, IssueLocation>();
  for (const [i, id] of ids.entries()) {
    const loc = sources[i]!.loc;
    const first = firstAt.get(id);
    if (first === undefined) {
      firstAt.set(id, loc);
      continue;
    }
    issues.push({
      ...loc,
      message: `duplicate case id '${id}': the case at ${where(first)} already has it`,
      hint: 'case ids must be unique across the suite and the files it includes',
    });
  }
  return { ids, issues };
}

function where(loc: IssueLocation): string {
  return [loc.file, loc.line, loc.col].filter((part) => part !== undefined).join(':');
}
