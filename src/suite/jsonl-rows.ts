import type { SuiteIssue } from '../errors.js';
import { type CaseRow, caseFromFlatRow } from './flat-row.js';
import { describeValue } from './zod-issues.js';

/** One JSON object per non-empty line; a line that does not parse is reported and skipped. */
export function parseJsonlRows(text: string, file: string): { rows: CaseRow[]; issues: SuiteIssue[] } {
  const rows: CaseRow[] = [];
  const issues: SuiteIssue[] = [];
  // An editor's byte-order mark is not part of the first object.
  for (const [i, line] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    if (line.trim() === '') continue;
    const loc = { file, line: i + 1, col: 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      issues.push(jsonIssue(error, loc));
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ ...loc, message: `expected a JSON object (one case per line), got ${describeValue(value)}` });
      continue;
    }
    const result = caseFromFlatRow(value as Record<string, unknown>, value, loc);
    issues.push(...result.issues);
    if (result.row) rows.push(result.row);
  }
  return { rows, issues };
}

function jsonIssue(error: unknown, loc: { file: string; line: number; col: number }): SuiteIssue {
  const message = error instanceof Error ? error.message : String(error);
  // V8 says where it stopped ("... in JSON at position 8"): turn that into the column.
  const position = /at position (\d+)/.exec(message)?.[1];
  return {
    ...loc,
    ...(position !== undefined && { col: Number(position) + 1 }),
    message: `expected a JSON object (one case per line), but the line is not valid JSON: ${jsonErrorReason(error)}`,
  };
}

/** JSON.parse's reason without its position suffix, which differs between Node versions. */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*(in JSON )?at position \d+.*$/s, '');
}
