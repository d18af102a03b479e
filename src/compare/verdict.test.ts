import { describe, expect, it } from 'vitest';
import { pairKey } from './input.js';
import { caseOf, samples, verdictOf } from './compare.test-helpers.js';

const refund = 'Refunds are available within 30 days of delivery. After that we offer store credit for up to 90 days.';
const refundAgain = 'Refunds are available within 30 days of delivery; after that, store credit is offered for up to 90 days.';

describe('verdicts, rule by rule', () => {
  it('same: identical after normalising case, whitespace and quotes', () => {
    const v = verdictOf(caseOf('a', samples("It's   DONE."), samples('it’s done.')));
    expect(v).toMatchObject({ verdict: 'same', confirmed: true });
  });

  it('error: a candidate without output is an infrastructure problem, never a regression', () => {
    const v = verdictOf(caseOf('a', samples(refund), samples({ error: '503 upstream overloaded' })));
    expect(v.verdict).toBe('error');
    expect(v.reasons[0]).toBe('the candidate has no output: 503 upstream overloaded');
    const w = verdictOf(caseOf('a', samples({ error: "no recording for case 'a'" }), samples(refund)));
    expect(w.reasons[0]).toBe("the baseline has no output: no recording for case 'a'");
  });

  it('equivalent (unconfirmed): lexically within the baseline’s own spread', () => {
    const v = verdictOf(caseOf('a', samples(refund, refundAgain), samples(refund + ' Thanks!')));
    expect(v).toMatchObject({ verdict: 'equivalent', confirmed: false, floor: { source: 'baseline' } });
    expect(v.reasons[0]).toMatch(
      /^similarity 0\.\d\d within the baseline's own spread on this case \(its samples agree to 0\.\d\d\); lexical evidence only$/,
    );
  });

  it('drifted (unconfirmed): outside the noise floor without a judge is drift, not change', () => {
    const v = verdictOf(
      caseOf(
        'a',
        samples(refund, refundAgain),
        samples('Sorry to hear that. Please contact our billing team by email and they will look into it.'),
      ),
    );
    expect(v).toMatchObject({ verdict: 'drifted', confirmed: false });
    expect(v.reasons[0]).toContain('unconfirmed: a judge or a typed comparison would tell whether it matters');
  });

  it('says which floor applied when the baseline has one sample', () => {
    expect(verdictOf(caseOf('a', samples(refund), samples(refundAgain))).floor?.source).toBe('default');
    expect(verdictOf(caseOf('a', samples(refund), samples(refundAgain, refund))).floor?.source).toBe('candidate');
  });

  it('regressed: an assertion the baseline passes and the candidate fails, by majority', () => {
    const v = verdictOf(
      caseOf('a', samples(refund, refundAgain), samples('We do not offer refunds.'), {
        assert: [{ type: 'icontains', value: 'store credit' }],
      }),
    );
    expect(v).toMatchObject({ verdict: 'regressed', confirmed: true });
    expect(v.reasons[0]).toBe(
      'fails icontains "store credit" where the baseline passes (baseline 2/2, candidate 0/1): does not contain "store credit" (ignoring case)',
    );
  });

  it('improved: the candidate passes an assertion the baseline fails', () => {
    const v = verdictOf(
      caseOf('p', samples('Yes, 91 is prime. [Yes]'), samples('91 = 7 × 13, so it is not prime. [No]'), {
        compare: { kind: 'label', extract: '\\[(Yes|No)\\]' },
        assert: [{ type: 'icontains', value: '[No]' }],
      }),
    );
    // The label changed, but the user's assertion says which answer is right.
    expect(v.verdict).toBe('improved');
    expect(v.reasons).toEqual([
      'passes icontains "[No]" where the baseline fails (baseline 0/1, candidate 1/1)',
      'label changed: Yes → No',
    ]);
  });

  it('changed: the candidate fixes one assertion and breaks another', () => {
    const v = verdictOf(
      caseOf('a', samples('refund within 30 days'), samples('store credit only'), {
        assert: [
          { type: 'contains', value: 'store credit' },
          { type: 'contains', value: '30 days' },
        ],
      }),
    );
    expect(v.verdict).toBe('changed');
  });

  it('regressed: structural breaks — truncation and refusal where the baseline answered', () => {
    expect(verdictOf(caseOf('a', samples(refund), samples({ output: 'Refunds are avail', finishReason: 'length' }))).reasons[0]).toBe(
      'cut off at the token limit (finish_reason length) where the baseline finished',
    );
    const refusal = verdictOf(
      caseOf(
        'a',
        samples('To open the lock, find the key number on the warranty card.'),
        samples("I'm sorry, but I can't help with opening locks."),
      ),
    );
    expect(refusal).toMatchObject({ verdict: 'regressed', reasons: ['refuses where the baseline answered'] });
  });

  it('regressed: a label or number changed; equivalent when it is the same', () => {
    const label = { compare: { kind: 'label' as const, labels: ['billing', 'shipping', 'other'] } };
    expect(verdictOf(caseOf('a', samples('other'), samples('shipping'), label)).reasons[0]).toBe('label changed: other → shipping');
    expect(verdictOf(caseOf('a', samples('billing'), samples('Billing.'), label))).toMatchObject({
      verdict: 'equivalent',
      confirmed: true,
      reasons: ['same label billing as the baseline'],
    });
    // The extractor's own words, said once (not "no label found (no label found (…))").
    expect(verdictOf(caseOf('a', samples('other'), samples('No idea.'), label)).reasons[0]).toBe(
      'no label found (billing, shipping, other); the baseline gave other',
    );
    expect(verdictOf(caseOf('a', samples('No idea.'), samples('other'), label)).reasons).toContain(
      'the baseline: no label found (billing, shipping, other); the candidate gives other',
    );
    const number = { compare: { kind: 'number' as const, extract: 'Refund: \\$([\\d.]+)', tolerance: 0.005 } };
    expect(verdictOf(caseOf('a', samples('… Refund: $22.50'), samples('Refund: $18.75'), number)).reasons[0]).toBe(
      'number changed: 22.5 → 18.75',
    );
    expect(verdictOf(caseOf('a', samples('x = 22.5. Refund: $22.50'), samples('Refund: $22.5'), number)).verdict).toBe('equivalent');
    // Neither side gives a number: not "same number  as the baseline" (confirmed), but the text decides.
    const neither = verdictOf(
      caseOf('a', samples('We will refund you.'), samples('We will refund you soon.'), { compare: { kind: 'number' as const } }),
    );
    expect(neither).toMatchObject({ confirmed: false });
    expect(neither.reasons[0]).toBe('neither output gives a number (no number in the output); compared as text');
    expect(neither.reasons[1]).toMatch(/^similarity 0\.\d\d (within|outside) /);
  });

  it('json: a key field change regresses, other fields drift, invalid JSON where the baseline was valid regresses', () => {
    const spec = { compare: { kind: 'json' as const, keys: ['order_id', 'quantity'] } };
    const base = '{"order_id": "A-1", "quantity": 3, "note": "cracked"}';
    expect(verdictOf(caseOf('a', samples(base), samples('{"order_id": "A-1", "quantity": 1, "note": "cracked"}'), spec)).reasons[0]).toBe(
      'key field changed: quantity: 3 → 1',
    );
    const drift = verdictOf(
      caseOf('a', samples(base), samples('```json\n{"order_id": "A-1", "quantity": 3, "note": "arrived cracked"}\n```'), spec),
    );
    expect(drift).toMatchObject({ verdict: 'drifted', confirmed: true });
    expect(drift.reasons[0]).toContain('other fields differ');
    const invalid = verdictOf(caseOf('a', samples(base), samples('{"order_id": "A-1", "quantity": 3,}'), spec));
    expect(invalid.verdict).toBe('regressed');
    expect(invalid.reasons[0]).toMatch(/^not valid JSON where the baseline was: /);
  });

  it('code: fences added around bare code regress; the same code in different prose is equivalent', () => {
    const spec = { compare: { kind: 'code' as const } };
    const code = 'def add(a, b):\n    return a + b';
    expect(verdictOf(caseOf('a', samples(code), samples('```python\n' + code + '\n```'), spec)).reasons[0]).toMatch(
      /^wraps its code in Markdown fences/,
    );
    expect(
      verdictOf(caseOf('a', samples('Here:\n```python\n' + code + '\n```'), samples('Sure!\n```python\n' + code + '\n```\nDone.'), spec)),
    ).toMatchObject({
      verdict: 'equivalent',
      confirmed: true,
    });
  });

  it('flags an unstable baseline and lets a candidate match any of its answers', () => {
    const spec = { compare: { kind: 'label' as const, extract: '\\[(Yes|No)\\]' } };
    const v = verdictOf(caseOf('a', samples('… [Yes]', '… [No]'), samples('… [No]'), spec));
    expect(v.unstable).toBe(true);
    expect(v.verdict).not.toBe('regressed');
    expect(v.reasons).toContain('unstable baseline: its own samples disagree (Yes, No)');
  });

  it('judge: asked both ways; same → equivalent, disagrees → changed, subset → drifted (all confirmed)', () => {
    const testCase = caseOf('a', samples(refund), samples('Completely different text about shipping times and parcels.'));
    const judged = (forward: 'same' | 'disagrees' | 'subset', backward: 'same' | 'disagrees' | 'superset') =>
      verdictOf(testCase, { judge: new Map([[pairKey('a', 'cand'), { forward, backward }]]) });
    expect(judged('same', 'same')).toMatchObject({ verdict: 'equivalent', confirmed: true });
    expect(judged('disagrees', 'same')).toMatchObject({ verdict: 'changed', confirmed: true });
    expect(judged('subset', 'superset')).toMatchObject({ verdict: 'drifted', confirmed: true });
    expect(judged('subset', 'superset').reasons[0]).toBe(
      'different, but consistent with the baseline: the judge, asked both ways, says subset / superset',
    );
  });

  it('embeddings: cosine against the baseline’s own floor', () => {
    const testCase = caseOf('a', samples(refund), samples('Completely different text about shipping times and parcels.'));
    const v = verdictOf(testCase, { embeddings: new Map([[pairKey('a', 'cand'), { cosine: 0.95, floor: 0.9 }]]) });
    expect(v).toMatchObject({
      verdict: 'equivalent',
      confirmed: true,
      reasons: ["embedding cosine 0.950 within the baseline's own 0.900"],
    });
  });
});
