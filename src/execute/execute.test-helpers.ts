import type { Job } from '../plan/types.js';
import type { ChatMessage, EndpointTarget } from '../suite/types.js';
import type { Outcome } from '../domain/outcome.js';

export function chatJob(
  caseId: string,
  model: string,
  extra: Record<string, unknown> = {},
  options: { target?: string; sample?: number; baseUrl?: string } = {},
): Job {
  const target = options.target ?? model;
  return {
    caseId,
    target,
    sample: options.sample ?? 0,
    request: {
      kind: 'chat',
      endpoint: options.baseUrl ?? 'http://127.0.0.1/v1',
      body: { model, messages: [{ role: 'user', content: `question ${caseId}` }], ...extra },
    },
    requestHash: `hash-${target}-${caseId}`,
  };
}

export function replayJob(caseId: string, recording: string, messages: ChatMessage[], sample = 0): Job {
  return {
    caseId,
    target: 'baseline',
    sample,
    request: { kind: 'replay', recording, caseId, messages },
    requestHash: `hash-replay-${caseId}-${sample}`,
  };
}

export function endpointTarget(baseUrl: string, extra: Partial<EndpointTarget> = {}): EndpointTarget {
  return {
    kind: 'endpoint',
    name: 'candidate',
    model: 'gpt-4.1',
    baseUrl,
    apiKeyEnv: null,
    params: {},
    headers: {},
    concurrency: 4,
    timeoutMs: 5000,
    maxRetries: 0,
    unresolved: [],
    loc: { file: 'suite.yaml' },
    ...extra,
  };
}

/** Hooks that record what the executor reported, in order. */
export function recordingHooks() {
  const events: string[] = [];
  const ends = new Map<string, Outcome>();
  const retries: { caseId: string; attempt: number; delayMs: number; reason: string }[] = [];
  return {
    events,
    ends,
    retries,
    hooks: {
      onJobStart: (job: Job) => events.push(`start ${job.target}/${job.caseId}`),
      onJobEnd: (job: Job, outcome: Outcome) => {
        if (ends.has(`${job.target}/${job.caseId}/${job.sample}`)) throw new Error(`onJobEnd twice for ${job.caseId}`);
        ends.set(`${job.target}/${job.caseId}/${job.sample}`, outcome);
        events.push(`end ${job.target}/${job.caseId}`);
      },
      onRetry: (job: Job, attempt: number, delayMs: number, reason: string) => {
        retries.push({ caseId: job.caseId, attempt, delayMs, reason });
      },
    },
  };
}

export function jobsFor(count: number, models: string[]): Job[] {
  const jobs: Job[] = [];
  // Interleaved per case, like the planner does.
  for (let i = 0; i < count; i++) for (const model of models) jobs.push(chatJob(`c${i}`, model));
  return jobs;
}

/**
 * The most arrivals (or their weights, e.g. tokens) in any `windowMs` starting at an arrival:
 * a sliding window, which is at least what any fixed window aligned anywhere would count.
 */
export function maxPerWindow(times: number[], weights: number[] = times.map(() => 1), windowMs = 1000): number {
  const order = times.map((at, i) => ({ at, weight: weights[i]! })).sort((a, b) => a.at - b.at);
  let max = 0;
  for (let i = 0; i < order.length; i++) {
    let sum = 0;
    for (let j = i; j < order.length && order[j]!.at < order[i]!.at + windowMs; j++) sum += order[j]!.weight;
    max = Math.max(max, sum);
  }
  return max;
}
