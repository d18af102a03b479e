// node:crypto, not ./canonical.js: cli.ts parses --shard with this module and stays light to start.
import { createHash } from 'node:crypto';
import type { Cell } from './types.js';

/** One part of a suite split across machines: `index` of `count`, both 1-based as the user writes them. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1 <= I <= N); an error message in words for anything else. */
export function parseShard(text: string): Shard | { error: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return { error: `--shard takes I/N, e.g. 1/4, got '${text}'` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) return { error: `--shard ${text}: N must be at least 1` };
  if (index < 1 || index > count) return { error: `--shard ${text}: I must be between 1 and ${count}` };
  return { index, count };
}

/**
 * The shard (1-based) a case belongs to. By a hash of the case id, not its position, so adding
 * or reordering cases never moves the others, every sample and target of a case stays on one
 * machine (whole cases to compare), and the shards come out about equally large.
 */
export function shardOf(caseId: string, count: number): number {
  return (createHash('sha256').update(caseId).digest().readUInt32BE(0) % count) + 1;
}

export function cellsOfShard(cells: Cell[], shard: Shard): Cell[] {
  const memo = new Map<string, boolean>();
  return cells.filter((cell) => {
    let mine = memo.get(cell.caseId);
    if (mine === undefined) {
      mine = shardOf(cell.caseId, shard.count) === shard.index;
      memo.set(cell.caseId, mine);
    }
    return mine;
  });
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
