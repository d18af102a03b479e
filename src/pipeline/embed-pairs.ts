import { cosine } from '../compare/cosine.js';
import { pairKey, type CompareInput, type ExternalEvidence } from '../compare/input.js';
import { median } from '../compare/similarity.js';
import type { Comparison } from '../compare/types.js';
import { costOf, endpointPrice } from '../domain/prices.js';
import { createEmbedder } from '../execute/embedder.js';
import { sha256 } from '../plan/canonical.js';
import type { Store } from '../store/open-store.js';
import { apiKeyOf } from '../suite/api-key.js';
import type { EndpointTarget } from '../suite/types.js';

type Pair = { caseId: string; candidate: string };

type HelperUsage = Comparison['helpers'];

/** Cosine of each candidate output to the baseline's, and the baseline's own floor, from cached or new embeddings. */
export async function embedPairs(
  pairs: Pair[],
  input: CompareInput,
  embeddings: EndpointTarget & { minCosine: number },
  store: Store,
  env: Record<string, string | undefined>,
): Promise<{
  embeddings: NonNullable<ExternalEvidence['embeddings']>;
  usage: Pick<HelperUsage, 'embeddingCalls' | 'embeddingTokens' | 'embeddingCostUsd'>;
}> {
  const texts = new Map<string, string>();
  const plan = pairs.flatMap((pair) => {
    const testCase = input.cases.find((c) => c.id === pair.caseId);
    const baseline = (testCase?.baseline ?? []).filter((s) => s.ok).map((s) => s.output);
    const candidate = (testCase?.candidates[pair.candidate] ?? []).filter((s) => s.ok).map((s) => s.output);
    if (!baseline.length || !candidate.length) return [];
    for (const text of [...baseline, ...candidate]) texts.set(sha256(text), text);
    return [{ pair, baseline: baseline.map(sha256), candidate: candidate.map(sha256) }];
  });
  const vectors = store.cachedEmbeddings(embeddings.baseUrl, embeddings.model, [...texts.keys()]);
  const missing = [...texts.keys()].filter((hash) => !vectors.has(hash));
  let tokens = 0;
  if (missing.length > 0) {
    const embedder = await createEmbedder(embeddings, apiKeyOf(embeddings, env));
    const result = await embedder.embed(missing.map((hash) => texts.get(hash)!));
    tokens = result.tokens;
    const items = missing.map((textHash, i) => ({ textHash, vector: result.vectors[i]!, tokens: null }));
    store.saveEmbeddings(embeddings.baseUrl, embeddings.model, items);
    for (const item of items) vectors.set(item.textHash, item.vector);
  }
  const found: NonNullable<ExternalEvidence['embeddings']> = new Map();
  for (const { pair, baseline, candidate } of plan) {
    const cross = candidate.flatMap((c) => baseline.map((b) => cosine(vectors.get(c)!, vectors.get(b)!)));
    const self: number[] = [];
    for (let i = 0; i < baseline.length; i++)
      for (let j = i + 1; j < baseline.length; j++) self.push(cosine(vectors.get(baseline[i]!)!, vectors.get(baseline[j]!)!));
    found.set(pairKey(pair.caseId, pair.candidate), {
      cosine: median(cross) ?? 0,
      floor: self.length ? Math.min(...self) : embeddings.minCosine,
    });
  }
  const embeddingCostUsd = costOf({ promptTokens: tokens, completionTokens: 0 }, endpointPrice(embeddings));
  return { embeddings: found, usage: { embeddingCalls: Math.ceil(missing.length / 64), embeddingTokens: tokens, embeddingCostUsd } };
}
