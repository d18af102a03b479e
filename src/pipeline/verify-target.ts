// The composition root of `pinned verify`: does an endpoint that names a snapshot behave like
// recordings of it? It reads as its sentence:
//   loadSuite -> readReference -> planVerification -> prepareVerification -> startVerification
//   -> executeRun -> verifyEndpoint -> saveVerification
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeMismatch } from '../compare/verify/decoding.js';
import { DEFAULT_PROMPTS, MIN_PROMPTS } from '../compare/verify/draw-prompts.js';
import type { StatedDecoding } from '../compare/verify/reference-decoding.js';
import type { VerifyResult } from '../compare/verify/types.js';
import { DEFAULT_ALPHA, verifyEndpoint } from '../compare/verify/verify-endpoint.js';
import { UsageError } from '../errors.js';
import { readReference, type Reference } from '../execute/verify-reference.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadTextTokenCounter } from '../plan/token-counter.js';
import { resolveDbPath } from '../store/db-path.js';
import { openStore } from '../store/open-store.js';
import type { RunStatus } from '../store/types.js';
import { displayPath } from '../suite/display-path.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite } from '../suite/types.js';
import type { Io } from '../terminal/io.js';
import { formatRunSummary } from '../terminal/run-summary.js';
import { formatVerifyIntro, formatVerifyResult } from '../terminal/verify-summary.js';
import { formatWarnings } from '../terminal/warnings.js';
import { executeRun } from './execute-run.js';
import { describeStrays } from './import-recording.js';
import { planVerification, prepareVerification, type VerificationPlan } from './prepare-verification.js';
import { startVerification } from './start-verification.js';
import { concludeVerification, verifyIntro } from './verification-result.js';

export interface VerifyOptions {
  suite: string;
  /** The endpoint target of the suite to check. */
  target: string;
  /** Recordings of the genuine snapshot (JSONL case rows or OpenAI-style log rows), relative to the current folder. */
  reference: string;
  /** K, prompts to draw (default 50). */
  prompts?: number;
  /** Draws the same prompts again; a random one is drawn (and printed) when absent. */
  seed?: number;
  alpha?: number;
  /** Where to write the per-prompt rows and figures as JSON. */
  json?: string;
  maxCost?: number;
  db?: string;
  /** Start a new verification instead of continuing an unfinished one. */
  new?: boolean;
  /** Reuse stored answers of identical requests. */
  cache: boolean;
  /** The reference's settings, for rows that do not carry them (case rows). */
  stated: StatedDecoding;
  concurrency?: number;
  progress: boolean;
  signal: AbortSignal;
}

export interface VerifyTargetResult {
  exitCode: ExitCode;
  result?: VerifyResult;
  runId?: number;
  status?: RunStatus;
  seed?: number;
}

/** Checks one endpoint target against a reference and keeps the result with the target. */
export async function verifyTarget(options: VerifyOptions, io: Io): Promise<VerifyTargetResult> {
  const started = Date.now();
  const suite = await loadSuite(options.suite, { env: io.env });
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const reference = await readReferenceFile(options.reference, suite, io);
  const countTokens = await loadTextTokenCounter();
  const plan = planVerification(suite, options.target, reference, options.stated, countTokens);
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  // Nothing is sent to an endpoint that would be asked at other settings than the reference's, nor for too few prompts.
  const refused = refusal(plan, alpha);
  if (refused) {
    io.out(formatVerifyResult({ result: refused }));
    if (refused.outcome === 'not-comparable') io.err(refusalHint(plan));
    return { exitCode: EXIT.inconclusive, result: refused };
  }

  const store = openStore(resolveDbPath(options.db, io.env));
  try {
    const k = options.prompts ?? DEFAULT_PROMPTS;
    const prepared = prepareVerification(plan, store, { k, seed: options.seed, new: options.new, cache: options.cache });
    io.err(formatVerifyIntro(verifyIntro(plan, prepared)));
    const start = { maxCost: options.maxCost, alpha, cache: options.cache, concurrency: options.concurrency };
    const run = await startVerification(plan, prepared, store, start, countTokens, io);
    const { status, sent, limits } = await executeRun({ ...prepared, run }, store, options, io);
    const cells = store.readRunCells(run.id);
    const expected = { [plan.target.name]: prepared.cells.length };
    io.out(formatRunSummary({ data: cells, expected, sent, elapsedMs: Date.now() - started, limits }));
    if (status !== 'completed') {
      if (status === 'incomplete')
        io.err(
          `some prompts have no answer (API errors): no result without them, since leaving them out could hide what the endpoint does. ` +
            `Running the same command again (--seed ${prepared.seed}) asks only those`,
        );
      const exitCode = status === 'interrupted' ? EXIT.interrupted : EXIT.infrastructure;
      return { exitCode, runId: run.id, status, seed: prepared.seed };
    }
    const result = await concludeVerification(plan, prepared, run.id, cells, { alpha, json: options.json }, store, io);
    const exitCode =
      result.outcome === 'inconsistent' ? EXIT.gate : result.outcome === 'no-detectable-difference' ? EXIT.ok : EXIT.inconclusive;
    return { exitCode, result, runId: run.id, status, seed: prepared.seed };
  } finally {
    store.close();
  }
}

async function readReferenceFile(path: string, suite: Suite, io: Io): Promise<Reference> {
  const file = resolve(path);
  if (!existsSync(file))
    throw new UsageError(`--reference ${path}: file not found`, 'the path is relative to the current folder, not to the suite');
  const reference = await readReference(file, suite.cases);
  if (reference.strays.length > 0) io.err(`not used from ${displayPath(file)}: ${describeStrays(reference.strays)}`);
  return reference;
}

/**
 * Why nothing is sent: a decoding setting (or another param that changes what a model writes)
 * the target sets differently from the reference, or a reference with fewer prompts than a test
 * needs. The words for decoding settings are the pure layer's; other params are added to them.
 */
function refusal(plan: VerificationPlan, alpha: number): VerifyResult | undefined {
  const { mismatches, conflicts, settings } = plan.request;
  const empty = { snapshot: plan.snapshot, prompts: [], reference: plan.decoding.settings, request: settings, alpha };
  if (mismatches.length > 0 && conflicts.length === 0) return verifyEndpoint(empty);
  if (conflicts.length > 0) {
    const base = verifyEndpoint(empty);
    const names = [...mismatches.map((m) => m.setting), ...conflicts.map((c) => c.slice(0, c.indexOf(':')))];
    return {
      ...base,
      outcome: 'not-comparable',
      summary: `not comparable with the recorded ${plan.snapshot}: the endpoint would be asked with settings the reference was not recorded with (${names.join(', ')})`,
      details: [
        ...mismatches.map(describeMismatch),
        ...conflicts,
        "Ask with the reference's settings: how often the tests would wrongly reject at other settings is unknown.",
      ],
    };
  }
  const prompts = plan.reference.prompts.length;
  if (prompts >= MIN_PROMPTS) return undefined;
  return {
    ...verifyEndpoint(empty),
    outcome: 'too-few-prompts',
    summary: `too few prompts: the reference records ${prompts}, at least ${MIN_PROMPTS} are needed`,
    details: [`Below ${MIN_PROMPTS} prompts neither test can reject a substitute reliably; record the snapshot on more prompts.`],
  };
}

/** How to verify the endpoint anyway: a target of the same model and base_url asked as the reference was recorded. */
function refusalHint(plan: VerificationPlan): string {
  const { target } = plan;
  const params = Object.entries(plan.decoding.params)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ');
  return [
    "nothing was sent. A verification asks exactly as the reference was recorded, so the target's params may not set these differently.",
    'Verify a target with the same model and base_url whose params match the reference (a verification counts for every target of that model and base_url):',
    `  ${target.name}-as-recorded:`,
    `    model: ${target.model}`,
    `    base_url: ${target.baseUrl}`,
    `    api_key_env: ${target.apiKeyEnv ?? 'false'}`,
    `    params: { ${params} }`,
  ].join('\n');
}
