import { parse } from 'csv-parse/sync';
import type { IssueLocation, SuiteIssue } from '../errors.js';
import { type CaseRow, caseFromFlatRow } from './flat-row.js';
import { jsonErrorReason } from './jsonl-rows.js';

type Event = { record: string[]; end: number } | { error: string; end: number };

/**
 * A header row, then one case per record. Cells are text, so the case keys are converted:
 * `tags` split on `,` or `;`, `messages`, `vars` and `assert` parsed as JSON, `compare` as a kind name or
 * JSON, `samples` as an integer, `expected` read as its compare kind reads it (render-case.ts).
 * An empty cell in a case column means "not given" (a CSV cannot tell empty from absent).
 */
export function parseCsvRows(text: string, file: string): { rows: CaseRow[]; issues: SuiteIssue[] } {
  const events: Event[] = [];
  const issues: SuiteIssue[] = [];
  const lineAfter = lineFinder(text);
  try {
    // No `columns` option: the header is read as a record so its end offset is known too.
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (record: string[], context) => {
        events.push({ record, end: context.bytes });
        return record;
      },
      on_skip: (error) => {
        if (error) events.push({ error: error.message, end: (error as { bytes?: number }).bytes ?? 0 });
      },
    });
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    issues.push({ file, ...(lines && { line: lines }), message: `not valid CSV: ${cleanCsvMessage(error)}` });
    return { rows: [], issues };
  }

  const rows: CaseRow[] = [];
  let header: string[] | undefined;
  let previousEnd = 0;
  for (const event of events) {
    const loc = { file, line: lineAfter(previousEnd), col: 1 };
    previousEnd = event.end;
    if ('error' in event) {
      issues.push({ ...loc, message: `this row is not valid CSV: ${cleanCsvMessage(event.error)}` });
    } else if (!header) {
      header = event.record.map((name) => name.trim());
      const duplicate = header.find((name, i) => header?.indexOf(name) !== i);
      if (duplicate !== undefined) {
        issues.push({ ...loc, message: `the header names column '${duplicate}' twice` });
        return { rows: [], issues };
      }
    } else {
      const raw = Object.fromEntries(header.map((name, i) => [name, event.record[i] ?? '']));
      const converted = convertCells(raw, loc, issues);
      if (!converted) continue;
      const result = caseFromFlatRow(converted, raw, loc);
      issues.push(...result.issues);
      if (result.row) rows.push(result.row);
    }
  }
  return { rows, issues };
}

function convertCells(raw: Record<string, string>, loc: IssueLocation, issues: SuiteIssue[]): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  let ok = true;
  for (const [key, cell] of Object.entries(raw)) {
    if (key === 'tags') {
      if (cell.trim() !== '')
        fields.tags = cell
          .split(/[,;]/)
          .map((tag) => tag.trim())
          .filter((tag) => tag !== '');
    } else if (key === 'messages' || key === 'vars' || key === 'assert') {
      if (cell.trim() === '') continue;
      try {
        fields[key] = JSON.parse(cell);
      } catch (error) {
        const what = { messages: 'a JSON list of chat messages', vars: 'a JSON object of vars', assert: 'a JSON list of assertions' }[key];
        issues.push({ ...loc, message: `${key}: expected ${what}, got text that is not JSON (${jsonErrorReason(error)})` });
        ok = false;
      }
    } else if (key === 'samples') {
      // Left as text when not a whole number, so the schema reports what it got.
      if (cell.trim() !== '') fields.samples = /^\s*-?\d+\s*$/.test(cell) ? Number(cell) : cell;
    } else if (key === 'compare') {
      // A kind name ("label") or a JSON object ({"kind": "number", "tolerance": 0.01}).
      if (cell.trim() !== '') fields.compare = cell.trim().startsWith('{') ? parseOrKeep(cell) : cell.trim();
    } else if (['id', 'prompt', 'description', 'system', 'expected'].includes(key)) {
      if (cell !== '') fields[key] = cell;
    } else {
      fields[key] = cell;
    }
  }
  return ok ? fields : undefined;
}

function parseOrKeep(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell; // the schema reports it as not a comparison
  }
}

/** The line a record starts on, given the byte offset where the previous one ended (offsets only grow). */
function lineFinder(text: string): (offset: number) => number {
  const bytes = Buffer.from(text, 'utf8');
  const lines = text.split(/\r?\n/);
  let counted = 0;
  let newlines = 0;
  return (offset) => {
    for (; counted < offset && counted < bytes.length; counted += 1) if (bytes[counted] === 0x0a) newlines += 1;
    let line = newlines + 1;
    // Records skip blank lines; point at the record itself.
    while (line < lines.length && lines[line - 1]?.trim() === '') line += 1;
    return line;
  };
}

function cleanCsvMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+(on|at) line \d+/, '');
}
