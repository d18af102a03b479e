import { pairKey, type CompareInput, type ExternalEvidence } from '../compare/input.js';
import { caseQuestion, fromCandidateView, judgeMessages, parseGrade } from '../compare/judge-prompt.js';
import type { Comparison, JudgeGrade } from '../compare/types.js';
import { costOf, endpointPrice } from '../domain/prices.js';
import { createChatSender } from '../execute/chat-sender.js';
import { executeJobs } from '../execute/execute-jobs.js';
import { hashRequest } from '../plan/build-request.js';
import { cacheKey, type Job } from '../plan/types.js';
import type { Store } from '../store/open-store.js';
import type { StoredCase } from '../store/types.js';
import { apiKeyOf } from '../suite/api-key.js';
import type { EndpointTarget } from '../suite/types.js';

type Pair = { caseId: string; candidate: string };

type HelperUsage = Comparison['helpers'];

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
    // A conversation's turn asks what its user said in that turn.
    const question = testCase?.conversation?.question ?? caseQuestion(cases.get(pair.caseId)?.messages ?? []);
    for (const [direction, expert, submission] of [
      ['forward', baseline, candidate],
      ['backward', candidate, baseline],
    ] as const) {
      const request = {
        kind: 'chat' as const,
        endpoint: judge.baseUrl,
        body: { model: judge.model, messages: judgeMessages(question, expert, submission), ...judge.params },
      };
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
    const sender = await createChatSender(judge, apiKeyOf(judge, env));
    await executeJobs(
      missing,
      { judge: { sender, concurrency: judge.concurrency, maxRetries: judge.maxRetries } },
      {
        onJobEnd(job, outcome) {
          store.saveDetached(job, outcome);
          if (outcome.ok) {
            tokens += outcome.usage?.totalTokens ?? 0;
            const u = outcome.usage;
            costUsd =
              costUsd === null || u?.promptTokens == null || u.completionTokens == null
                ? null
                : costUsd + costOf({ promptTokens: u.promptTokens, completionTokens: u.completionTokens }, price)!;
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
    if (grade === null)
      grades.set(key, { ...entry, error: `unparseable: no clearly marked grade on the last line of "${oneLineExcerpt(answer)}"` });
    else grades.set(key, { ...entry, [job.direction]: job.direction === 'backward' ? fromCandidateView(grade) : grade });
  }
  return { judge: grades, usage: { judgeCalls: missing.length, judgeTokens: tokens, judgeCostUsd: costUsd } };
}

function oneLineExcerpt(answer: string): string {
  const text = answer.replace(/\s+/gu, ' ').trim();
  return text.length > 60 ? `…${text.slice(-59)}` : text;
}
