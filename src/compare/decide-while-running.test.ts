import { describe, expect, it } from 'vitest';
import { compareRun } from './compare-run.js';
import { GATE, caseOf, samples } from './compare.test-helpers.js';
import type { PairEvidence, SideEvidence } from './case-evidence.js';
import { MIN_KEPT_CHARS } from './kept-evidence.js';
import type { CompareInput } from './input.js';
import { caseVerdicts, floorThresholds, gatherEvidence } from './case-comparison.js';
import { lookAtPrefix } from './prefix-look.js';
import type { CaseComparison, EarlyStop } from './types.js';

function input(cases: CompareInput['cases'], extra: Partial<CompareInput> = {}): CompareInput {
  return { runId: 1, baseline: { runId: 1, target: 'base' }, candidates: ['cand'], cases, gate: GATE, ...extra };
}

const textCases = Array.from({ length: 8 }, (_, i) =>
  caseOf(`t${i}`, samples(`The answer is ${i} apples.`, `The answer is ${i} apples!`), samples(i % 3 ? `It is ${i} apples.` : 'No idea.')),
);
const checkedCases = Array.from({ length: 4 }, (_, i) =>
  caseOf(`e${i}`, samples(String(i)), samples(i === 0 ? 'wrong' : String(i)), { assert: [{ type: 'contains', value: String(i) }] }),
);

// Evidence is kept for answers of MIN_KEPT_CHARS or more: these say the same with an explanation.
const EXPLAINED =
  ' That is the whole of it: the question names every part, nothing else is needed, and another reading of the question gives the same, so the answer stands as it is written here, checked twice over against the question.';
const explained = (items: CompareInput['cases']) =>
  items.map((c) => ({
    ...c,
    baseline: c.baseline.map((s) => ({ ...s, output: s.output + EXPLAINED })),
    candidates: { cand: c.candidates.cand!.map((s) => ({ ...s, output: s.output + EXPLAINED })) },
  }));

describe('kept evidence', () => {
  it('a comparison from kept evidence uses it instead of computing it, and equals one computed from scratch', () => {
    const cases = explained([...textCases, ...checkedCases]);
    const computed = new Map<string, SideEvidence | PairEvidence>();
    const fresh = compareRun(input(cases), { fresh: computed });
    // Per case: the baseline's side, the candidate's, the pair (identical outputs under identical checks share a key).
    expect(computed.size).toBeGreaterThan(2 * cases.length);
    const asked: string[] = [];
    const kept = { get: (key: string) => (asked.push(key), computed.get(key)) };
    const again = compareRun(input(cases), { kept, fresh: { set: () => expect.fail('nothing is computed again') } });
    expect(again).toEqual(fresh);
    expect(new Set(asked)).toEqual(new Set(computed.keys()));
    expect(compareRun(input(cases))).toEqual(fresh);
  });

  it('evidence is keyed by the outputs and the checks: another output or another assertion is computed anew', () => {
    const computed = new Map<string, SideEvidence | PairEvidence>();
    compareRun(input(explained(checkedCases)), { fresh: computed });
    const added = new Map<string, SideEvidence | PairEvidence>();
    const changed = explained([
      caseOf('e0', samples('0'), samples('0'), { assert: [{ type: 'contains', value: '0' }] }),
      caseOf('e1', samples('1'), samples('1'), { assert: [{ type: 'contains', value: 'one' }] }),
    ]);
    compareRun(input(changed), { kept: computed, fresh: added });
    // e0: the candidate now answers as the baseline does, whose side is kept: only the pair is new.
    // e1: its checks changed, so both sides (one key: the same output) and the pair are new.
    expect(added.size).toBe(1 + 2);
  });

  it('short answers are computed again rather than kept: reading them back costs as much', () => {
    expect(EXPLAINED.length + 1).toBeGreaterThanOrEqual(MIN_KEPT_CHARS);
    const computed = new Map<string, SideEvidence | PairEvidence>();
    const short = compareRun(input(checkedCases), { fresh: computed });
    expect(computed.size).toBe(0);
    expect(short).toEqual(compareRun(input(checkedCases)));
    // One long side is kept; its pair with a short one is not (it has no key of its own).
    const mixed = [caseOf('m', samples(`4${EXPLAINED}`), samples('4'))];
    compareRun(input(mixed), { fresh: computed });
    expect(computed.size).toBe(1);
  });
});

describe('floorThresholds', () => {
  it("a floor that moves past none of a case's values leaves its verdicts as they were, but for the floor they name", () => {
    const cases = [
      ...textCases,
      ...checkedCases,
      // A baseline that disagrees with itself: its held-out similarity meets the floor too.
      caseOf(
        'u',
        samples('The cat sat on the mat all day long.', 'A cat sat on a mat, then left.', 'Dogs ran in the park.'),
        samples('The cat sat.'),
      ),
      // A typed case whose outputs give no value is compared as text, under the floor too.
      caseOf('j', samples('no json here', 'none here either'), samples('still no json'), { compare: { kind: 'json', keys: ['a'] } }),
    ];
    const floors = Array.from({ length: 101 }, (_, i) => ({ source: 'pooled' as const, value: i / 100 }));
    const outcome = (items: CaseComparison[]) => items.map(({ verdict, confirmed, lexical }) => ({ verdict, confirmed, lexical }));
    let moved = 0;
    for (const testCase of cases) {
      const evidence = gatherEvidence(testCase, 'base', ['cand'], undefined);
      const values = floorThresholds(evidence);
      for (let i = 1; i < floors.length; i++) {
        const [before, after] = [floors[i - 1]!, floors[i]!];
        const between = values.some((v) => v >= before.value - 1e-6 && v <= after.value + 1e-6);
        const [a, b] = [outcome(caseVerdicts(evidence, before, undefined)), outcome(caseVerdicts(evidence, after, undefined))];
        if (!between) expect(b, `${testCase.id}: ${before.value} -> ${after.value}`).toEqual(a);
        else if (JSON.stringify(a) !== JSON.stringify(b)) moved++;
      }
    }
    // The values are not a formality: moving past them changes verdicts.
    expect(moved).toBeGreaterThan(0);
  });
});

/** A stop after the first 2 of 4 cases, in the order of seed 1. */
const stop: EarlyStop = {
  decision: 'keep-pinned',
  cases: 2,
  of: 4,
  reasons: ['the evidence is against it'],
  seed: 1,
  saved: { requests: 2, tokens: 40, usd: 0.01 },
};

describe('a candidate stopped early', () => {
  it('keeps the sequential decision, and the cases it was never sent are not compared', () => {
    const cases = checkedCases.map((c, i) => (i < 2 ? c : { ...c, candidates: { cand: [] } }));
    const comparison = compareRun(input(cases, { stopped: { cand: stop } }));
    expect(comparison.cases.map((c) => c.caseId)).toEqual(['e0', 'e1']);
    const [decision] = comparison.decisions;
    expect(decision).toMatchObject({ decision: 'keep-pinned', stoppedEarly: stop, casesNeeded: null });
    expect(decision!.reasons[0]).toBe('stopped early after 2 cases: the evidence is against it');
    // Without the stop the same unsent cases are errors.
    expect(compareRun(input(cases)).cases.filter((c) => c.verdict === 'error')).toHaveLength(2);
  });

  it('a failure after the prefix its decision rests on is no error; one inside it is', () => {
    const order = checkedCases.map((c) => c.id);
    const failed = samples({ error: 'HTTP 500' });
    // e2 came in flight after the decision and failed; e3 came in flight and answered.
    const after = checkedCases.map((c, i) => (i === 2 ? { ...c, candidates: { cand: failed } } : c));
    const comparison = compareRun(input(after, { stopped: { cand: stop }, stopOrders: { 1: order } }));
    expect(comparison.cases.map((c) => [c.caseId, c.verdict])).toEqual([
      ['e0', 'regressed'],
      ['e1', 'same'],
      ['e3', 'same'],
    ]);
    // Inside the prefix (e1) the failure is the decision's evidence missing: an error, as without a stop.
    const inside = checkedCases.map((c, i) => (i === 1 ? { ...c, candidates: { cand: failed } } : c));
    const again = compareRun(input(inside, { stopped: { cand: stop }, stopOrders: { 1: order } }));
    expect(again.cases.filter((c) => c.verdict === 'error').map((c) => c.caseId)).toEqual(['e1']);
  });
});

describe('a run stopping early, interrupted before every candidate was decided', () => {
  it("the baseline's unsent cases are missing for the undecided candidate: errors, not cases left out", () => {
    const replaceable: EarlyStop = { ...stop, decision: 'replaceable', reasons: ['agrees'] };
    const unsent = (c: CompareInput['cases'][number]) => ({ ...c, baseline: [], candidates: { same: [], other: [] } });
    const cases = checkedCases.map((c, i) => (i < 2 ? { ...c, candidates: { same: c.baseline, other: c.candidates.cand! } } : unsent(c)));
    const both = { candidates: ['same', 'other'], stopOrders: { 1: checkedCases.map((c) => c.id) } };
    const interrupted = compareRun(input(cases, { ...both, stopped: { same: replaceable } }));
    expect(interrupted.cases.filter((c) => c.verdict === 'error').map((c) => `${c.candidate} ${c.caseId}`)).toEqual([
      'other e2',
      'other e3',
    ]);
    // Once every candidate is decided, the cases the baseline was never sent are left out.
    const decided = compareRun(input(cases, { ...both, stopped: { same: replaceable, other: stop } }));
    expect(decided.cases.map((c) => c.caseId)).toEqual(['e0', 'e0', 'e1', 'e1']);
  });
});

describe('a run that stopped early, compared again', () => {
  // 12 cases with expected answers; the candidate gets every one wrong.
  const wrong = Array.from({ length: 12 }, (_, i) =>
    caseOf(`w${i}`, samples(String(i)), samples('no idea'), { assert: [{ type: 'contains', value: String(i) }] }),
  );
  const order = wrong.map((c) => c.id);
  const stop: EarlyStop = {
    decision: 'keep-pinned',
    cases: 6,
    of: 12,
    reasons: ['regresses on 6 of 6 cases'],
    seed: 1,
    gate: GATE,
    saved: { requests: 12, tokens: 100, usd: null },
  };

  it('does not call a case an error whose baseline cell was left unsent (the candidate answered it in flight)', () => {
    const cases = wrong.map((c, i) => (i < 6 ? c : i === 6 ? { ...c, baseline: [] } : { ...c, baseline: [], candidates: { cand: [] } }));
    const comparison = compareRun(input(cases, { stopped: { cand: stop } }));
    expect(comparison.cases.map((c) => c.verdict)).toEqual(Array(6).fill('regressed'));
    expect(comparison.decisions[0]!.counts.error).toBe(0);
  });

  it('judges the stop again under another gate on the same prefix: a gate those cases clear keeps it, one they cannot settle makes it review', () => {
    const cases = wrong.map((c, i) => (i < 6 ? c : { ...c, baseline: [], candidates: { cand: [] } }));
    const stopOrders = { 1: order };
    // Still clearly over a 20% regression bound at 90%.
    const lax = compareRun(
      input(cases, { stopped: { cand: stop }, stopOrders, gate: { ...GATE, maxRegressionRate: 0.2, confidence: 0.9 } }),
    );
    expect(lax.decisions[0]).toMatchObject({ decision: 'keep-pinned', stoppedEarly: { gate: { maxRegressionRate: 0.2 } } });
    expect(lax.decisions[0]!.reasons[0]).toMatch(/^stopped early after 6 cases: regresses on 6 of 6/);
    // Allowing 99% regressions: six wrong answers say nothing either way, and no more were sent.
    const allowed = compareRun(
      input(cases, { stopped: { cand: stop }, stopOrders, gate: { ...GATE, maxRegressionRate: 0.99, minEquivalenceRate: 0.01 } }),
    );
    expect(allowed.decisions[0]!.decision).toBe('review');
    expect(allowed.decisions[0]!.reasons[0]).toContain('under another gate, and under this one those cases do not decide');
    // Under the gate it stopped with, the stored decision stands as it was.
    expect(compareRun(input(cases, { stopped: { cand: stop }, stopOrders })).decisions[0]!.reasons[0]).toBe(
      'stopped early after 6 cases: regresses on 6 of 6 cases',
    );
  });
});

describe('lookAtPrefix', () => {
  const verdict = (caseId: string, v: CaseComparison['verdict']) =>
    ({ caseId, candidate: 'cand', verdict: v, confirmed: true }) as CaseComparison;
  const order = ['c3', 'c1', 'c4', 'c2', 'c5'];

  it('looks only at the cases before the first one not compared yet, in the seeded order', () => {
    const verdicts = new Map([
      ['c3', verdict('c3', 'regressed')],
      ['c1', verdict('c1', 'regressed')],
      ['c2', verdict('c2', 'regressed')],
    ]);
    const look = lookAtPrefix({ order, verdicts, critical: new Set(), gate: GATE, candidates: 1 });
    expect(look.prefix).toBe(2);
  });

  it('a regression on a critical case in the prefix decides keep-pinned', () => {
    const verdicts = new Map([['c3', verdict('c3', 'regressed')]]);
    const look = lookAtPrefix({ order, verdicts, critical: new Set(['c3']), gate: GATE, candidates: 1 });
    expect(look).toMatchObject({ decision: 'keep-pinned', prefix: 1 });
    expect(look.reasons[0]).toContain('c3');
  });

  it('an empty prefix decides nothing', () => {
    const look = lookAtPrefix({
      order,
      verdicts: new Map([['c1', verdict('c1', 'same')]]),
      critical: new Set(),
      gate: GATE,
      candidates: 1,
    });
    expect(look).toMatchObject({ decision: 'undecided', prefix: 0 });
  });
});
