import { describe, expect, it } from 'vitest';
import type { CompareSpec } from '../../suite/types.js';
import { extract } from './extract.js';

const yesNo: CompareSpec = { kind: 'label', extract: '\\[(Yes|No)\\]' };
const topics: CompareSpec = { kind: 'label', labels: ['billing', 'shipping', 'refunds'] };

describe('label extraction with a regex', () => {
  it('takes the first capture group of the last match: answers come after the reasoning', () => {
    const output = 'Answer "[Yes]" or "[No]". Step 1: 17077 is odd ... so it is prime. [Yes]';
    expect(extract(yesNo, output)).toEqual({ ok: true, value: 'Yes', display: 'Yes' });
  });

  it('keeps the option letter "(A)" that a normaliser would delete', () => {
    const spec = { kind: 'label', extract: '\\(([A-D])\\)' } as const;
    expect(extract(spec, 'Between (B) and (C), I would pick (A). Very optimistic').value).toBe('A');
  });

  it('uses the whole match when the regex has no group', () => {
    expect(extract({ kind: 'label', extract: '\\[(?:Yes|No)\\]' }, 'So: [No]').value).toBe('[No]');
  });

  it('is case-sensitive as written; the /literal/i form ignores case', () => {
    expect(extract(yesNo, 'The answer is [yes]')).toMatchObject({ ok: false, error: 'no match for /\\[(Yes|No)\\]/' });
    expect(extract({ kind: 'label', extract: '/\\[(yes|no)\\]/i' }, 'The answer is [YES]').value).toBe('YES');
  });

  it('maps the captured text onto `labels` when both are given', () => {
    const spec: CompareSpec = { kind: 'label', extract: 'Category: (\\w+)', labels: ['Billing', 'Shipping'] };
    expect(extract(spec, 'Category: shipping').value).toBe('Shipping');
    expect(extract(spec, 'Category: weather')).toMatchObject({ ok: false, error: 'extracted "weather", not one of Billing, Shipping' });
  });

  it('reports an invalid regex instead of throwing', () => {
    expect(extract({ kind: 'label', extract: '([A-D]' }, '(A)')).toMatchObject({ ok: false });
    expect(extract({ kind: 'label', extract: '([A-D]' }, '(A)').error).toMatch(/^invalid extract regex: /u);
  });
});

describe('label extraction from a list of labels', () => {
  it.each([
    ['Billing.', 'billing'],
    ['**billing**', 'billing'],
    ['"Refunds"', 'refunds'],
    ['  shipping\n', 'shipping'],
  ])('reads a bare answer %j as %j', (output, label) => {
    expect(extract(topics, output).value).toBe(label);
  });

  it('takes the one label mentioned, as a whole word', () => {
    expect(extract(topics, 'This ticket is about a billing problem.').value).toBe('billing');
    // "refundsss" and "prebilling" are not the labels
    expect(extract(topics, 'prebilling refundsss').error).toBe('no label found (billing, shipping, refunds)');
  });

  it('lets the last label win when the output ends with it', () => {
    expect(extract(topics, 'It mentions billing, but the problem is late delivery, so the answer is **Shipping**.').value).toBe('shipping');
  });

  it('calls several mentions ambiguous otherwise', () => {
    expect(extract(topics, 'Either billing or shipping could apply here.')).toEqual({
      ok: false,
      value: undefined,
      display: '',
      error: 'ambiguous: mentions billing and shipping',
    });
  });

  it('does not take a final label that is negated', () => {
    expect(extract(topics, 'This is about billing, not shipping.').error).toBe('ambiguous: mentions billing and shipping');
  });

  it('does not count a label inside a longer one', () => {
    expect(extract({ kind: 'label', labels: ['sure', 'not sure'] }, 'Honestly I am not sure about it').value).toBe('not sure');
  });

  it('without extract or labels, the answer is the output stripped of decoration', () => {
    expect(extract({ kind: 'label' }, ' *Positive.* ').value).toBe('Positive');
    expect(extract({ kind: 'label' }, '...').error).toBe('empty output');
  });
});
