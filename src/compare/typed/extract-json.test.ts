import { describe, expect, it } from 'vitest';
import { extract } from './extract.js';

const json = { kind: 'json' } as const;

describe('JSON extraction', () => {
  it('parses a bare object and sorts its keys', () => {
    expect(extract(json, '{"quantity": 3, "order_id": "A-1"}')).toEqual({
      ok: true,
      value: { order_id: 'A-1', quantity: 3 },
      display: '{"order_id":"A-1","quantity":3}',
      fenced: false,
    });
  });

  it('strips a surrounding fence and says so', () => {
    expect(extract(json, '```json\n{"a": [1, 2]}\n```')).toMatchObject({ ok: true, value: { a: [1, 2] }, fenced: true });
    expect(extract(json, '```\n[1]\n```')).toMatchObject({ ok: true, value: [1], fenced: true });
  });

  it('takes the fenced block out of prose, a json one first', () => {
    const output = 'Run this:\n```sh\ncurl -s x\n```\nThe result:\n```json\n{"ok": true}\n```\nLet me know!';
    expect(extract(json, output)).toMatchObject({ ok: true, value: { ok: true }, fenced: true });
  });

  it('finds unfenced JSON in prose, skipping a bracketed aside before it', () => {
    expect(extract(json, 'Sure [as requested]: {"b": 2, "a": {"d": 1, "c": 0}} Done.')).toMatchObject({
      ok: true,
      value: { a: { c: 0, d: 1 }, b: 2 },
      fenced: false,
    });
  });

  it('cuts long displays at about 200 characters', () => {
    const display = extract(json, JSON.stringify({ text: 'x'.repeat(500) })).display;
    expect(display).toHaveLength(200);
    expect(display.endsWith('…')).toBe(true);
  });

  it.each([
    ['{"quantity": }', "invalid JSON: expected a value, found '}' at line 1 column 14"],
    ['{"a": 1,\n "b": 2,}', "invalid JSON: trailing comma before '}' at line 2 column 9"],
    ["{'a': 1}", 'invalid JSON: expected a property name in double quotes, found "\'" (JSON strings use double quotes) at line 1 column 2'],
    ['Result:\n{\n  "a": 1\n  "b": 2\n}', "invalid JSON: expected ',' or '}', found '\"' at line 4 column 3"],
    ['{"order": {"id": 1', "invalid JSON: unexpected end of input, expected ',' or '}'"],
    // the error is about the object, not the bracketed aside before it, and positioned in the output
    ['Sure [as requested]:\n{"a": 1,}', "invalid JSON: trailing comma before '}' at line 2 column 9"],
    ['{"a": 1, // the order\n "b": 2}', 'invalid JSON: comments are not allowed in JSON at line 1 column 10'],
    // lines and columns are the output's, fence included
    ['```json\n{"a": "two\nlines"}\n```', 'invalid JSON: line break inside a string at line 2 column 11'],
    ['I could not find an order.', 'no JSON found'],
  ])('explains why %j is not JSON', (output, error) => {
    expect(extract(json, output)).toMatchObject({ ok: false, error });
  });
});
