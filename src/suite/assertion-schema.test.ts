import { describe, expect, it } from 'vitest';
import { checkAssertion } from '../compare/assertions/check-assertion.js';
import { compileSchema, schemaCompilations } from './assertion-schema.js';

describe('compileSchema', () => {
  it('compiles a schema once however many outputs it checks', () => {
    const schema = { type: 'object', required: ['cache_test_once'] };
    const before = schemaCompilations();
    for (let i = 0; i < 1000; i += 1) checkAssertion({ type: 'json-schema', value: schema }, `{"cache_test_once": ${i}}`);
    expect(schemaCompilations() - before).toBe(1);
  });

  it('shares the compiled schema between equal schemas written in two places', () => {
    const before = schemaCompilations();
    const first = compileSchema({ type: 'array', minItems: 2, description: 'cache test twin' });
    const second = compileSchema({ type: 'array', minItems: 2, description: 'cache test twin' });
    expect(second).toBe(first);
    expect(schemaCompilations() - before).toBe(1);
  });

  it('remembers a schema that does not compile', () => {
    const before = schemaCompilations();
    compileSchema({ type: 'integr', description: 'cache test broken' });
    compileSchema({ type: 'integr', description: 'cache test broken' });
    expect(schemaCompilations() - before).toBe(1);
  });

  it('keeps two schemas with the same $id apart', () => {
    const one = compileSchema({ $id: 'https://example.com/order', type: 'string' });
    const two = compileSchema({ $id: 'https://example.com/order', type: 'number' });
    expect('validate' in one && one.validate('x')).toBe(true);
    expect('validate' in two && two.validate(1)).toBe(true);
  });
});

describe('string formats', () => {
  it.each([
    ['email', 'ana@example.com', 'ana@example'],
    ['date', '2024-02-29', '2023-02-29'],
    ['date-time', '2024-05-01T10:20:30Z', '2024-05-01 10:20'],
    ['time', '10:20:30+02:00', '25:00:00'],
    ['uri', 'https://example.com/a?b=1', 'example.com'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', '123e4567'],
    ['ipv4', '192.168.0.1', '256.1.1.1'],
  ])('%s accepts %j and rejects %j', (format, good, bad) => {
    const schema = { type: 'string', format };
    expect(checkAssertion({ type: 'json-schema', value: schema }, JSON.stringify(good)).pass).toBe(true);
    expect(checkAssertion({ type: 'json-schema', value: schema }, JSON.stringify(bad))).toEqual({
      pass: false,
      reason: `does not match the JSON schema: (root) must match format "${format}"`,
    });
  });
});
