import { describe, expect, it } from 'vitest';
import type { Assertion } from './types.js';
import { describeAssertion } from '../compare/assertions/describe-assertion.js';
import { validateAssertion } from './validate-assertion.js';

describe('validateAssertion', () => {
  it('accepts usable assertions', () => {
    const good: Assertion[] = [
      { type: 'contains', value: 'refund' },
      { type: 'equals', value: '' },
      { type: 'regex', value: '/^answer: (yes|no)$/im' },
      { type: 'json-schema', value: { type: 'object', properties: { email: { type: 'string', format: 'email' } } } },
      { type: 'max-length', value: 400 },
      { type: 'one-of', value: ['a'] },
      { type: 'is-json' },
      { type: 'javascript', value: 'checks.mjs#isPolite' },
    ];
    expect(good.map(validateAssertion)).toEqual(good.map(() => undefined));
  });

  it.each([
    [{ type: 'regex', value: '([A-D]' }, 'invalid regex /([A-D]/: Invalid regular expression: /([A-D]/u: Unterminated group'],
    [{ type: 'regex', value: '/yes/x' }, 'invalid regex /yes/x: unknown regex flag "x" in /yes/x'],
    [
      { type: 'json-schema', value: { type: 'integr' } },
      'invalid JSON Schema: schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf',
    ],
    [{ type: 'json-schema', value: { type: 'object', requried: ['a'] } }, 'invalid JSON Schema: strict mode: unknown keyword: "requried"'],
    [
      { type: 'json-schema', value: { type: 'string', format: 'hostname' } },
      'invalid JSON Schema: unknown format "hostname" ignored in schema at path "#" (supported formats: date, time, date-time, email, uri, uuid, ipv4)',
    ],
    [{ type: 'contains', value: '' }, 'contains needs a non-empty value'],
    [{ type: 'max-length', value: 2.5 }, 'max-length needs a whole number of at least 0, got 2.5'],
    [{ type: 'one-of', value: [] }, 'one-of needs at least one value'],
  ] as [Assertion, string][])('rejects %j', (assertion, message) => {
    expect(validateAssertion(assertion)).toBe(message);
  });
});

describe('describeAssertion', () => {
  it.each([
    [{ type: 'icontains', value: '[Yes]' }, 'icontains "[Yes]"'],
    [{ type: 'starts-with', value: '\n\nAnswer:' }, 'starts-with "\\n\\nAnswer:"'],
    [{ type: 'regex', value: '\\d+' }, 'regex /\\d+/'],
    [{ type: 'regex', value: '/yes/i' }, 'regex /yes/i'],
    [{ type: 'is-json' }, 'is-json'],
    [{ type: 'json-schema', value: { type: 'object' } }, 'json-schema'],
    [{ type: 'json-schema', value: { title: 'Order', type: 'object' } }, 'json-schema "Order"'],
    [{ type: 'max-length', value: 400 }, 'max-length 400'],
    [{ type: 'one-of', value: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, 'one-of "a", "b", "c", "d", "e" and 2 more'],
    [{ type: 'javascript', value: 'checks.mjs#isPolite' }, 'javascript checks.mjs#isPolite'],
  ] as [Assertion, string][])('%j is %j', (assertion, label) => {
    expect(describeAssertion(assertion)).toBe(label);
  });
});
