import { existsSync } from 'node:fs';
import { compareRun, unsettled } from '../compare/compare-run.js';
import type { CompareInput } from '../compare/input.js';
import type { Comparison } from '../compare/types.js';
import { formatUsd } from '../domain/prices.js';
import type { Store } from '../store/open-store.js';
import { endpointFromStored } from '../store/stored-target.js';
import type { RunData } from '../store/types.js';
import { requireEnvironment } from '../suite/api-key.js';
import { loadSuite } from '../suite/load-suite.js';
import { DEFAULT_MIN_COSINE } from '../suite/resolve-settings.js';
import type { EndpointTarget, Suite } from '../suite/types.js';
import type { Io } from '../terminal/io.js';
import { embedPairs } from './embed-pairs.js';
import { judgePairs } from './judge-pairs.js';

type Helpers = { judge?: EndpointTarget; embeddings?: EndpointTarget & { minCosine: number } };

/** What asking the helpers needs of a loaded suite: which version it is, and its judge and embeddings models. */
export type HelperSettings = Pick<Suite, 'hash' | 'judge' | 'embeddings'>;

/**
 * The judge and the embeddings model, asked only about the cases local evidence left unsettled
 * (lexical similarity alone, outside the noise floor); the comparison is then made again with
 * their say. Without either, or with nothing unsettled, the comparison is returned as it is.
 */
export async function askHelpers(
  comparison: Comparison,
  input: CompareInput,
  data: RunData,
  store: Store,
  options: { signal: AbortSignal; suite?: HelperSettings },
  io: Io,
): Promise<Comparison> {
  const pairs = unsettled(comparison);
  if (pairs.length === 0) return comparison;
  const helpers = await helperModels(data, options.suite, io.env);
  if (!helpers.judge && !helpers.embeddings) return comparison;
  requireEnvironment(Object.values(helpers), io.env, 'cannot ask the judge or embeddings model');
  const cases = new Map(data.cases.map((c) => [c.id, c]));
  const usage = { judgeCalls: 0, judgeTokens: 0, embeddingCalls: 0, embeddingTokens: 0 };
  if (helpers.judge) {
    io.err(`asking the judge (${helpers.judge.model}) about ${pairs.length} case${pairs.length === 1 ? '' : 's'} outside the noise floor`);
    const result = await judgePairs(pairs, input, cases, helpers.judge, store, io.env, options.signal);
    input.external = { ...input.external, judge: result.judge };
    Object.assign(usage, result.usage);
    const { judgeCalls, judgeTokens, judgeCostUsd } = result.usage;
    io.err(
      `judge: ${judgeCalls} new call${judgeCalls === 1 ? '' : 's'}, ${judgeTokens.toLocaleString('en-US')} tokens, ${judgeCostUsd == null ? 'cost unknown (no price for its model)' : formatUsd(judgeCostUsd)}`,
    );
  }
  if (helpers.embeddings) {
    const result = await embedPairs(pairs, input, helpers.embeddings, store, io.env);
    input.external = { ...input.external, embeddings: result.embeddings };
    Object.assign(usage, result.usage);
  }
  return compareRun({ ...input, helpers: usage });
}

/** The judge and embeddings endpoints: from the loaded suite (secrets intact), else its unchanged file, else the database. */
async function helperModels(data: RunData, suite: HelperSettings | undefined, env: Io['env']): Promise<Helpers> {
  let source: HelperSettings | undefined = suite?.hash === data.run.suiteHash ? suite : undefined;
  if (!source && existsSync(data.run.suitePath)) {
    source = await loadSuite(data.run.suitePath, { env }).then(
      (loaded) => (loaded.hash === data.run.suiteHash ? loaded : undefined),
      () => undefined,
    );
  }
  if (source) return { ...(source.judge && { judge: source.judge }), ...(source.embeddings && { embeddings: source.embeddings }) };
  const { judge, embeddings } = data.settings;
  return {
    ...(judge && { judge: endpointFromStored('judge', judge, env) }),
    ...(embeddings && { embeddings: { ...endpointFromStored('embeddings', embeddings, env), minCosine: storedMinCosine(embeddings) } }),
  };
}

/** Stored as `min_cosine` (earlier databases: `minCosine`). */
function storedMinCosine(stored: Record<string, unknown>): number {
  const value = stored.min_cosine ?? stored.minCosine;
  return typeof value === 'number' ? value : DEFAULT_MIN_COSINE;
}
