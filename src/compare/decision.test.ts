import { describe, expect, it } from 'vitest';
import { caseOf, compareCases, GATE, samples } from './compare.test-helpers.js';
import type { CaseInput } from './input.js';
import { describeEarlyStop } from './decision.js';
import type { CandidateDecision } from './types.js';

const label = { compare: { kind: 'label' as const, labels: ['yes', 'no'] } };
const same = (i: number) => caseOf(`same-${i}`, samples('yes'), samples('yes'), label);
/** The label changed, and nothing says which answer is right. */
const changed = (i: number, tags: string[] = []) => caseOf(`changed-${i}`, samples('yes'), samples('no'), { ...label, tags });
/** The label changed, and the expected answer says the baseline was right. */
const regressed = (i: number, tags: string[] = []): CaseInput => ({ ...changed(i, tags), id: `regressed-${i}`, expected: 'yes' });
const improved = (i: number): CaseInput => ({ ...caseOf(`improved-${i}`, samples('no'), samples('yes'), label), expected: 'yes' });
const text = (i: number, candidate: string) =>
  caseOf(`t-${i}`, samples('Refunds within 30 days, store credit until day 90.'), samples(candidate));
const many = (n: number, make: (i: number) => CaseInput) => Array.from({ length: n }, (_, i) => make(i));

describe('the decision per candidate', () => {
  it('replaceable: enough cases with evidence, all agreeing', () => {
    const [decision] = compareCases(many(80, same)).decisions;
    expect(decision!.decision).toBe('replaceable');
    expect(decision!.equivalence).toMatchObject({ count: 80, rate: 1 });
    expect(decision!.reasons[0]).toBe('clears the gate at 95% confidence');
  });

  it('review: too few cases, with the number the gate’s own tests need, the same whatever the suite’s size', () => {
    // 0 regressions in n: the exact test clears once 0.95^n <= 0.05, at n = 59 (0.95^58 = 0.051).
    for (const n of [3, 14, 30, 52, 55, 58]) {
      const [decision] = compareCases(many(n, same)).decisions;
      expect(decision!.decision).toBe('review');
      expect(decision!.casesNeeded).toBe(59);
      expect(decision!.reasons[0]).toBe(
        `not enough evidence at 95% confidence: at the rates observed, 59 cases would clear the gate (${n} were compared)`,
      );
    }
    expect(compareCases(many(59, same)).decisions[0]!.decision).toBe('replaceable');
  });

  it('review, not keep-pinned: answers that only changed, told how many and what would settle them', () => {
    const [decision] = compareCases([...many(40, same), ...many(40, changed)]).decisions;
    expect(decision!.decision).toBe('review');
    expect(decision!.regressions).toEqual([]);
    expect(decision!.casesNeeded).toBeNull();
    expect(decision!.reasons[0]).toBe(
      '40 answers changed with nothing saying which side is right: expected: answers or assertions on those cases (or a judge, for text) would settle them',
    );
  });

  it('keep-pinned: regressions with evidence significantly above the gate', () => {
    const [decision] = compareCases([...many(10, same), ...many(10, regressed)]).decisions;
    expect(decision!.decision).toBe('keep-pinned');
    expect(decision!.regressions).toHaveLength(10);
    expect(decision!.reasons[0]).toBe('regresses on more cases than the gate allows (5.0%): 10 of 20 with evidence');
  });

  it('keep-pinned: a critical case that regressed, or changed with nothing saying which side is right', () => {
    const gate = { ...GATE, criticalTags: ['billing'] };
    const [decision] = compareCases([...many(100, same), regressed(0, ['billing'])], { gate }).decisions;
    expect(decision!).toMatchObject({ decision: 'keep-pinned', criticalRegressions: ['regressed-0'] });
    const [change] = compareCases([...many(100, same), changed(0, ['billing'])], { gate }).decisions;
    expect(change!).toMatchObject({ decision: 'keep-pinned', criticalChanges: ['changed-0'] });
    expect(change!.reasons[0]).toBe('changed on critical case changed-0 with nothing saying which answer is right (gate: critical_tags)');
    // The refusal heuristic alone on a critical case: not evidence to keep it pinned, but not replaceable until settled.
    const refusal = caseOf(
      'r',
      samples('To open the lock, find the key number on the warranty card.'),
      samples("I'm sorry, but I can't help with opening locks."),
      { tags: ['billing'] },
    );
    const [unsettled] = compareCases([...many(100, same), refusal], { gate }).decisions;
    expect(unsettled!.decision).toBe('review');
    expect(unsettled!.reasons).toContain(
      'critical case r may have changed (the refusal heuristic only): an assertion, an expected: answer or a judge would settle it',
    );
  });

  it('replaceable when it fixes far more than it breaks: 22 fixed, 0 broken of 30 clears before 59 cases would', () => {
    const [decision] = compareCases([...many(8, same), ...many(22, improved)]).decisions;
    expect(decision!.flips).toMatchObject({ negative: 0, positive: 22 });
    expect(decision!.decision).toBe('replaceable');
  });

  it('counts evidence flips both ways with an exact McNemar test', () => {
    const [decision] = compareCases([...many(9, regressed), ...many(1, improved)]).decisions;
    // b = 9, c = 1: p = 2 * P(X <= 1 | 10, 0.5) = 2 * 11/1024
    expect(decision!.flips).toMatchObject({ negative: 9, positive: 1 });
    expect(decision!.flips!.pValue).toBeCloseTo(22 / 1024, 10);
  });

  it('max_change_rate: a team that wants no behaviour change keeps a candidate that changes answers', () => {
    const gate = { ...GATE, maxChangeRate: 0.02 };
    const [decision] = compareCases([...many(60, same), ...many(20, changed)], { gate }).decisions;
    expect(decision!.decision).toBe('keep-pinned');
    expect(decision!.change).toMatchObject({ count: 20 });
    expect(decision!.reasons[0]).toBe('changes more answers than the gate allows (max_change_rate 2.0%)');
    // To clear it, no change must be shown below 2%: 0.98^n <= 0.05 from n = 149.
    expect(compareCases(many(148, same), { gate }).decisions[0]!).toMatchObject({ decision: 'review', casesNeeded: 149 });
    expect(compareCases(many(149, same), { gate }).decisions[0]!.decision).toBe('replaceable');
  });

  it('lexical drift is judged at suite level against the baseline’s own noise, and never keeps a candidate pinned', () => {
    const within = (i: number) => text(i, 'Refunds within 30 days, and store credit until day 90.');
    const drift = (i: number) => text(100 + i, `Please write to billing about case ${i}; they reply within a week.`);
    // 10% outside: no more than the baseline's own 10% + 5 points, with enough cases.
    const [close] = compareCases([...many(270, within), ...many(30, drift)]).decisions;
    expect(close!).toMatchObject({
      decision: 'replaceable',
      unconfirmed: 300,
      lexical: { cases: 300, outside: 30, baseline: { source: 'default', rate: 0.1 }, margin: 0.05 },
    });
    const [far] = compareCases([...many(100, within), ...many(100, drift)]).decisions;
    expect(far!.decision).toBe('review');
    expect(far!.casesNeeded).toBeNull();
    expect(far!.reasons[0]).toMatch(
      /^differs from the baseline by more than the baseline differs from itself: outside the noise floor on 100 of 200 cases judged lexically \(50%\), against 10% for the baseline; .*a judge \(judge: in the suite\) or typed checks/,
    );
    const [all] = compareCases(many(300, drift)).decisions;
    expect(all!.decision).toBe('review');
  });

  it('with baseline samples, the candidate’s drift is paired case by case with the baseline’s own re-sample', () => {
    const base = ['Refunds within 30 days, store credit until day 90.', 'Refunds are possible within 30 days; store credit until day 90.'];
    const item = (i: number, candidate: string) => caseOf(`p-${i}`, samples(...base), samples(candidate));
    const [decision] = compareCases(many(200, (i) => item(i, 'Refunds within 30 days, and store credit until day 90.'))).decisions;
    expect(decision!.lexical).toMatchObject({ cases: 200, outside: 0, baseline: { source: 'samples', cases: 200, outside: 0 } });
    expect(decision!.decision).toBe('replaceable');
  });

  it('with several candidates, decisions are Holm-adjusted', () => {
    // 0 regressions in 65: p = 0.95^65 = 0.036 clears 0.05 alone; Holm asks 0.025 of the first of two.
    const pair = (i: number): CaseInput => ({ ...same(i), candidates: { a: samples('yes'), b: samples('yes') } });
    const alone = compareCases(
      many(65, (i) => ({ ...same(i), candidates: { a: samples('yes') } })),
      { candidates: ['a'] },
    ).decisions;
    const both = compareCases(many(65, pair), { candidates: ['a', 'b'] }).decisions;
    expect(alone.map((d) => d.decision)).toEqual(['replaceable']);
    expect(both.map((d) => d.decision)).toEqual(['review', 'review']);
    // 0.95^n <= 0.025 from n = 72: the number each needs, found with the same adjustment.
    expect(both.map((d) => d.casesNeeded)).toEqual([72, 72]);
  });

  it('errors are reported, not counted as evidence either way', () => {
    const broken = (i: number) => caseOf(`e-${i}`, samples('yes'), samples({ error: '500 internal' }), label);
    const [decision] = compareCases([...many(80, same), ...many(5, broken)]).decisions;
    expect(decision!.counts.error).toBe(5);
    expect(decision!.cases).toBe(80);
    expect(decision!.regressions).toEqual([]);
    expect(decision!.reasons).toContain('5 cases had no outputs to compare (errors); rerun to fill them');
  });
});

describe('suites with both checked and text cases', () => {
  const within = (i: number) => text(i, 'Refunds within 30 days, and store credit until day 90.');
  const drift = (i: number) => text(1000 + i, `Please write to billing about case ${i}; they reply within a week.`);

  it('a few expected: answers in a large text suite do not hold it at review: adding evidence never makes the decision worse', () => {
    const textOnly = compareCases([...many(270, within), ...many(30, drift)]).decisions[0]!;
    expect(textOnly.decision).toBe('replaceable');
    const withChecks = compareCases([...many(270, within), ...many(30, drift), ...many(3, same)]).decisions[0]!;
    expect(withChecks.decision).toBe('replaceable');
    expect(withChecks).toMatchObject({ evidenceCases: 3, cases: 303 });
  });

  it('nor do a few text cases in a large checked suite', () => {
    expect(compareCases(many(80, same)).decisions[0]!.decision).toBe('replaceable');
    expect(compareCases([...many(80, same), ...many(3, within)]).decisions[0]!.decision).toBe('replaceable');
  });

  it('one regression among a few checked cases holds it back, and more cases are needed than were compared, never fewer', () => {
    const [decision] = compareCases([...many(300, within), ...many(2, same), regressed(0)]).decisions;
    expect(decision!.decision).toBe('review');
    expect(decision!.casesNeeded).toBeGreaterThan(303);
  });

  it('a kind of case that is significantly worse than the gate allows is not outweighed by the other kind', () => {
    // Half the checked answers changed: far above the 10% the agreement gate allows, whatever the text says.
    const [decision] = compareCases([...many(300, within), ...many(20, same), ...many(20, changed)]).decisions;
    expect(decision!.decision).toBe('review');
  });
});

describe('regressions against the tolerance', () => {
  it('a few regressions within max_regression_rate and no fixes are not evidence that the candidate is worse', () => {
    // 6 of 1,000 broken, none fixed: McNemar calls that worse than the baseline (p = 0.03), but 0.6% is within the 5% the gate tolerates.
    const [decision] = compareCases([...many(994, same), ...many(6, regressed)]).decisions;
    expect(decision!.flips).toMatchObject({ negative: 6, positive: 0 });
    expect(decision!.flips!.pValue).toBeLessThan(0.05);
    expect(decision!.decision).toBe('replaceable');
  });

  it('keep-pinned when what it breaks outweighs what it fixes by more than the tolerance', () => {
    const [decision] = compareCases([...many(400, same), ...many(120, regressed), ...many(60, improved)]).decisions;
    expect(decision!.decision).toBe('keep-pinned');
    expect(decision!.reasons).toContainEqual(
      expect.stringMatching(
        /^breaks more than it fixes, by more than the gate allows: regressed on 120 and improved on 60 of 580 cases with evidence \(net 10%, gate ≤ 5.0%; p = /,
      ),
    );
  });
});

describe('what stopping early saved, in words', () => {
  const stopped = (saved: { requests: number; tokens: number; usd: number | null; unpriced?: string[] }) =>
    ({ stoppedEarly: { decision: 'keep-pinned', cases: 12, of: 400, reasons: [], seed: 3, saved } }) as unknown as CandidateDecision;

  it('names the dollars of the priced targets, and the targets it could not price', () => {
    expect(describeEarlyStop(stopped({ requests: 776, tokens: 120_000, usd: 4.2, unpriced: ['gpt-5-internal'] }))).toBe(
      "decided on 12 of 400 cases (random order, seed 3); not sending the rest saved 776 requests, ~120,000 tokens, $4.20 (estimated) plus gpt-5-internal's share (no price known)",
    );
    expect(describeEarlyStop(stopped({ requests: 1, tokens: 10, usd: null }))).toContain(
      '1 request, ~10 tokens, dollars unknown (no price known)',
    );
  });
});
