import { describe, expect, it } from 'vitest';
import type { Assertion } from '../../suite/types.js';
import { checkAssertion } from './check-assertion.js';

type Checked = Exclude<Assertion, { type: 'javascript' }>;

// [assertion, output, pass, reason]: one worked example per line, pass and fail for each type.
const examples: [Checked, string, boolean, string][] = [
  [{ type: 'contains', value: 'refund' }, 'We will refund you.', true, 'contains "refund"'],
  [{ type: 'contains', value: 'refund' }, 'A Refund is coming.', false, 'does not contain "refund"'],
  [{ type: 'icontains', value: '[Yes]' }, 'so: [YES]', true, 'contains "[Yes]" (ignoring case)'],
  [{ type: 'icontains', value: '[Yes]' }, 'so: Yes', false, 'does not contain "[Yes]" (ignoring case)'],
  [{ type: 'not-contains', value: 'As an AI' }, 'Sure.', true, 'does not contain "As an AI"'],
  [{ type: 'not-contains', value: 'As an AI' }, 'As an AI model, I cannot', false, 'contains "As an AI", which is not allowed'],
  [{ type: 'regex', value: '\\d{3}-\\d{4}' }, 'Call 555-1234 today', true, 'matches /\\d{3}-\\d{4}/ at "555-1234"'],
  [{ type: 'regex', value: '/^answer:/im' }, 'Reasoning...\nANSWER: 4', true, 'matches /^answer:/im at "ANSWER:"'],
  [{ type: 'regex', value: '^\\d+$' }, '42 apples', false, 'does not match /^\\d+$/'],
  [{ type: 'equals', value: 'Billing' }, '  Billing\n', true, 'equals "Billing"'],
  [{ type: 'equals', value: 'Billing' }, 'billing', false, 'is "billing", not "Billing"'],
  [{ type: 'starts-with', value: '{' }, '\n {"a": 1}', true, 'starts with "{"'],
  [{ type: 'starts-with', value: 'Dear' }, 'Hi', false, 'starts with "Hi", not "Dear"'],
  [{ type: 'starts-with', value: '{' }, 'Sure! Here is the JSON: {"a": 1}', false, 'starts with "Sure! Here is the JS…", not "{"'],
  [{ type: 'is-json' }, '{"a": 1}', true, 'valid JSON'],
  [{ type: 'is-json' }, '```json\n{"a": 1}\n```', true, 'valid JSON (inside a code fence)'],
  [{ type: 'is-json' }, '{"a": 1, "b": }', false, "not valid JSON: expected a value, found '}' at line 1 column 15"],
  [{ type: 'is-json' }, 'Here you go: {"a": 1}', false, "not valid JSON: expected a value, found 'H' at line 1 column 1"],
  [{ type: 'is-json' }, '', false, 'not valid JSON: empty output'],
  [{ type: 'min-length', value: 5 }, ' Hello ', true, '5 characters, at least 5'],
  [{ type: 'min-length', value: 20 }, 'Too short.', false, '10 characters, fewer than the 20 required'],
  [{ type: 'max-length', value: 300 }, 'x'.repeat(300), true, '300 characters, within the 300 allowed'],
  [{ type: 'max-length', value: 300 }, 'x'.repeat(321), false, '321 characters, more than the 300 allowed'],
  [{ type: 'max-length', value: 1 }, '👍', true, '1 character, within the 1 allowed'],
  [{ type: 'one-of', value: ['Billing', 'Shipping', 'Refunds'] }, 'Shipping\n', true, 'is "Shipping", one of the 3 allowed values'],
  [
    { type: 'one-of', value: ['Billing', 'Shipping', 'Refunds'] },
    'shipping',
    false,
    'is "shipping", not one of "Billing", "Shipping", "Refunds"',
  ],
];

describe('checkAssertion', () => {
  it.each(examples)('%j on %j', (assertion, output, pass, reason) => {
    expect(checkAssertion(assertion, output)).toEqual({ pass, reason });
  });

  it('cuts long values in reasons', () => {
    const { reason } = checkAssertion({ type: 'equals', value: 'short' }, 'a'.repeat(100));
    expect(reason).toBe(`is "${'a'.repeat(59)}…", not "short"`);
  });

  it('fails, without throwing, on a regex that was never validated', () => {
    expect(checkAssertion({ type: 'regex', value: '([a-z]' }, 'abc')).toEqual({
      pass: false,
      reason: 'invalid regex /([a-z]/: Invalid regular expression: /([a-z]/u: Unterminated group',
    });
  });
});

describe('checkAssertion json-schema', () => {
  const order = {
    type: 'object',
    required: ['sku', 'quantity'],
    properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 }, email: { type: 'string', format: 'email' } },
    additionalProperties: false,
  };

  it('passes a matching output, fenced or not', () => {
    expect(checkAssertion({ type: 'json-schema', value: order }, '{"sku": "A-1", "quantity": 2}')).toEqual({
      pass: true,
      reason: 'matches the JSON schema',
    });
    expect(checkAssertion({ type: 'json-schema', value: order }, '```json\n{"sku": "A-1", "quantity": 2}\n```').reason).toBe(
      'matches the JSON schema (inside a code fence)',
    );
  });

  it('lists the first problems by path', () => {
    expect(checkAssertion({ type: 'json-schema', value: order }, '{"sku": "A-1", "quantity": 1.5}')).toEqual({
      pass: false,
      reason: 'does not match the JSON schema: /quantity must be integer',
    });
    expect(checkAssertion({ type: 'json-schema', value: order }, '{"quantity": 0, "email": "nobody", "note": "x", "sku": 7}')).toEqual({
      pass: false,
      reason:
        'does not match the JSON schema: (root) must not have the extra property "note"; /sku must be string; /quantity must be >= 1; and 1 more',
    });
  });

  it('reports unparsable output like is-json', () => {
    expect(checkAssertion({ type: 'json-schema', value: order }, '{"sku": "A-1",}').reason).toBe(
      "not valid JSON: trailing comma before '}' at line 1 column 15",
    );
  });

  it('checks enum values and the 2020-12 draft', () => {
    const status = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { status: { enum: ['open', 'closed'] } },
    };
    expect(checkAssertion({ type: 'json-schema', value: status }, '{"status": "pending"}').reason).toBe(
      'does not match the JSON schema: /status must be one of "open", "closed"',
    );
  });
});
