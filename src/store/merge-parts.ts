// What `pinned merge` checks before it writes anything: the inputs are files, distinct, runs of one
// suite version and of one split, and not merged into the output before.
import { existsSync, realpathSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { formatShard, type Shard } from '../plan/shard.js';
import { displayPath } from '../suite/display-path.js';
import { openStore } from './open-store.js';
import type { RunCounts, RunRow, RunStatus } from './types.js';

/** A shard database's run, as the merge sees it. */
export interface MergePart {
  path: string;
  run: RunRow;
  counts: RunCounts;
  shard: Shard | null;
}

/** What identifies a source run wherever its file is copied: the same run merged twice is refused. */
export function partFingerprint(part: Pick<MergePart, 'run' | 'shard'>): string {
  const { run } = part;
  return [run.suiteHash, part.shard ? formatShard(part.shard) : '-', run.host ?? '', run.startedAt, run.id].join(' ');
}

export function checkFiles(out: string, inputs: string[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    if (!existsSync(input))
      throw new UsageError(`${displayPath(input)} does not exist`, 'give the shard databases to merge, e.g. shard-*/pinned.db');
    const real = realpathSync(input);
    if (seen.has(real)) throw new UsageError(`${displayPath(input)} is given twice: each shard is merged once`);
    seen.set(real, input);
  }
  if (existsSync(out) && seen.has(realpathSync(out))) {
    throw new UsageError(
      `the output ${displayPath(out)} is also an input`,
      'merge into a new file, e.g. pinned merge merged.db shard-*.db',
    );
  }
}

export function readPart(path: string): MergePart {
  const store = openStore(path);
  try {
    const run = store.latestRun({ kind: 'run' });
    if (!run)
      throw new UsageError(
        `${displayPath(path)} has no run to merge`,
        'run a shard into it first: pinned run <suite> --shard I/N --db FILE',
      );
    const shard = (run.options.shard as Shard | undefined) ?? null;
    return { path, run, counts: store.runCounts(run.id), shard };
  } finally {
    store.close();
  }
}

/**
 * Refuses parts that cannot make one run: other suites or suite versions, a shard given twice,
 * shards of different splits. Missing shards or unfinished parts are merged with a warning, and
 * the merged run is then incomplete.
 */
export function checkParts(parts: MergePart[]): { status: RunStatus; warnings: string[] } {
  const [first] = parts;
  if (!first) throw new UsageError('nothing to merge: give at least one input database');
  for (const part of parts.slice(1)) {
    if (part.run.suiteName !== first.run.suiteName) {
      throw new UsageError(
        `${displayPath(part.path)} holds a run of suite '${part.run.suiteName}', ${displayPath(first.path)} one of '${first.run.suiteName}': only runs of one suite merge`,
      );
    }
    if (part.run.suiteHash !== first.run.suiteHash) {
      throw new UsageError(
        `${displayPath(part.path)} and ${displayPath(first.path)} ran different versions of suite '${first.run.suiteName}' (${part.run.suiteHash.slice(0, 12)} vs ${first.run.suiteHash.slice(0, 12)}): nothing was merged`,
        'every shard must run the same suite file (same cases, targets and settings)',
      );
    }
  }
  const sharded = parts.filter((part) => part.shard);
  if (sharded.length > 0 && sharded.length < parts.length) {
    const plain = parts.find((part) => !part.shard)!;
    throw new UsageError(`${displayPath(plain.path)} holds an unsharded run and the others shards: merge shards of one split only`);
  }
  const warnings: string[] = [];
  if (sharded.length > 0) {
    const count = first.shard!.count;
    const byIndex = new Map<number, MergePart>();
    for (const part of parts) {
      if (part.shard!.count !== count) {
        throw new UsageError(
          `${displayPath(part.path)} is shard ${formatShard(part.shard!)}, ${displayPath(first.path)} shard ${formatShard(first.shard!)}: shards of different splits do not merge`,
        );
      }
      const twin = byIndex.get(part.shard!.index);
      if (twin) {
        throw new UsageError(
          `shard ${formatShard(part.shard!)} is given twice (${displayPath(twin.path)} and ${displayPath(part.path)}): each shard is merged once`,
        );
      }
      byIndex.set(part.shard!.index, part);
    }
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
    if (missing.length > 0)
      warnings.push(
        `shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')} missing: their cases have no outputs in the merged run`,
      );
  }
  const unfinished = parts.filter((part) => part.run.status !== 'completed');
  for (const part of unfinished)
    warnings.push(
      `${displayPath(part.path)}: run ${part.run.id} is ${part.run.status} (${part.counts.ok}/${part.counts.total} cells done)`,
    );
  return { status: warnings.length === 0 ? 'completed' : 'incomplete', warnings };
}

export function refuseMergedBefore(runs: RunRow[], parts: MergePart[], out: string): void {
  for (const run of runs) {
    if (run.kind !== 'merge') continue;
    const merged = new Set(
      ((run.provenance?.merged as Array<{ fingerprint?: string }> | undefined) ?? []).map((source) => source.fingerprint),
    );
    const again = parts.find((part) => merged.has(partFingerprint(part)));
    if (again) {
      throw new UsageError(
        `${displayPath(again.path)}${again.shard ? ` (shard ${formatShard(again.shard)})` : ''} is already merged into run ${run.id} of ${displayPath(out)}: nothing was merged`,
        'each output is kept once; merge into a new file to merge these again',
      );
    }
  }
}

/** '3 shards', '1 of 2 shards', '2 runs': what went in, and for shards how many there should be. */
export function mergedParts(parts: MergePart[]): string {
  const shards = parts[0]!.shard?.count;
  if (shards === undefined) return `${parts.length} run${parts.length === 1 ? '' : 's'}`;
  return parts.length === shards ? `${shards} shards` : `${parts.length} of ${shards} shards`;
}
