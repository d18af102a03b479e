import type { IssueLocation, SuiteIssue } from '../errors.js';
import { caseSchema, type WrittenCase } from './schema.js';
import { validate } from './zod-issues.js';

/** One case read from an included file, before the file entry's template is applied. */
export interface CaseRow {
  written: WrittenCase;
  /** The row exactly as written, for ids derived from its content. */
  raw: unknown;
  loc: IssueLocation;
}

/** Keys of a JSONL object or CSV column that mean what they mean on a case; the rest are vars. */
export const CASE_KEYS = [
  'id',
  'prompt',
  'messages',
  'tags',
  'vars',
  'description',
  'system',
  'samples',
  'compare',
  'assert',
  'expected',
  'tools',
  'tool_choice',
  'params',
  'turns',
  'tool_results',
] as const;

/**
 * A JSONL or CSV row: case keys are checked against the case schema, every other key becomes
 * a var (an explicit `vars` object wins over a column of the same name).
 */
export function caseFromFlatRow(
  fields: Record<string, unknown>,
  raw: unknown,
  loc: IssueLocation,
): { row?: CaseRow; issues: SuiteIssue[] } {
  const caseFields: Record<string, unknown> = {};
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if ((CASE_KEYS as readonly string[]).includes(key)) caseFields[key] = value;
    else columns[key] = value;
  }
  const here = { at: () => loc, keyAt: () => loc };
  const result = validate(caseSchema, caseFields, here);
  if (!result.data) return { issues: result.issues };
  const vars = { ...columns, ...result.data.vars };
  const written = Object.keys(vars).length > 0 ? { ...result.data, vars } : result.data;
  return { row: { written, raw, loc }, issues: [] };
}
