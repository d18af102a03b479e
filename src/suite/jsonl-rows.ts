import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { SuiteIssue } from '../errors.js';
import { type CaseRow, caseFromFlatRow } from './flat-row.js';
import { describeValue } from './zod-issues.js';

/** Text a big case file is no longer kept whole in (Suite.source.files): past it, only its hash is. */
export const KEPT_TEXT_CHARS = 1 << 20;

/**
 * One JSON object per non-empty line; a line that does not parse is reported and skipped. Read a
 * chunk at a time: memory holds the rows, never the file's text or its lines. `text` is the whole
 * file while it is at most KEPT_TEXT_CHARS long.
 */
export async function readJsonlRows(absolutePath: string, file: string): Promise<{ rows: CaseRow[]; issues: SuiteIssue[]; text?: string }> {
  const rows: CaseRow[] = [];
  const issues: SuiteIssue[] = [];
  const decoder = new StringDecoder('utf8');
  let kept: string | undefined = '';
  let partial = '';
  let line = 0;
  const take = (chunk: string) => {
    if (kept !== undefined) kept = kept.length + chunk.length <= KEPT_TEXT_CHARS ? kept + chunk : undefined;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const text of lines) addJsonlLine(text, ++line, file, rows, issues);
  };
  for await (const chunk of createReadStream(absolutePath) as AsyncIterable<Buffer>) take(decoder.write(chunk));
  take(decoder.end());
  addJsonlLine(partial, ++line, file, rows, issues);
  return { rows, issues, ...(kept !== undefined && { text: kept }) };
}

function addJsonlLine(text: string, number: number, file: string, rows: CaseRow[], issues: SuiteIssue[]): void {
  // An editor's byte-order mark is not part of the first object; a CRLF file's lines end in \r.
  const line = (number === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
  if (line.trim() === '') return;
  const loc = { file, line: number, col: 1 };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    issues.push(jsonIssue(error, loc));
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ ...loc, message: `expected a JSON object (one case per line), got ${describeValue(value)}` });
    return;
  }
  const result = caseFromFlatRow(value as Record<string, unknown>, value, loc);
  issues.push(...result.issues);
  if (result.row) rows.push(result.row);
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
