import { basename, extname, relative, resolve, sep } from 'node:path';
import type { SuiteIssue } from '../errors.js';
import type { Case } from './types.js';
import type { WrittenCaseEntry, WrittenDefaults } from './schema.js';
import { assignCaseIds } from './case-ids.js';
import { CASE_FILE_EXTENSIONS, readCaseFile, type CaseFile } from './case-files.js';
import { displayPath } from './display-path.js';
import { checkComparison } from './check-comparison.js';
import { checkMessages } from './chat-messages.js';
import { renderCase, type CaseDraft } from './render-case.js';
import { describeValue, pathText } from './zod-issues.js';
import type { Locator } from './yaml-document.js';

export interface CasesInput {
  /** `cases` as written, position for position; undefined where the schema already failed. */
  entries: readonly (WrittenCaseEntry | undefined)[];
  defaults: WrittenDefaults;
  locator: Locator;
  suiteDir: string;
  /** The suite's `allow_outside_modules`. */
  allowOutsideModules?: boolean;
}

export interface ResolvedCases {
  cases: Case[];
  /** Included files' text, by path relative to the suite's folder (not a JSONL file too big to keep). */
  files: Record<string, string>;
  /** Every included file's absolute path, by path relative to the suite's folder. */
  included: Record<string, string>;
  issues: SuiteIssue[];
  warnings: SuiteIssue[];
}

type Draft = CaseDraft & { raw: unknown; stem: string };

/** Expands `file:` entries in place, gives every case an id, and renders its messages. */
export async function resolveCases(input: CasesInput): Promise<ResolvedCases> {
  const issues: SuiteIssue[] = [];
  const warnings: SuiteIssue[] = [];
  const context = { suiteDir: input.suiteDir, allowOutsideModules: input.allowOutsideModules === true, warnings };
  const files: Record<string, string> = {};
  const included: Record<string, string> = {};
  const reads = new Map<string, Promise<CaseFile>>();
  const drafts: Draft[] = [];

  for (const [i, entry] of input.entries.entries()) {
    if (!entry) continue;
    const path = ['cases', i];
    const loc = input.locator.at(path);
    if (entry.file === undefined) {
      drafts.push({ written: entry, raw: entry, stem: 'case', loc });
      issues.push(...checkComparison(entry, (sub) => input.locator.at(sub), path, context));
      if (entry.messages) issues.push(...checkMessages(entry.messages, (sub) => input.locator.at(sub), [...path, 'messages']));
      for (const [t, turn] of (entry.turns ?? []).entries())
        issues.push(...checkComparison({ assert: turn.assert ?? [] }, (sub) => input.locator.at(sub), [...path, 'turns', t], context));
      continue;
    }
    for (const key of ['id', 'description', 'expected'] as const) {
      if (entry[key] !== undefined) {
        issues.push({
          ...input.locator.keyAt([...path, key]),
          message: `${pathText(path)}: '${key}' does not apply to a file entry; each row has its own`,
          hint: `put '${key}' in the rows of ${entry.file}`,
        });
      }
    }
    const fileLoc = input.locator.at([...path, 'file']);
    const absolute = resolve(input.suiteDir, entry.file);
    const read = reads.get(absolute) ?? readCaseFile(absolute, displayPath(absolute));
    reads.set(absolute, read);
    const result = await read;
    if (result.status !== 'read') {
      const message =
        result.status === 'missing'
          ? `${pathText([...path, 'file'])}: file not found: ${displayPath(absolute)}`
          : `${pathText([...path, 'file'])}: expected a ${CASE_FILE_EXTENSIONS.slice(0, -1).join(', ')} or ${CASE_FILE_EXTENSIONS.at(-1)} file, got ${describeValue(entry.file)}`;
      issues.push({ ...fileLoc, message, ...(result.status === 'missing' && { hint: 'the path is relative to the suite file' }) });
      continue;
    }
    const name = relative(input.suiteDir, absolute).split(sep).join('/');
    included[name] = absolute;
    if (result.text !== undefined) files[name] = result.text;
    issues.push(...result.issues);
    if (result.rows.length === 0 && result.issues.length === 0) {
      warnings.push({ ...fileLoc, message: `${pathText([...path, 'file'])}: ${entry.file} has no cases` });
    }
    issues.push(...checkComparison(entry, (sub) => input.locator.at(sub), path, context));
    if (entry.messages) issues.push(...checkMessages(entry.messages, (sub) => input.locator.at(sub), [...path, 'messages']));
    const stem = basename(absolute, extname(absolute));
    for (const row of result.rows) {
      drafts.push({ written: row.written, raw: row.raw, stem, loc: row.loc, entry, entryLoc: loc });
      issues.push(...checkComparison(row.written, () => row.loc, [], context));
      if (row.written.messages) issues.push(...checkMessages(row.written.messages, () => row.loc, ['messages']));
      for (const [t, turn] of (row.written.turns ?? []).entries())
        issues.push(...checkComparison({ assert: turn.assert ?? [] }, () => row.loc, ['turns', t], context));
    }
  }

  const ids = assignCaseIds(drafts.map((draft) => ({ id: draft.written.id, raw: draft.raw, stem: draft.stem, loc: draft.loc })));
  issues.push(...ids.issues);
  const cases: Case[] = [];
  for (const [index, draft] of drafts.entries()) {
    const rendered = renderCase(draft, ids.ids[index]!, index, input.defaults);
    issues.push(...rendered.issues);
    warnings.push(...(rendered.warnings ?? []));
    if (rendered.case) cases.push(rendered.case);
  }
  return { cases, files, included, issues, warnings };
}
