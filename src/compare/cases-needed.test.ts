import { describe, expect, it } from 'vitest';
import { casesNeeded, decisionsAt, minimumCases, scaleTally } from './cases-needed.js';
import { GATE } from './compare.test-helpers.js';
import type { Tally } from './decision-tests.js';

const none = { single: { n: 0, outside: 0 }, paired: { n: 0, both: 0, worse: 0, better: 0 } };
const evidence = (agree: number, extra: Partial<Tally> = {}): Tally => ({
  agree,
  improved: 0,
  regressed: 0,
  changed: 0,
  ...none,
  ...extra,
});

describe('cases needed to settle a decision', () => {
  it('every case agreeing: 59, where 0.95^n first drops to 0.05, whatever the size observed', () => {
    for (const n of [1, 3, 30, 52, 55, 58])
      expect(casesNeeded([evidence(n)], GATE, [true])).toEqual([{ cases: 59, decision: 'replaceable' }]);
  });

  it('keeps deciding from there on: checked against a scan of every size up to three times the answer', () => {
    // 95% agreement (5% changed): the agreement test passes and fails by turns as whole counts round.
    for (const tally of [
      evidence(19, { changed: 1 }),
      evidence(47, { changed: 2, regressed: 1 }),
      evidence(30, { single: { n: 70, outside: 8 } }),
    ]) {
      const [answer] = casesNeeded([tally], GATE, [true]);
      expect(answer).not.toBeNull();
      const decided = (size: number) => decisionsAt([tally], GATE, size, [true])[0] !== null;
      let brute = 3 * answer!.cases;
      while (brute > 1 && decided(brute - 1)) brute--;
      expect(answer!.cases).toBe(brute);
    }
  });

  it('says when the rates would keep a candidate pinned, and when no size decides', () => {
    expect(casesNeeded([evidence(8, { regressed: 2 })], GATE, [true])[0]).toMatchObject({ decision: 'keep-pinned' });
    // 85% agreement never shows 90%; 5% regressions sit on the bound.
    expect(casesNeeded([evidence(17, { changed: 3 })], GATE, [true])).toEqual([null]);
  });

  it('scales every kind of case in proportion and keeps the observed counts at the observed size', () => {
    const tally: Tally = {
      agree: 30,
      improved: 5,
      regressed: 2,
      changed: 3,
      single: { n: 10, outside: 1 },
      paired: { n: 20, both: 1, worse: 2, better: 3 },
    };
    expect(scaleTally(tally, 65)).toEqual(tally);
    expect(scaleTally(tally, 130)).toEqual({
      agree: 60,
      improved: 10,
      regressed: 4,
      changed: 6,
      single: { n: 20, outside: 2 },
      paired: { n: 40, both: 2, worse: 4, better: 6 },
    });
  });

  it('the least a suite of a given make-up needs for its gate to return replaceable', () => {
    expect(minimumCases(GATE, { evidence: 3, lexical: 0, baselineSamples: 2 })).toBe(59);
    // Text judged against the calibrated 10% plus the 5-point margin: 0.85^n <= 0.05 from n = 19.
    expect(minimumCases(GATE, { evidence: 0, lexical: 3, baselineSamples: 1 })).toBe(19);
    expect(minimumCases({ ...GATE, maxRegressionRate: 0 }, { evidence: 3, lexical: 0, baselineSamples: 1 })).toBeNull();
  });
});
