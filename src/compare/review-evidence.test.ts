import { describe, expect, it } from 'vitest';
import type { Review } from '../domain/review.js';
import { compareRun } from './compare-run.js';
import { caseOf, GATE, samples } from './compare.test-helpers.js';
import type { CaseInput } from './input.js';
import { outputsHash } from './review-evidence.js';

const base = 'Reset it from the login page: click "Forgot password", then follow the link we email you within five minutes.';
const cand = 'Open Settings, choose Security and pick Reset. If no email arrives, check the spam folder or write to support.';

function review(testCase: CaseInput, decision: Review['decision'], extra: Partial<Review> = {}): Review {
  return {
    case: testCase.id,
    candidate: 'cand',
    decision,
    baselineHash: outputsHash(testCase.baseline)!,
    candidateHash: outputsHash(testCase.candidates.cand!)!,
    by: 'Ada Lovelace <ada@example.com>',
    at: '2026-05-01T10:00:00.000Z',
    ...extra,
  };
}

function compare(cases: CaseInput[], reviews: Review[], criticalTags: string[] = []) {
  return compareRun({
    runId: 1,
    baseline: { runId: 1, target: 'base' },
    candidates: ['cand'],
    cases,
    gate: { ...GATE, criticalTags },
    reviews,
  });
}

describe("a person's review is evidence", () => {
  it('turns an unconfirmed lexical verdict into a confirmed one, with the note and who and when in the reasons', () => {
    const testCase = caseOf('password-reset', samples(base), samples(cand));
    const before = compare([testCase], []).cases[0]!;
    expect(before).toMatchObject({ verdict: 'drifted', confirmed: false });
    expect(before.outputs).toEqual({ baseline: outputsHash(testCase.baseline), candidate: outputsHash(testCase.candidates.cand!) });

    const accepted = compare([testCase], [review(testCase, 'accept', { note: 'both steps work' })]);
    const item = accepted.cases[0]!;
    expect(item).toMatchObject({
      verdict: 'equivalent',
      confirmed: true,
      review: { decision: 'accept', by: 'Ada Lovelace <ada@example.com>', at: '2026-05-01T10:00:00.000Z', note: 'both steps work' },
    });
    expect(item.lexical).toBeUndefined();
    expect(item.reasons[0]).toBe('equivalent by review: accepted by Ada Lovelace <ada@example.com> on 2026-05-01: both steps work');
    expect(item.reasons[1]).toBe('without the review: drifted (unconfirmed)');
    // Counted as evidence in the gate: one agreeing case with evidence, none judged lexically.
    expect(accepted.decisions[0]).toMatchObject({
      evidenceCases: 1,
      lexical: null,
      reviewed: { accepted: 1, rejected: 0 },
      unconfirmed: 0,
    });
    expect(accepted.decisions[0]!.reasons).toContain("1 verdict rests on a person's review (1 accepted, 0 rejected)");
  });

  it('a rejection is a regression, and on a critical case it keeps the baseline pinned', () => {
    const testCase = caseOf('refund', samples(base), samples(cand), { tags: ['billing'] });
    const rejected = compare([testCase], [review(testCase, 'reject', { note: 'promises a refund we do not give' })], ['billing']);
    expect(rejected.cases[0]).toMatchObject({ verdict: 'regressed', confirmed: true, review: { decision: 'reject' } });
    expect(rejected.cases[0]!.reasons[0]).toBe(
      'regressed by review: rejected by Ada Lovelace <ada@example.com> on 2026-05-01: promises a refund we do not give',
    );
    expect(rejected.decisions[0]).toMatchObject({ decision: 'keep-pinned', criticalRegressions: ['refund'] });
  });

  it('lapses when either output changes: the verdict is as without it, and says the review no longer applies', () => {
    const testCase = caseOf('password-reset', samples(base), samples(cand));
    const old = review(testCase, 'accept');
    const newAnswer = caseOf('password-reset', samples(base), samples(`${cand} Thanks!`));
    const item = compare([newAnswer], [old]).cases[0]!;
    expect(item).toMatchObject({ verdict: 'drifted', confirmed: false, lapsedReview: { decision: 'accept' } });
    expect(item.review).toBeUndefined();
    expect(item.reasons.at(-1)).toBe(
      "a review no longer applies (accepted by Ada Lovelace <ada@example.com> on 2026-05-01): the candidate's output changed since; review it again",
    );
    const newBaseline = caseOf('password-reset', samples(base, `${base} Sorry!`), samples(cand));
    expect(compare([newBaseline], [old]).cases[0]!.reasons.at(-1)).toContain("the baseline's output changed since");
  });

  it('a review of another candidate or case does not apply; identical outputs and errors need none', () => {
    const testCase = caseOf('password-reset', samples(base), samples(cand));
    expect(compare([testCase], [{ ...review(testCase, 'reject'), candidate: 'other' }]).cases[0]!.verdict).toBe('drifted');
    const same = caseOf('same', samples(base), samples(base));
    expect(compare([same], [review(same, 'reject')]).cases[0]).toMatchObject({ verdict: 'same' });
    const failed = caseOf('failed', samples(base), samples({ error: '500 server error' }));
    expect(compare([failed], [{ ...review(testCase, 'reject'), case: 'failed' }]).cases[0]).toMatchObject({ verdict: 'error' });
  });

  it('overrules the checks when the person says so, keeping what the checks said in the reasons', () => {
    const testCase = caseOf('strict', samples('Refunds take 5 days.'), samples('Refunds take five days.'), {
      assert: [{ type: 'contains', value: '5 days' }],
    });
    const item = compare([testCase], [review(testCase, 'accept', { note: 'five = 5' })]).cases[0]!;
    expect(item.verdict).toBe('equivalent');
    expect(item.reasons[1]).toBe('without the review: regressed');
    expect(item.reasons[2]).toContain('fails contains');
  });

  it('a review names a whole conversation (every turn), and lapses when any turn changes', () => {
    const turn = (n: number, candidate: string): CaseInput => ({
      ...caseOf(`chat#turn${n}`, samples(base), samples(candidate)),
      conversation: { caseId: 'chat', turn: n, turns: 2, question: 'q' },
    });
    const turns = [turn(1, base), turn(2, cand)];
    const before = compare(turns, []).cases;
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ caseId: 'chat', verdict: 'drifted' });
    const hashes = before[0]!.outputs!;
    const accepted: Review = {
      ...review(turns[1]!, 'accept'),
      case: 'chat',
      baselineHash: hashes.baseline,
      candidateHash: hashes.candidate,
    };
    expect(compare(turns, [accepted]).cases[0]).toMatchObject({ caseId: 'chat', verdict: 'equivalent', confirmed: true });
    // The same last turn after a different first turn is another conversation: the review lapses.
    const changed = compare([turn(1, `${base} Indeed.`), turn(2, cand)], [accepted]).cases[0]!;
    expect(changed.review).toBeUndefined();
    expect(changed.lapsedReview).toMatchObject({ decision: 'accept' });
  });
});
