import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-chunks.js';

describe('jsonChunks', () => {
  const value = {
    version: 1,
    skipped: undefined,
    name: 'a "quoted"\nname',
    empty: [],
    nested: { list: [1, { deep: [true, null] }], none: {} },
    items: Array.from({ length: 3_000 }, (_, i) => ({ id: `case-${i}`, text: 'x'.repeat(i % 50), tags: i % 3 ? ['t'] : [] })),
    after: 'last',
  };

  it('joins to exactly what JSON.stringify writes, compact and indented', () => {
    for (const indent of [0, 2]) {
      const chunks = [...jsonChunks(value, ['items', 'empty', 'name'], indent)];
      expect(chunks.join('')).toBe(JSON.stringify(value, null, indent));
    }
  });

  it('writes a big array in many chunks, none much over 64 KB', () => {
    const chunks = [...jsonChunks(value, ['items'])];
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(70_000);
  });

  it('takes any iterable for a streamed key, as an array', () => {
    function* rows() {
      yield { a: 1 };
      yield { b: [2] };
    }
    expect([...jsonChunks({ rows: rows(), none: (function* () {})() }, ['rows', 'none'], 2)].join('')).toBe(
      JSON.stringify({ rows: [{ a: 1 }, { b: [2] }], none: [] }, null, 2),
    );
  });

  it('writes an empty object as {}', () => {
    expect([...jsonChunks({}, [], 2)].join('')).toBe('{}');
  });
});
