import { cosine } from '../compare/cosine.js';
import { pairKey, type CompareInput, type ExternalEvidence } from '../compare/input.js';
import { caseQuestion, fromCandidateView, judgeMessages, parseGrade } from '../compare/judge-prompt.js';
import { median } from '../compare/similarity.js';
import type { Comparison, JudgeGrade } from '../compare/types.js';
import { createChatSender } from '../execute/chat-sender.js';
import { createEmbedder } from '../execute/embedder.js';
import { executeJobs } from '../execute/execute-jobs.js';
import { hashRequest } from '../plan/build-request.js';
import { costOf, endpointPrice } from '../plan/estimate.js';
import { sha256 } from '../plan/canonical.js';
import { cacheKey, type Job } from '../plan/types.js';
import type { Store } from '../store/open-store.js';
import type { StoredCase, StoredEndpoint } from '../store/types.js';
import type { EndpointTarget } from '../suite/types.js';

type Pair = { caseId: string; candidate: string };

export type HelperUsage = Comparison['helpers'];

export function asTarget(name: string, endpoint: StoredEndpoint): EndpointTarget {
  return { kind: 'endpoint', name, ...endpoint, unresolved: [], loc: { file: '(suite)' } };
}

/**
 * Asks the judge about each pair, both ways round. Requests are stored and cached by content
 * like any other, so the same pair is never paid for twice.
 */
export async function judgePairs(
  pairs: Pair[],
  input: CompareInput,
  cases: Map<string, StoredCase>,
  judge: EndpointTarget,
  store: Store,
  env: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<{ judge: NonNullable<ExternalEvidence['judge']>; usage: Pick<HelperUsage, 'judgeCalls' | 'judgeTokens' | 'judgeCostUsd'> }> {
  const jobs: Array<Job & { pair: Pair; direction: 'forward' | 'backward' }> = [];
  for (const pair of pairs) {
    const testCase = input.cases.find((c) => c.id === pair.caseId);
    const baseline = testCase?.baseline.find((s) => s.ok)?.output;
    const candidate = testCase?.candidates[pair.candidate]?.find((s) => s.ok)?.output;
    if (baseline === undefined || candidate === undefined) continue;
    const question = caseQuestion(cases.get(pair.caseId)?.messages ?? []);
    for (const [direction, expert, submission] of [['forward', baseline, candidate], ['backward', candidate, baseline]] as const) {
      const request = { kind: 'chat' as const, endpoint: judge.baseUrl, body: { model: judge.model, messages: judgeMessages(question, expert, submission), ...judge.params } };
      jobs.push({ caseId: pair.caseId, target: 'judge', sample: 0, request, requestHash: hashRequest(request), pair, direction });
    }
  }
  const answers = new Map<Job, string | { error: string }>();
  const cached = store.cachedResponses(jobs);
  const stored = store.readResponses([...cached.values()]);
  const missing = jobs.filter((job) => {
    const id = cached.get(cacheKey(job.requestHash, 0));
    const output = id === undefined ? undefined : stored.get(id)?.output;
    if (output != null) answers.set(job, output);
    return output == null;
  });
  let tokens = 0;
  // Unknown as soon as one answer has no usage or the judge's model has no price.
  const price = endpointPrice(judge);
  let costUsd: number | null = price ? 0 : null;
  if (missing.length > 0) {
    const sender = await createChatSender(judge, judge.apiKeyEnv ? env[judge.apiKeyEnv] : undefined);
    await executeJobs(
      missing,
      { judge: { sender, concurrency: judge.concurrency, maxRetries: judge.maxRetries } },
      {
        onJobEnd(job, outcome) {
          store.saveDetached(job, outcome);
          if (outcome.ok) {
            tokens += outcome.usage?.totalTokens ?? 0;
            const u = outcome.usage;
            costUsd = costUsd === null || u?.promptTokens == null || u.completionTokens == null ? null : costUsd + costOf({ promptTokens: u.promptTokens, completionTokens: u.completionTokens }, price)!;
          }
          answers.set(job, outcome.ok ? outcome.output : { error: outcome.message });
        },
      },
      { concurrency: judge.concurrency, signal },
    );
  }
  const grades: NonNullable<ExternalEvidence['judge']> = new Map();
  for (const job of jobs) {
    const key = pairKey(job.pair.caseId, job.pair.candidate);
    const entry = grades.get(key) ?? { forward: null as JudgeGrade | null, backward: null as JudgeGrade | null };
    const answer = answers.get(job);
    if (answer === undefined || typeof answer !== 'string') {
      grades.set(key, { ...entry, error: answer?.error ?? 'interrupted' });
      continue;
    }
    const grade = parseGrade(answer);
    if (grade === null) grades.set(key, { ...entry, error: `unreadable answer "${answer.slice(0, 40)}"` });
    else grades.set(key, { ...entry, [job.direction]: job.direction === 'backward' ? fromCandidateView(grade) : grade });
  }
  return { judge: grades, usage: { judgeCalls: missing.length, judgeTokens: tokens, judgeCostUsd: costUsd } };
}

/** Cosine of each candidate output to the baseline's, and the baseline's own floor, from cached or new embeddings. */
export async function embedPairs(
  pairs: Pair[],
  input: CompareInput,
  embeddings: EndpointTarget & { minCosine: number },
  store: Store,
  env: Record<string, string | undefined>,
): Promise<{ embeddings: NonNullable<ExternalEvidence['embeddings']>; usage: Pick<HelperUsage, 'embeddingCalls' | 'embeddingTokens' | 'embeddingCostUsd'> }> {
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
    const embedder = await createEmbedder(embeddings, embeddings.apiKeyEnv ? env[embeddings.apiKeyEnv] : undefined);
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
    for (let i = 0; i < baseline.length; i++) for (let j = i + 1; j < baseline.length; j++) self.push(cosine(vectors.get(baseline[i]!)!, vectors.get(baseline[j]!)!));
    found.set(pairKey(pair.caseId, pair.candidate), { cosine: median(cross) ?? 0, floor: self.length ? Math.min(...self) : embeddings.minCosine });
  }
  const embeddingCostUsd = costOf({ promptTokens: tokens, completionTokens: 0 }, endpointPrice(embeddings));
  return { embeddings: found, usage: { embeddingCalls: Math.ceil(missing.length / 64), embeddingTokens: tokens, embeddingCostUsd } };
}
