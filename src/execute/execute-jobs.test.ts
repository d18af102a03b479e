// Scheduling details that need exact control over each attempt: in-process senders (the Sender
// interface is how executeJobs is meant to be extended), no module mocking.
import { describe, expect, it } from 'vitest';
import type { Job } from '../plan/types.js';
import { chatJob, jobsFor, recordingHooks } from './execute.test-helpers.js';
import { executeJobs } from './execute-jobs.js';
import { type TargetLane, type AttemptResult, type Sender } from './types.js';
import { MAX_RETRY_AFTER_MS, retryDelay } from './retry-policy.js';

const OK: AttemptResult = {
  ok: true,
  output: 'fine',
  finishReason: 'stop',
  model: 'm',
  systemFingerprint: null,
  usage: null,
  latencyMs: 1,
  source: 'api',
};
const FAST = { baseMs: 5, maxMs: 50 };

type FailedAttempt = Extract<AttemptResult, { ok: false }>;

function fail(extra: Partial<FailedAttempt> = {}): FailedAttempt {
  return { ok: false, kind: 'http', status: 503, message: 'overloaded', retryable: true, latencyMs: 1, ...extra };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A sender whose answers a test scripts per case; it logs when attempts start and end. */
function scripted(log: string[], answer: (job: Job, attempt: number) => Promise<AttemptResult> | AttemptResult): Sender {
  const attempts = new Map<string, number>();
  return {
    async send(job) {
      const attempt = (attempts.get(job.caseId) ?? 0) + 1;
      attempts.set(job.caseId, attempt);
      log.push(`send ${job.caseId}#${attempt}`);
      const result = await answer(job, attempt);
      log.push(`done ${job.caseId}#${attempt}`);
      return result;
    },
  };
}

const lane = (sender: Sender, concurrency = 1, maxRetries = 0): TargetLane => ({ sender, concurrency, maxRetries });

describe('executeJobs scheduling', () => {
  it('starts jobs in the order given', async () => {
    const log: string[] = [];
    const sender = scripted(log, () => OK);
    const jobs = ['a', 'b', 'c', 'd'].map((id) => chatJob(id, 'm'));
    await executeJobs(jobs, { m: lane(sender, 1) }, {}, { concurrency: 4 });
    expect(log.filter((line) => line.startsWith('send'))).toEqual(['send a#1', 'send b#1', 'send c#1', 'send d#1']);
  });

  it('takes the target slot before the global one, so a busy target does not block others', async () => {
    const log: string[] = [];
    const slow = scripted(log, async () => (await sleep(80), OK));
    const quick = scripted(log, () => OK);
    const jobs = [chatJob('a1', 'a'), chatJob('a2', 'a'), chatJob('b1', 'b')];
    await executeJobs(jobs, { a: lane(slow, 1), b: lane(quick, 1) }, {}, { concurrency: 2 });
    // a2 waits for target a; had it taken the second global slot first, b1 would wait behind it.
    expect(log.indexOf('done b1#1')).toBeLessThan(log.indexOf('done a1#1'));
  });

  it('backs off outside the slots, so other jobs of the target run meanwhile', async () => {
    const log: string[] = [];
    const sender = scripted(log, (job, attempt) => (job.caseId === 'a' && attempt === 1 ? fail() : OK));
    const seen = recordingHooks();
    await executeJobs([chatJob('a', 'm'), chatJob('b', 'm')], { m: lane(sender, 1, 1) }, seen.hooks, {
      concurrency: 1,
      backoff: { baseMs: 60, maxMs: 60 },
    });
    expect(log).toEqual(['send a#1', 'done a#1', 'send b#1', 'done b#1', 'send a#2', 'done a#2']);
    expect(seen.events).toEqual(['start m/a', 'start m/b', 'end m/b', 'end m/a']);
    expect(seen.ends.get('m/a/0')).toMatchObject({ ok: true, attempts: 2 });
  });

  it('queues a retry behind every job of the target not started yet, however many wait', async () => {
    const log: string[] = [];
    // c0 is ready to retry long before the other jobs have been sent.
    const sender = scripted(log, async (job, attempt) => (job.caseId === 'c0' && attempt === 1 ? fail() : (await sleep(1), OK)));
    const jobs = jobsFor(100, ['m']);
    const result = await executeJobs(jobs, { m: lane(sender, 2, 1) }, {}, { concurrency: 2, backoff: { baseMs: 1, maxMs: 1 } });
    expect(result.succeeded).toBe(100);
    const sends = log.filter((line) => line.startsWith('send'));
    expect(sends.slice(0, 3)).toEqual(['send c0#1', 'send c1#1', 'send c2#1']);
    expect(sends.at(-1)).toBe('send c0#2');
    expect(sends.filter((line) => line.endsWith('#1'))).toEqual(jobs.map((job) => `send ${job.caseId}#1`));
  });

  it('reports each job once, with its last failure when retries run out', async () => {
    const sender = scripted([], () => fail({ retryAfterMs: 5 }));
    const seen = recordingHooks();
    const result = await executeJobs(jobsFor(3, ['m']), { m: lane(sender, 2, 2) }, seen.hooks, { concurrency: 2, backoff: FAST });
    expect(result).toMatchObject({ succeeded: 0, failed: 3, skipped: 0, interrupted: false });
    expect([...seen.ends.values()].map((outcome) => outcome.attempts)).toEqual([3, 3, 3]);
    expect(seen.events.filter((event) => event.startsWith('start'))).toHaveLength(3);
    expect(seen.retries).toHaveLength(6);
    expect(seen.ends.get('m/c0/0')).not.toHaveProperty('retryAfterMs');
  });

  it('gives up at once when the provider asks to come back much later', async () => {
    const sender = scripted([], () => fail({ status: 429, retryAfterMs: MAX_RETRY_AFTER_MS + 1 }));
    const seen = recordingHooks();
    await executeJobs([chatJob('a', 'm')], { m: lane(sender, 1, 5) }, seen.hooks, { concurrency: 1 });
    expect(seen.ends.get('m/a/0')).toMatchObject({ ok: false, status: 429, attempts: 1 });
  });

  it('turns a sender that throws into an unknown failure of that job', async () => {
    const sender: Sender = { send: async () => Promise.reject(new Error('boom')) };
    const seen = recordingHooks();
    const result = await executeJobs([chatJob('a', 'm')], { m: lane(sender) }, seen.hooks, { concurrency: 1 });
    expect(result.failed).toBe(1);
    expect(seen.ends.get('m/a/0')).toMatchObject({ ok: false, kind: 'unknown', message: 'sender failed: boom', attempts: 1 });
  });

  it('refuses jobs whose target has no lane', async () => {
    await expect(executeJobs([chatJob('a', 'nowhere')], {}, {}, { concurrency: 1 })).rejects.toThrow("no lane for target 'nowhere'");
  });

  // How fast is a benchmark's question (npm run bench: run-throughput); this checks that none is lost.
  it('runs 20,000 instant jobs, each ending once', async () => {
    const sender: Sender = { send: async () => OK };
    let ended = 0;
    const result = await executeJobs(
      jobsFor(10_000, ['a', 'b']),
      { a: lane(sender, 32), b: lane(sender, 32) },
      { onJobEnd: () => void ended++ },
      { concurrency: 64 },
    );
    expect(result.succeeded).toBe(20_000);
    expect(ended).toBe(20_000);
  });
});

describe('executeJobs interruption and hook failures', () => {
  it('skips everything when the signal is already aborted', async () => {
    const log: string[] = [];
    const seen = recordingHooks();
    const result = await executeJobs(
      jobsFor(5, ['m']),
      {
        m: lane(
          scripted(log, () => OK),
          2,
        ),
      },
      seen.hooks,
      {
        concurrency: 2,
        signal: AbortSignal.abort(),
      },
    );
    expect(result).toMatchObject({ succeeded: 0, failed: 0, skipped: 5, interrupted: true });
    expect(log).toEqual([]);
    expect(seen.events).toEqual([]);
  });

  it('leaves unsent the jobs the skip option turns down when their turn comes, without interrupting the run', async () => {
    const log: string[] = [];
    const seen = recordingHooks();
    let decided = false;
    const jobs = [...['a1', 'a2', 'a3', 'a4'].map((id) => chatJob(id, 'a')), ...['b1', 'b2'].map((id) => chatJob(id, 'b'))];
    const sender = scripted(log, (job) => {
      if (job.caseId === 'a1') decided = true; // a decision arrives with the first answer
      return OK;
    });
    const result = await executeJobs(jobs, { a: lane(sender, 1), b: lane(sender, 1) }, seen.hooks, {
      concurrency: 1,
      skip: (job) => decided && job.target === 'a',
    });
    expect(result).toMatchObject({ succeeded: 3, failed: 0, skipped: 3, interrupted: false });
    expect(log.filter((line) => line.startsWith('send'))).toEqual(['send a1#1', 'send b1#1', 'send b2#1']);
  });

  it('holds jobs too far ahead of the finished ones until woken; a retry of an earlier job passes them', async () => {
    const log: string[] = [];
    const ids = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
    // c0 fails once: the jobs more than two ahead of it wait for its retry instead of going on.
    const sender = scripted(log, (job, attempt) => (job.caseId === 'c0' && attempt === 1 ? fail() : OK));
    const done = new Set<string>();
    let frontier = 0;
    let wake = () => {};
    const result = await executeJobs(
      ids.map((id) => chatJob(id, 'm')),
      { m: lane(sender, 2, 2) },
      {
        onJobEnd(job) {
          done.add(job.caseId);
          while (frontier < ids.length && done.has(ids[frontier]!)) frontier++;
          wake();
        },
      },
      {
        concurrency: 2,
        backoff: FAST,
        hold: {
          held: (job) => ids.indexOf(job.caseId) >= frontier + 2,
          onWake: (callback) => (wake = callback),
          // The hook that wakes it may come after the job settles: idle then is no cause to let go.
          idle: () => undefined,
        },
      },
    );
    expect(result).toMatchObject({ succeeded: 6, failed: 0, skipped: 0 });
    const sends = log.filter((line) => line.startsWith('send'));
    expect(sends.slice(0, 3)).toEqual(['send c0#1', 'send c1#1', 'send c0#2']);
  });

  it('says when every job left is held and nothing is on its way, so the holder can let them go', async () => {
    const log: string[] = [];
    let wake = () => {};
    let held = true;
    let idled = 0;
    const result = await executeJobs(
      ['c0', 'c1', 'c2'].map((id) => chatJob(id, 'm')),
      {
        m: lane(
          scripted(log, () => OK),
          1,
        ),
      },
      {},
      {
        concurrency: 1,
        hold: {
          held: (job) => held && job.caseId !== 'c0',
          onWake: (callback) => (wake = callback),
          idle() {
            idled++;
            held = false;
            wake();
          },
        },
      },
    );
    expect(result).toMatchObject({ succeeded: 3 });
    expect(idled).toBe(1);
    expect(log.filter((line) => line.startsWith('send'))).toEqual(['send c0#1', 'send c1#1', 'send c2#1']);
  });

  it('skips jobs that are backing off without waiting out their delay', async () => {
    const controller = new AbortController();
    // Longer than the test may take: waiting out the delay fails the test.
    const sender = scripted([], () => fail({ retryAfterMs: 120_000 }));
    const seen = recordingHooks();
    setTimeout(() => controller.abort(), 50);
    const result = await executeJobs(jobsFor(3, ['m']), { m: lane(sender, 3, 3) }, seen.hooks, {
      concurrency: 3,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ succeeded: 0, failed: 0, skipped: 3, interrupted: true });
    expect(seen.ends.size).toBe(0);
  });

  it('does not retry a retryable failure that arrives during the grace period, and does not report it', async () => {
    const controller = new AbortController();
    const sender = scripted([], async () => (await sleep(80), fail()));
    const seen = recordingHooks();
    setTimeout(() => controller.abort(), 20);
    const result = await executeJobs([chatJob('a', 'm')], { m: lane(sender, 1, 3) }, seen.hooks, {
      concurrency: 1,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ skipped: 1, interrupted: true });
    expect(seen.retries).toEqual([]);
    expect(seen.ends.size).toBe(0);
  });

  it('rejects with the error of a hook that fails asynchronously', async () => {
    const sender = scripted([], () => OK);
    const hooks = { onJobEnd: async (job: Job) => (job.caseId === 'c1' ? Promise.reject(new Error('disk full')) : undefined) };
    await expect(executeJobs(jobsFor(4, ['m']), { m: lane(sender, 1) }, hooks, { concurrency: 1 })).rejects.toThrow('disk full');
  });

  it('does not send a job whose onJobStart throws, and starts nothing after it', async () => {
    const log: string[] = [];
    let ends = 0;
    const hooks = {
      onJobStart: (job: Job) => {
        if (job.caseId === 'c1') throw new Error('progress bar broke');
      },
      onJobEnd: () => void ends++,
    };
    await expect(
      executeJobs(
        jobsFor(4, ['m']),
        {
          m: lane(
            scripted(log, () => OK),
            1,
          ),
        },
        hooks,
        { concurrency: 1 },
      ),
    ).rejects.toThrow('progress bar broke');
    expect(log).toEqual(['send c0#1', 'done c0#1']);
    // c0 may finish just after c1's onJobStart failed; it is then not reported either.
    expect(ends).toBeLessThanOrEqual(1);
  });
});

describe('retryDelay', () => {
  const backoff = { baseMs: 500, maxMs: 30_000 };
  it('grows exponentially with full jitter and a cap', () => {
    expect(retryDelay(1, fail(), backoff, () => 0)).toBe(250);
    expect(retryDelay(1, fail(), backoff, () => 1)).toBe(500);
    expect(retryDelay(3, fail(), backoff, () => 1)).toBe(2000);
    expect(retryDelay(20, fail(), backoff, () => 1)).toBe(30_000);
    expect(retryDelay(20, fail(), backoff, () => 0)).toBe(15_000);
  });

  it('uses the provider Retry-After plus a little jitter', () => {
    expect(retryDelay(1, fail({ retryAfterMs: 2000 }), backoff, () => 0)).toBe(2000);
    expect(retryDelay(1, fail({ retryAfterMs: 2000 }), backoff, () => 1)).toBe(2250);
    expect(retryDelay(4, fail({ retryAfterMs: 0 }), backoff, () => 1)).toBe(50);
  });
});

describe('executeJobs stopping a target', () => {
  it('fails every other job of a stopped target unsent, with the same error, and keeps the others going', async () => {
    const log: string[] = [];
    const stop = fail({ status: 400, code: 'unsupported_parameter', message: 'no max_tokens', retryable: false, stopsTarget: true });
    const stopped = scripted(log, async () => (await sleep(5), stop));
    const other = scripted(log, () => OK);
    const seen = recordingHooks();
    const jobs = [
      ...Array.from({ length: 5 }, (_, i) => chatJob(`s${i}`, 'stopped')),
      ...Array.from({ length: 3 }, (_, i) => chatJob(`o${i}`, 'other')),
    ];
    const result = await executeJobs(jobs, { stopped: lane(stopped, 2, 3), other: lane(other, 1) }, seen.hooks, {
      concurrency: 8,
      backoff: FAST,
    });
    expect(result).toMatchObject({ succeeded: 3, failed: 5 });
    // Only the two in flight when the first answer came back were sent.
    expect(log.filter((line) => line.startsWith('send s'))).toEqual(['send s0#1', 'send s1#1']);
    for (let i = 0; i < 5; i++) {
      expect(seen.ends.get(`stopped/s${i}/0`)).toMatchObject({ ok: false, message: 'no max_tokens', attempts: i < 2 ? 1 : 0 });
    }
  });
});
