import { describe, expect, it } from 'vitest';
import type { CompareSpec } from '../../suite/types.js';
import { compareTyped } from './compare-typed.js';
import { extract } from './extract.js';

function compare(spec: CompareSpec, baseline: string, candidate: string) {
  return compareTyped(spec, extract(spec, baseline), extract(spec, candidate));
}

describe('compareTyped: labels and numbers', () => {
  const yesNo: CompareSpec = { kind: 'label', extract: '/\\[(yes|no)\\]/i' };

  it('compares labels ignoring case, and notes a case-only change', () => {
    expect(compare(yesNo, 'So [Yes]', '[yes]')).toEqual({ equal: true, keyDifferences: [], otherDifferences: ['case only: Yes → yes'] });
    expect(compare(yesNo, 'So [Yes]', '[No]')).toEqual({ equal: false, keyDifferences: ['Yes → No'], otherDifferences: [] });
  });

  it('is never equal when a side has no answer, and says which', () => {
    expect(compare(yesNo, 'So [Yes]', 'No')).toEqual({
      equal: false,
      keyDifferences: ['candidate: no match for /\\[(yes|no)\\]/i'],
      otherDifferences: [],
    });
    expect(compare(yesNo, 'maybe', 'unsure').keyDifferences).toHaveLength(2);
  });

  it('compares numbers within the tolerance', () => {
    expect(compare({ kind: 'number' }, 'Total: $22.50', '22.5 dollars').equal).toBe(true);
    expect(compare({ kind: 'number' }, '22.5', '22.51')).toEqual({ equal: false, keyDifferences: ['22.5 → 22.51'], otherDifferences: [] });
    expect(compare({ kind: 'number', tolerance: 0.05 }, '22.5', '22.51')).toEqual({
      equal: true,
      keyDifferences: [],
      otherDifferences: ['22.5 → 22.51, within tolerance 0.05'],
    });
  });
});

describe('compareTyped: JSON', () => {
  const baseline = '{"order_id": "A-1", "quantity": 3, "tags": ["a", "b"], "customer": {"email": "x@y.z", "country": "FR"}}';
  const candidate =
    '```json\n{"order_id": "A-1", "quantity": 1.0, "tags": ["a"], "customer": {"email": "x@y.z", "country": "France"}}\n```';

  it('lists every leaf difference by path when no keys are given', () => {
    expect(compare({ kind: 'json' }, baseline, candidate)).toEqual({
      equal: false,
      keyDifferences: ['customer.country: "FR" → "France"', 'quantity: 3 → 1', 'tags[1]: "b" → missing'],
      otherDifferences: ['code fence: none → fenced'],
    });
  });

  it('decides on the keys only, nested paths included, and reports the rest apart', () => {
    expect(compare({ kind: 'json', keys: ['order_id', 'customer.email'] }, baseline, candidate)).toEqual({
      equal: true,
      keyDifferences: [],
      otherDifferences: ['customer.country: "FR" → "France"', 'quantity: 3 → 1', 'tags[1]: "b" → missing', 'code fence: none → fenced'],
    });
    expect(compare({ kind: 'json', keys: ['customer.country', 'tags'] }, baseline, candidate)).toMatchObject({
      equal: false,
      keyDifferences: ['customer.country: "FR" → "France"', 'tags[1]: "b" → missing'],
    });
  });

  it('compares numbers numerically and ignores key order', () => {
    expect(compare({ kind: 'json' }, '{"a": 3, "b": 1e2}', '{"b": 100, "a": 3.0}').equal).toBe(true);
  });

  it('tells a changed shape at the path where it changes', () => {
    expect(compare({ kind: 'json', keys: ['customer.email'] }, '{"customer": {"email": "a"}}', '{"customer": null}')).toEqual({
      equal: false,
      keyDifferences: ['customer.email: "a" → missing'],
      otherDifferences: [],
    });
    expect(compare({ kind: 'json' }, '{"customer": {"email": "a"}}', '{"customer": null}').keyDifferences).toEqual([
      'customer: {"email":"a"} → null',
    ]);
  });

  it('treats a key missing on both sides as equal', () => {
    expect(compare({ kind: 'json', keys: ['refund'] }, '{"a": 1}', '{"a": 2}')).toMatchObject({
      equal: true,
      otherDifferences: ['a: 1 → 2'],
    });
  });

  it('puts the parse error of the failing side in the differences', () => {
    expect(compare({ kind: 'json' }, baseline, '{"order_id": "A-1",}').keyDifferences).toEqual([
      "candidate: invalid JSON: trailing comma before '}' at line 1 column 20",
    ]);
  });

  it('caps long lists', () => {
    const many = (value: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${String(i).padStart(2, '0')}`, value])));
    const { keyDifferences } = compare({ kind: 'json' }, many(1), many(2));
    expect(keyDifferences).toHaveLength(51);
    expect(keyDifferences.at(-1)).toBe('… and 10 more');
  });
});

describe('compareTyped: code and text', () => {
  it('ignores trailing spaces, blank lines and line endings, and notes the fence', () => {
    const bare = 'class Solution:\r\n    def f(self):   \r\n\r\n        return 1 ';
    const fenced = '```python\nclass Solution:\n    def f(self):\n        return 1\n```';
    expect(compare({ kind: 'code' }, bare, fenced)).toEqual({
      equal: true,
      keyDifferences: [],
      otherDifferences: ['whitespace only', 'code fence: none → fenced'],
    });
  });

  it('counts the lines that differ; indentation counts', () => {
    expect(compare({ kind: 'code' }, 'def f():\n    return 1\nx = 2', 'def f():\n  return 1\nx = 2')).toEqual({
      equal: false,
      keyDifferences: ['2 lines differ (1 only in baseline, 1 only in candidate)'],
      otherDifferences: [],
    });
  });

  it('compares text exactly and leaves similarity to the text metrics', () => {
    expect(compare({ kind: 'text' }, 'Hello', 'Hello')).toEqual({ equal: true, keyDifferences: [], otherDifferences: [] });
    expect(compare({ kind: 'text' }, 'Hello', 'Hello.').equal).toBe(false);
  });
});
