import { describe, expect, it } from 'vitest';
import { exampleReportData } from '../report.test-helpers.js';
import { buildRows, matches, searchText, sortRows, VERDICT_RANK, type Filters } from './rows.js';

describe('case list rows', async () => {
  const data = await exampleReportData();
  const rows = buildRows(data);
  const none: Filters = { verdicts: new Set(), candidate: '', tag: '', text: '' };
  const keep = (filters: Filters) =>
    rows.filter((r) => matches(r, filters, () => searchText(data, data.cases[r.caseIndex]!, r.candidate), data));

  it('has a row per compared (case, candidate)', () => {
    expect(rows).toHaveLength(data.cases.length * data.candidates.length);
  });

  it('sorts worst verdict first, ties in suite order, and by similarity with unknowns last', () => {
    const byVerdict = sortRows(rows, 'verdict', false);
    const ranks = byVerdict.map((r) => VERDICT_RANK[r.verdict]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const bySimilarity = sortRows(rows, 'similarity', true).map((r) => r.similarity);
    const known = bySimilarity.filter((s) => s !== null);
    expect(known).toEqual([...known].sort((a, b) => b! - a!));
    expect(bySimilarity.slice(known.length).every((s) => s === null)).toBe(true);
  });

  it('filters by verdict, candidate, tag and every word of the text, in prompts and outputs too', () => {
    expect(keep({ ...none, verdicts: new Set(['regressed']) }).every((r) => r.verdict === 'regressed')).toBe(true);
    expect(keep({ ...none, candidate: 'gpt-4o' }).every((r) => r.candidate === 'gpt-4o')).toBe(true);
    expect(keep({ ...none, tag: 'billing' }).every((r) => data.cases[r.caseIndex]!.tags.includes('billing'))).toBe(true);
    const trail = keep({ ...none, text: 'TRAIL mug' });
    expect(new Set(trail.map((r) => data.cases[r.caseIndex]!.id))).toEqual(new Set(['extract-order']));
    expect(keep({ ...none, text: 'trail nonexistentword' })).toEqual([]);
  });
});
