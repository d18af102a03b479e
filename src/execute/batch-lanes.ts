import { redactor } from './chat-sender.js';
import type { BatchLane } from './execute-batches.js';
import { apiKeyOf } from '../suite/api-key.js';
import type { Suite } from '../suite/types.js';

const DEFAULT_POLL_MS = 30_000;

/** Endpoint targets that go through the Batch API: `batch: true` in the suite, or all of them with --batch. */
export function batchTargets(suite: Suite, names: string[], flag: boolean | undefined): Set<string> {
  return new Set(
    names.filter((name) => {
      const target = suite.targets[name]!;
      return target.kind === 'endpoint' && (flag === true || target.batch === true);
    }),
  );
}

/** PINNED_BATCH_POLL_MS: the first wait between polls (default 30 s); it grows to 20 times that. */
export function batchPollMs(env: Record<string, string | undefined>): number {
  const value = Number(env.PINNED_BATCH_POLL_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_POLL_MS;
}

export async function buildBatchLanes(
  suite: Suite,
  names: Iterable<string>,
  env: Record<string, string | undefined>,
): Promise<Record<string, BatchLane>> {
  const { createBatchApi } = await import('./batch-client.js');
  const lanes: Record<string, BatchLane> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind !== 'endpoint') continue;
    const apiKey = apiKeyOf(target, env);
    lanes[name] = {
      api: await createBatchApi(target, apiKey),
      endpoint: target.baseUrl,
      maxRetries: target.maxRetries,
      redact: redactor(apiKey),
    };
  }
  return lanes;
}
