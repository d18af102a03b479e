import { expect, test } from 'vitest';
import { renderTemplate } from './template.js';

test('values by name or dotted path; text as is, other values as text or JSON', () => {
  const vars = { name: 'Ada', n: 3, ok: false, user: { plan: { tier: 'pro' } }, list: [1, 'a'], 'order.id': 'A-1' };
  expect(renderTemplate('{{name}} {{ n }} {{ok}} {{user.plan.tier}} {{list}} {{user.plan}} {{order.id}}', vars)).toEqual({
    text: 'Ada 3 false pro [1,"a"] {"tier":"pro"} A-1',
    missing: [],
    unclosed: [],
  });
});

test('missing values are listed once and left in the text; null counts as missing', () => {
  expect(renderTemplate('{{a}} {{ a }} {{user.nope}} {{blank}} ${js}', { user: {}, blank: null })).toEqual({
    text: '{{a}} {{ a }} {{user.nope}} {{blank}} ${js}',
    missing: ['a', 'user.nope', 'blank'],
    unclosed: [],
  });
});

test('a {{ that nothing closes is reported, with the word after it', () => {
  expect(renderTemplate('Hi {{name, and {{ok}} then {{ other thing', { ok: 1 }).unclosed).toEqual(['{{name,', '{{ other']);
  expect(renderTemplate('JSON: {"a": {"b": 1}}', {}).unclosed).toEqual([]);
});
