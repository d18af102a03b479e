import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { IssueLocation, SuiteIssue } from '../errors.js';
import { parseCsvRows } from './csv-rows.js';
import { readJsonlRows } from './jsonl-rows.js';
import type { CaseRow } from './flat-row.js';
import { caseSchema, type WrittenCase } from './schema.js';
import { parseYaml, type YamlPath } from './yaml-document.js';
import { describeValue, validate } from './zod-issues.js';

export type CaseFile =
  /** `text` is absent for a JSONL file too big to keep (jsonl-rows.ts). */
  { status: 'read'; text?: string; rows: CaseRow[]; issues: SuiteIssue[] } | { status: 'missing' } | { status: 'unsupported' };

export const CASE_FILE_EXTENSIONS = ['.jsonl', '.csv', '.yaml', '.yml'];

/** Reads an included case file; `file` is the path shown to the user in issues. */
export async function readCaseFile(absolutePath: string, file: string): Promise<CaseFile> {
  const extension = extname(absolutePath).toLowerCase();
  if (!CASE_FILE_EXTENSIONS.includes(extension)) return { status: 'unsupported' };
  if (extension === '.jsonl') {
    try {
      return { status: 'read', ...(await readJsonlRows(absolutePath, file)) };
    } catch (error) {
      if (isUnreadable(error)) return { status: 'missing' };
      throw error;
    }
  }
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch {
    return { status: 'missing' };
  }
  const parsed = extension === '.csv' ? parseCsvRows(text, file) : parseYamlRows(text, file);
  return { status: 'read', text, ...parsed };
}

/** What readFile's catch-all treated as "not found": the file system refused it (missing, a folder, no permission). */
function isUnreadable(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** A YAML list of cases, held to the same schema as cases written inline. */
function parseYamlRows(text: string, file: string): { rows: CaseRow[]; issues: SuiteIssue[] } {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return { rows: [], issues: parsed.issues };
  const { doc } = parsed;
  if (doc.value === null || doc.value === undefined) return { rows: [], issues: [] };
  if (!Array.isArray(doc.value)) {
    return { rows: [], issues: [{ ...doc.at([]), message: `expected a list of cases, got ${describeValue(doc.value)}` }] };
  }
  const rows: CaseRow[] = [];
  const issues: SuiteIssue[] = [];
  for (const [i, raw] of (doc.value as unknown[]).entries()) {
    // Located in the list, but named without the index: file:line:col already says which row.
    const row = { at: (path: YamlPath) => doc.at([i, ...path]), keyAt: (path: YamlPath) => doc.keyAt([i, ...path]) };
    const result = validate(caseSchema, raw, row);
    if (result.data) rows.push({ written: result.data, raw, loc: doc.at([i]) });
    else issues.push(...result.issues);
  }
  return { rows, issues };
}
