import { resolve } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { checkFiles, checkParts, mergedParts, partFingerprint, readPart, refuseMergedBefore } from '../store/merge-parts.js';
import { openStore } from '../store/open-store.js';
import { displayPath } from '../suite/display-path.js';
import type { Io } from '../terminal/io.js';
import { toolVersion } from '../version.js';

export interface MergeOptions {
  out: string;
  inputs: string[];
}

/** `pinned merge OUT IN...`: the latest run of each input, checked to be parts of one suite version, as one run in OUT. */
export function mergeCommand(options: MergeOptions, io: Io): number {
  const out = resolve(options.out);
  const inputs = options.inputs.map((input) => resolve(input));
  checkFiles(out, inputs);
  const parts = inputs.map(readPart);
  const { status, warnings } = checkParts(parts);

  const store = openStore(out);
  try {
    refuseMergedBefore(
      store.listRuns().map((summary) => summary.run),
      parts,
      out,
    );
    const run = store.mergeRuns({
      sources: parts.map((part) => ({ path: part.path, runId: part.run.id })),
      status,
      options: {
        merged: parts.length,
        ...(parts[0]!.shard && { shards: parts[0]!.shard.count }),
        targets: [...new Set(parts.flatMap((part) => (part.run.options.targets as string[] | undefined) ?? []))],
      },
      provenance: {
        merged: parts.map((part) => ({
          file: displayPath(part.path),
          run: part.run.id,
          shard: part.shard,
          status: part.run.status,
          started_at: part.run.startedAt,
          host: part.run.host,
          tool_version: part.run.toolVersion,
          fingerprint: partFingerprint(part),
        })),
      },
      toolVersion: toolVersion(),
    });
    const counts = store.runCounts(run.id);
    for (const warning of warnings) io.err(`warning: ${warning}`);
    io.out(
      `merged ${mergedParts(parts)} of ${run.suiteName} into run ${run.id} of ${displayPath(out)}: ` +
        `${counts.ok}/${counts.total} cells done, ${counts.error} errors, ${counts.missing} missing (${status})`,
    );
    io.err(`compare it: pinned compare ${run.id} --db ${displayPath(out)}`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
