import { describe, expect, it } from 'vitest';
import type { CompareSpec } from './types.js';
import { validateSpec } from './validate-spec.js';

describe('validateSpec', () => {
  it('accepts usable specs', () => {
    expect(validateSpec({ kind: 'label', extract: '\\[(Yes|No)\\]' })).toBeUndefined();
    expect(validateSpec({ kind: 'label', extract: '/answer: (\\w+)/i', labels: ['Yes', 'No'] })).toBeUndefined();
    expect(validateSpec({ kind: 'number', extract: '\\\\boxed\\{([^}]*)\\}', tolerance: 0.01 })).toBeUndefined();
    expect(validateSpec({ kind: 'json', keys: ['order_id', 'customer.email', 'items[0].sku', '["odd.key"]'] })).toBeUndefined();
    expect(validateSpec({ kind: 'code' })).toBeUndefined();
  });

  it.each([
    [{ kind: 'label', extract: '([A-D]' }, /^invalid extract regex: .*Unterminated group/u],
    [{ kind: 'label', extract: '/(yes|no)/q' }, /^invalid extract regex: unknown regex flag "q"/u],
    [{ kind: 'label', extract: '(\\d*)' }, /matches the empty string/u],
    [{ kind: 'label', labels: [] }, /^labels is empty$/u],
    [{ kind: 'label', labels: ['Yes', 'yes'] }, /lists "yes" twice/u],
    [{ kind: 'number', tolerance: -1 }, /^tolerance must be a number of at least 0, got -1$/u],
    [{ kind: 'json', keys: ['customer..email'] }, /^keys: cannot read key path "customer..email" at character 9$/u],
    [{ kind: 'json', keys: [] }, /^keys is empty/u],
  ] as [CompareSpec, RegExp][])('rejects %j', (spec, message) => {
    expect(validateSpec(spec)).toMatch(message);
  });
});
