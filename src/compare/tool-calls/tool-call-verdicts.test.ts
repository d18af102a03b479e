import { describe, expect, it } from 'vitest';
import { calls, caseOf, samples, verdictOf } from '../compare.test-helpers.js';
import type { CaseInput } from '../input.js';

const getOrder = calls(['get_order', { order_id: '123' }]);
const withExpected = (testCase: CaseInput, expected: unknown): CaseInput => ({ ...testCase, expected });

describe('tool calls compared as typed values', () => {
  it('the same calls, arguments in another key order and spacing, are the same output', () => {
    const v = verdictOf(caseOf('c', samples(getOrder), samples(calls(['get_order', '{ "order_id" : "123" }']))));
    expect(v.verdict).toBe('same');
  });

  it('a different function with nothing saying which is right is changed, never same', () => {
    const v = verdictOf(caseOf('c', samples(getOrder), samples(calls(['cancel_order', { order_id: '123' }]))));
    expect(v).toMatchObject({ verdict: 'changed', confirmed: true });
    expect(v.reasons[0]).toBe(
      'tool calls differ: calls cancel_order({"order_id":"123"}) where the baseline calls get_order({"order_id":"123"})',
    );
    expect(v.reasons[1]).toMatch(/^nothing says which call is right/);
  });

  it('an argument changed is named key by key, with its JSON values', () => {
    const v = verdictOf(
      caseOf('c', samples(calls(['get_order', { order_id: '123', expand: ['items'] }])), samples(calls(['get_order', { order_id: 123 }]))),
    );
    expect(v.verdict).toBe('changed');
    expect(v.reasons[0]).toBe('tool calls differ: get_order: expand: ["items"] → missing; get_order: order_id: "123" → 123');
  });

  it('a dropped call and an extra call are named', () => {
    const both = calls(['get_order', { order_id: '123' }], ['get_customer', { id: 7 }]);
    expect(verdictOf(caseOf('c', samples(both), samples(getOrder))).reasons[0]).toBe(
      'tool calls differ: drops the call get_customer({"id":7})',
    );
    expect(verdictOf(caseOf('c', samples(getOrder), samples(both))).reasons[0]).toBe(
      'tool calls differ: adds a call get_customer({"id":7})',
    );
    expect(verdictOf(caseOf('c', samples(getOrder), samples('Your order 123 has shipped.'))).reasons[0]).toBe(
      'tool calls differ: drops the call get_order({"order_id":"123"})',
    );
  });

  it('parallel calls in another order are the same calls', () => {
    const a = calls(['get_order', { order_id: '1' }], ['get_order', { order_id: '2' }]);
    const b = calls(['get_order', { order_id: '2' }], ['get_order', { order_id: '1' }]);
    expect(verdictOf(caseOf('c', samples(a), samples(b))).verdict).toBe('same');
  });

  it('arguments that are not valid JSON where the baseline gave valid JSON are a structural regression', () => {
    const v = verdictOf(caseOf('c', samples(getOrder), samples(calls(['get_order', '{"order_id": "123"']))));
    expect(v).toMatchObject({ verdict: 'regressed', confirmed: true });
    expect(v.reasons[0]).toMatch(/^tool call arguments are not valid JSON where the baseline's are: get_order \(/);
    const repaired = verdictOf(caseOf('c', samples(calls(['get_order', "{'order_id': '123'}"])), samples(getOrder)));
    expect(repaired.verdict).toBe('improved');
  });

  it('a tool-call assertion decides which call is right', () => {
    const assert = [{ type: 'tool-call' as const, value: { name: 'get_order', arguments: { order_id: '123' } } }];
    const wrong = verdictOf(caseOf('c', samples(getOrder), samples(calls(['cancel_order', { order_id: '123' }])), { assert }));
    expect(wrong.verdict).toBe('regressed');
    expect(wrong.reasons[0]).toMatch(/^fails tool-call get_order \(order_id="123"\) where the baseline passes .*: calls cancel_order/);
    const right = verdictOf(caseOf('c', samples(calls(['get_order', { order_id: '999' }])), samples(getOrder), { assert }));
    expect(right.verdict).toBe('improved');
  });

  it('checks that do not look at tool calls cannot settle a changed call', () => {
    const assert = [{ type: 'max-length' as const, value: 2000 }];
    const v = verdictOf(caseOf('c', samples(getOrder), samples(calls(['cancel_order', { order_id: '123' }])), { assert }));
    expect(v.verdict).toBe('changed');
    expect(v.reasons[1]).toMatch(/none looks at tool calls/);
  });

  it('arguments by JSON path and JSON Schema', () => {
    const byPath = [{ type: 'tool-call' as const, value: { name: 'create_order', arguments: { '$.items[0].sku': 'A-1' } } }];
    const good = calls(['create_order', { items: [{ sku: 'A-1', qty: 1 }] }]);
    const bad = calls(['create_order', { items: [{ sku: 'B-2', qty: 1 }] }]);
    const v = verdictOf(caseOf('c', samples(good), samples(bad), { assert: byPath }));
    expect(v.verdict).toBe('regressed');
    expect(v.reasons[0]).toContain(`create_order's $.items[0].sku is "B-2", not "A-1"`);
    const schema = { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 1 } } };
    const bySchema = [{ type: 'tool-call' as const, value: { name: 'create_order', schema } }];
    const empty = calls(['create_order', { items: [] }]);
    expect(verdictOf(caseOf('c', samples(good), samples(empty), { assert: bySchema })).reasons[0]).toMatch(
      /create_order's arguments do not match the JSON schema: \/items must NOT have fewer than 1 items/,
    );
  });

  it('no-tool-call: answering instead of calling', () => {
    const assert = [{ type: 'no-tool-call' as const }];
    const v = verdictOf(caseOf('c', samples('I cannot look up orders.'), samples(getOrder), { assert }));
    expect(v.verdict).toBe('regressed');
    expect(v.reasons[0]).toContain('calls get_order({"order_id":"123"})');
  });

  it('compare: tool-calls with expected: decides the calls; text is not compared', () => {
    const spec = { compare: { kind: 'tool-calls' as const } };
    const expected = [{ name: 'get_order', arguments: { order_id: '123' } }];
    const v = verdictOf(withExpected(caseOf('c', samples(calls(['get_order', { order_id: '9' }])), samples(getOrder), spec), expected));
    expect(v).toMatchObject({
      verdict: 'improved',
      expected: { display: 'get_order({"order_id":"123"})', baseline: { right: 0 }, candidate: { right: 1 } },
    });
    const same = verdictOf(
      caseOf('c', samples({ ...getOrder, output: 'Looking it up.' }), samples({ ...getOrder, output: 'One moment.' }), spec),
    );
    expect(same.verdict).toBe('equivalent');
    const keys = { compare: { kind: 'tool-calls' as const, keys: ['order_id'] } };
    const drift = verdictOf(caseOf('c', samples(getOrder), samples(calls(['get_order', { order_id: '123', verbose: true }])), keys));
    expect(drift).toMatchObject({ verdict: 'drifted' });
    expect(drift.reasons[0]).toBe(
      'same tool-calls get_order({"order_id":"123","verbose":true}) as the baseline; other differences: get_order: verbose: missing → true',
    );
    const answered = verdictOf(caseOf('c', samples(getOrder), samples('It shipped.'), spec));
    expect(answered.verdict).toBe('regressed');
  });

  it('the same calls with different text around them go on to compare the text', () => {
    const v = verdictOf(
      caseOf('c', samples({ ...getOrder, output: 'Let me check order 123.' }), samples({ ...getOrder, output: 'Checking.' })),
    );
    expect(v.reasons[0]).toBe('same tool calls as the baseline (get_order({"order_id":"123"}))');
    expect(v.confirmed).toBe(false);
  });

  it('a baseline whose samples call differently admits either call', () => {
    const v = verdictOf(
      caseOf('c', samples(getOrder, calls(['get_order', { order_id: 123 }])), samples(calls(['get_order', { order_id: 123 }]))),
    );
    expect(v.unstable).toBe(true);
    expect(v.verdict).not.toBe('changed');
  });
});
