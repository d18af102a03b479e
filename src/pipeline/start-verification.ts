import { CostError, StoreError } from '../errors.js';
import { formatPrice, formatUsd } from '../domain/prices.js';
import { estimateRun, type Estimate } from '../plan/estimate.js';
import { loadTokenCounter } from '../plan/token-counter.js';
import type { Cell } from '../plan/types.js';
import type { Store } from '../store/open-store.js';
import { targetRow } from '../store/stored-target.js';
import type { RunRow } from '../store/types.js';
import { requireEnvironment } from '../suite/api-key.js';
import { displayPath } from '../suite/display-path.js';
import { secretValues, withoutSecrets } from '../suite/secret-values.js';
import type { Io } from '../terminal/io.js';
import { unknownCostNotes } from '../terminal/cost.js';
import { toolVersion } from '../version.js';
import type { PreparedVerification, VerificationPlan } from './prepare-verification.js';
import { DEFAULT_CONCURRENCY } from './start-run.js';

export interface StartVerificationOptions {
  maxCost?: number;
  alpha: number;
  cache: boolean;
  concurrency?: number;
}

/**
 * Everything that can stop a verification is checked before anything is sent: another process
 * running it, the key, --max-cost (priced at the reference's own answer lengths). Then the run
 * of kind 'verify' is created, or the unfinished one claimed, and stored answers linked.
 */
export async function startVerification(
  plan: VerificationPlan,
  prepared: PreparedVerification,
  store: Store,
  options: StartVerificationOptions,
  countTokens: (text: string, model: string) => number,
  io: Io,
): Promise<RunRow> {
  const { suite, resumable, cells } = prepared;
  const jobs = prepared.plan.jobs;
  if (resumable && store.isRunLive(resumable)) {
    throw new StoreError(
      'STORE_BUSY',
      `verification run ${resumable.id} is in progress in process ${resumable.pid} on ${resumable.host}; wait for it, or start a separate one with --new`,
    );
  }
  if (jobs.length > 0) requireEnvironment([plan.target], io.env, 'cannot verify');
  if (options.maxCost !== undefined) {
    const estimate = await estimateVerification(plan, prepared, countTokens);
    checkMaxCost(estimate, options.maxCost);
    io.err(`estimated cost of what will be sent: ${formatUsd(estimate.totalUsd)} (--max-cost ${formatUsd(options.maxCost)})`);
  }

  const file = displayPath(plan.reference.file);
  const runOptions = {
    suite: plan.suite.hash,
    target: plan.target.name,
    reference: file,
    referenceSha256: plan.reference.sha256,
    prompts: prepared.k,
    seed: prepared.seed,
    alpha: options.alpha,
    repeats: prepared.repeated.size,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    cache: options.cache,
  };
  const targets = [targetRow(suite, suite.targets[plan.target.name]!)];
  const run = resumable
    ? store.claimRun(resumable.id, cells.length, runOptions, targets)
    : store.createRun({
        suite: withoutSecrets(suite, secretValues(plan.suite, io.env)),
        kind: 'verify',
        targets,
        options: runOptions,
        provenance: { reference: file, sha256: plan.reference.sha256, rows: plan.reference.rows, prompts: plan.reference.prompts.length },
        totalCells: cells.length,
        toolVersion: toolVersion(),
      });
  store.linkCells(run.id, prepared.plan.reuse);
  const { plan: p } = prepared;
  io.err(
    `${resumable ? 'resuming' : 'starting'} verification run ${run.id}: ${prepared.drawn.length} prompts` +
      (prepared.repeated.size > 0 ? `, ${prepared.repeated.size} of them asked twice` : '') +
      `: ${cells.length} requests, ${p.jobs.length} to send, ${p.reuse.length} answered by stored identical requests` +
      (p.done ? `, ${p.done} already done` : ''),
  );
  return run;
}

/** What the verification would send, its output lengths taken from the reference's recordings of the drawn prompts. */
async function estimateVerification(
  plan: VerificationPlan,
  prepared: PreparedVerification,
  countTokens: (text: string, model: string) => number,
): Promise<Estimate> {
  const lengths = prepared.drawn.flatMap((p) => p.samples.map((s) => countTokens(s.output, plan.snapshot)));
  const mean = lengths.length > 0 ? lengths.reduce((a, b) => a + b, 0) / lengths.length : undefined;
  return estimateRun({
    suite: prepared.suite,
    cells: prepared.cells,
    toSend: new Set<Cell>(prepared.plan.jobs),
    countPromptTokens: await loadTokenCounter(),
    history: { [plan.target.name]: mean },
  });
}

function checkMaxCost(estimate: Estimate, maxCost: number): void {
  if (estimate.totalUsd === null) {
    throw new CostError(
      'COST_UNKNOWN',
      `cannot check --max-cost ${maxCost}: the cost of what this verification would send is unknown; nothing was sent`,
      unknownCostNotes(estimate.targets),
    );
  }
  if (estimate.totalUsd > maxCost) {
    throw new CostError(
      'COST_OVER_LIMIT',
      `the estimate of what this verification would send is ${formatUsd(estimate.totalUsd)}, over --max-cost ${formatUsd(maxCost)}; nothing was sent`,
      estimate.targets
        .filter((t) => t.requests > 0)
        .map(
          (t) =>
            `${t.target}: ${t.requests} requests, ${t.inputTokens} input and ~${t.outputTokens} output tokens (the reference's answer lengths) at ${formatPrice(t.price)} $/M: ${formatUsd(t.costUsd)}`,
        ),
      'draw fewer prompts with --prompts (at least 20), or raise --max-cost',
    );
  }
}
