import { describe, expect, it } from 'vitest';
import { pairKey } from './input.js';
import { caseOf, samples, verdictOf } from './compare.test-helpers.js';
import type { CaseInput } from './input.js';

const prime = { compare: { kind: 'label' as const, extract: '\\[(Yes|No)\\]' } };
const withExpected = (testCase: CaseInput, expected: unknown): CaseInput => ({ ...testCase, expected });

describe('evidence of which side is right', () => {
  it('expected: a changed label is regressed or improved by the right answer, changed when both are wrong', () => {
    const fixed = verdictOf(withExpected(caseOf('p', samples('91 is prime. [Yes]'), samples('91 = 7 × 13. [No]'), prime), 'No'));
    expect(fixed).toMatchObject({
      verdict: 'improved',
      confirmed: true,
      expected: { display: 'No', baseline: { right: 0, total: 1 }, candidate: { right: 1, total: 1 } },
    });
    expect(fixed.reasons).toEqual([
      'passes expected: No where the baseline fails (baseline 0/1, candidate 1/1)',
      'label changed: Yes → No',
    ]);
    const broke = verdictOf(withExpected(caseOf('p', samples('91 = 7 × 13. [No]'), samples('91 is prime. [Yes]'), prime), 'no'));
    expect(broke).toMatchObject({
      verdict: 'regressed',
      reasons: ['fails expected: no where the baseline passes (baseline 1/1, candidate 0/1): gives Yes', 'label changed: No → Yes'],
    });
    const labels = { compare: { kind: 'label' as const, labels: ['billing', 'shipping', 'other'] } };
    const bothWrong = verdictOf(withExpected(caseOf('r', samples('shipping'), samples('other'), labels), 'billing'));
    expect(bothWrong).toMatchObject({
      verdict: 'changed',
      reasons: ['label changed: shipping → other', 'fails expected: billing, as the baseline does: not a regression'],
    });
    expect(verdictOf(withExpected(caseOf('r', samples('shipping'), samples('Shipping.'), labels), 'billing')).verdict).toBe('equivalent');
  });

  it('expected: numbers within the tolerance, JSON on the key fields, text after normalising', () => {
    const number = { compare: { kind: 'number' as const, extract: 'Refund: \\$([\\d.]+)', tolerance: 0.005 } };
    expect(verdictOf(withExpected(caseOf('n', samples('Refund: $18.75'), samples('Refund: $22.501'), number), 22.5)).verdict).toBe(
      'improved',
    );
    const json = { compare: { kind: 'json' as const, keys: ['order_id', 'quantity'] } };
    const v = verdictOf(
      withExpected(
        caseOf('j', samples('{"order_id": "A-1", "quantity": 1}'), samples('{"quantity": 3, "order_id": "A-1", "note": "x"}'), json),
        { order_id: 'A-1', quantity: 3 },
      ),
    );
    expect(v).toMatchObject({ verdict: 'improved', expected: { display: '{"order_id":"A-1","quantity":3}' } });
    const text = verdictOf(withExpected(caseOf('t', samples('Hello there!'), samples('  hello!  ')), 'Hello!'));
    expect(text).toMatchObject({ verdict: 'improved', confirmed: true });
  });

  it('assertions both pass: equivalent on what the user checks, with the drift noted', () => {
    const survey = {
      compare: { kind: 'label' as const, extract: '\\(([A-E])\\)' },
      assert: [{ type: 'regex' as const, value: '\\([A-E]\\)' }],
    };
    const v = verdictOf(caseOf('q', samples('(C). Somewhat'), samples('(D). Not at all'), survey));
    expect(v).toMatchObject({ verdict: 'equivalent', confirmed: true });
    expect(v.reasons).toEqual(['passes every check, as the baseline does (regex /\\([A-E]\\)/)', 'label changed: C → D']);
  });

  it('assertions both fail: changed at worst, never regressed', () => {
    const number = { compare: { kind: 'number' as const }, assert: [{ type: 'contains' as const, value: 'boxed' }] };
    const v = verdictOf(caseOf('h', samples('There is 1 happy number.'), samples('There are 0 happy numbers.'), number));
    expect(v).toMatchObject({ verdict: 'changed', confirmed: true });
    expect(v.reasons).toEqual(['number changed: 1 → 0', 'fails contains "boxed", as the baseline does: not a regression']);
    // Fences around code whose bare baseline was itself rejected: the baseline was not usable either.
    const code = { compare: { kind: 'code' as const }, assert: [{ type: 'javascript' as const, value: 'checks.mjs#runs' }] };
    const fenced = verdictOf(caseOf('c', samples('return num + t * 2'), samples('```python\nreturn num + t\n```'), code));
    expect(fenced.verdict).toBe('changed');
    expect(fenced.reasons[0]).toMatch(/^wraps its code in Markdown fences/);
  });

  it('a break a consumer notices is a regression even when every check passes', () => {
    const v = verdictOf(
      caseOf('a', samples('Refunds within 30 days.'), samples({ output: 'Refunds within 30', finishReason: 'length' }), {
        assert: [{ type: 'icontains', value: 'refund' }],
      }),
    );
    expect(v).toMatchObject({
      verdict: 'regressed',
      reasons: [
        'cut off at the token limit (finish_reason length) where the baseline finished',
        'though it passes every check, as the baseline does',
      ],
    });
  });

  it('a pass/fail difference decides over the text and the refusal heuristic', () => {
    const v = verdictOf(
      caseOf('s', samples('Here are three ways to fix it: ...'), samples("I'm sorry, but I can't help with that."), {
        assert: [{ type: 'not-contains', value: 'sorry' }],
      }),
    );
    expect(v).toMatchObject({ verdict: 'regressed', confirmed: true });
    expect(v.reasons[0]).toBe(
      'fails not-contains "sorry" where the baseline passes (baseline 1/1, candidate 0/1): contains "sorry", which is not allowed',
    );
  });

  it('a judge that cannot be read is recorded, and the verdict stays unconfirmed', () => {
    const testCase = caseOf(
      'a',
      samples('Refunds within 30 days.'),
      samples('Completely different text about shipping times and parcels.'),
    );
    const v = verdictOf(testCase, {
      judge: new Map([[pairKey('a', 'cand'), { forward: null, backward: 'same', error: 'no grade on the last line' }]]),
    });
    expect(v).toMatchObject({ confirmed: false, judge: { forward: null, backward: 'same', error: 'no grade on the last line' } });
    expect(v.reasons).toContain('the judge could not grade it (no grade on the last line); lexical evidence only');
  });
});
