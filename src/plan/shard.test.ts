import { describe, expect, it } from 'vitest';
import { cellsOfShard, parseShard, shardOf } from './shard.js';
import type { Cell } from './types.js';

describe('shards', () => {
  it('parses I/N and says what is wrong otherwise', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('0/4')).toEqual({ error: '--shard 0/4: I must be between 1 and 4' });
    expect(parseShard('5/4')).toEqual({ error: '--shard 5/4: I must be between 1 and 4' });
    expect(parseShard('1/0')).toEqual({ error: '--shard 1/0: N must be at least 1' });
    expect(parseShard('two')).toEqual({ error: "--shard takes I/N, e.g. 1/4, got 'two'" });
    expect(parseShard('1.5/4')).toHaveProperty('error');
  });

  it('puts a case in the same shard on every machine and release (fixed values: changing them would move users’ cases)', () => {
    expect(shardOf('case-000', 1)).toBe(1);
    expect([shardOf('refund-window', 4), shardOf('classify', 4), shardOf('case-000', 8)]).toMatchInlineSnapshot(`
      [
        4,
        2,
        8,
      ]
    `);
  });

  // A uniform hash gives each of 8 shards of 20,000 cases a standard deviation of about 1.9% of its share.
  it('splits 20,000 cases into shards within 10% of an equal share, every case in exactly one', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `case-${i}`);
    for (const count of [2, 3, 8]) {
      const sizes = new Array<number>(count).fill(0);
      for (const id of ids) sizes[shardOf(id, count) - 1]!++;
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(ids.length);
      for (const size of sizes) expect(Math.abs(size - ids.length / count) / (ids.length / count)).toBeLessThan(0.1);
    }
  });

  it('keeps every target and sample of a case together', () => {
    const cells: Cell[] = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((caseId) =>
      ['base', 'cand'].flatMap((target) =>
        [0, 1].map((sample) => ({
          caseId,
          target,
          sample,
          request: { kind: 'replay' as const, recording: 'r', caseId, messages: [] },
          requestHash: caseId,
        })),
      ),
    );
    const parts = [1, 2, 3].map((index) => cellsOfShard(cells, { index, count: 3 }));
    expect(parts.flat().length).toBe(cells.length);
    for (const part of parts) {
      for (const caseId of new Set(part.map((c) => c.caseId))) expect(part.filter((c) => c.caseId === caseId)).toHaveLength(4);
    }
  });
});
