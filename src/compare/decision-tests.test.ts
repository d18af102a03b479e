import { describe, expect, it } from 'vitest';
import { GATE } from './compare.test-helpers.js';
import { lexicalPValue, runTests, type Tally } from './decision-tests.js';
import { binomialTestLess } from './stats/binomial.js';
import { tangoScore } from './stats/paired-noninferiority.js';

const empty: Tally = {
  agree: 0,
  improved: 0,
  regressed: 0,
  changed: 0,
  single: { n: 0, outside: 0 },
  paired: { n: 0, both: 0, worse: 0, better: 0 },
};

describe('the lexical test against the baseline’s own noise', () => {
  it('with one baseline sample: the exact binomial test against the calibrated 10% plus the margin', () => {
    expect(lexicalPValue({ ...empty, single: { n: 662, outside: 70 } }, 0.05)).toBeCloseTo(binomialTestLess(70, 662, 0.15), 12);
  });

  it('with held-out baseline samples: Tango’s paired score test on the same cases', () => {
    const tally = { ...empty, paired: { n: 300, both: 10, worse: 20, better: 18 } };
    expect(lexicalPValue(tally, 0.05)).toBeCloseTo(tangoScore({ n: 300, worse: 20, better: 18 }, 0.05).pValue, 14);
  });

  it('mixed: cases without a held-out sample add their default-rate term to the same score', () => {
    const paired = { ...empty, paired: { n: 100, both: 5, worse: 8, better: 6 } };
    const quiet = lexicalPValue({ ...paired, single: { n: 100, outside: 2 } }, 0.05);
    const noisy = lexicalPValue({ ...paired, single: { n: 100, outside: 30 } }, 0.05);
    expect(quiet).toBeLessThan(lexicalPValue(paired, 0.05));
    expect(noisy).toBeGreaterThan(0.5);
  });
});

describe('the gate’s tests', () => {
  it('leave out what a suite has no case for: all-lexical suites are judged on the lexical test alone', () => {
    const result = runTests({ ...empty, single: { n: 662, outside: 70 } }, GATE);
    expect(result.parts).toEqual({
      regressions: null,
      agreement: null,
      changes: null,
      lexical: expect.closeTo(binomialTestLess(70, 662, 0.15), 12),
    });
    expect(result.pReplace).toBe(result.parts.lexical);
    // Lexical evidence never keeps a candidate pinned.
    expect(runTests({ ...empty, single: { n: 662, outside: 600 } }, GATE).pKeep).toBe(1);
  });

  it('keep-pinned: Bonferroni across the tests of which one suffices', () => {
    const result = runTests({ ...empty, agree: 10, regressed: 10 }, GATE);
    expect(result.pKeep).toBeLessThan(1e-6);
  });
});
