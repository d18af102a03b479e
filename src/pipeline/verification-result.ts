// From a finished verification run to the result and what is kept of it: the endpoint's answers
// beside the reference's recordings, the tests, the names the endpoint reported, the row of the
// verifications table, what is printed and the JSON --json writes.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { VerifyPrompt, VerifyResult } from '../compare/verify/types.js';
import { verifyEndpoint } from '../compare/verify/verify-endpoint.js';
import type { StoredVerification } from '../domain/verification.js';
import type { VerificationInput } from '../store/verifications.js';
import type { Store } from '../store/open-store.js';
import type { RunCells } from '../store/types.js';
import { displayPath } from '../suite/display-path.js';
import type { Io } from '../terminal/io.js';
import { formatVerifyResult, type VerifyIntro } from '../terminal/verify-summary.js';
import { toolVersion } from '../version.js';
import type { PreparedVerification, VerificationPlan } from './prepare-verification.js';

/** What the endpoint said about itself and when it answered. */
export interface EndpointFacts {
  /** Answers stored for the drawn prompts (repeats included). */
  answers: number;
  /** Of them, reused from earlier runs by request hash. */
  reused: number;
  /** The `model` its responses named, and how often; null when a response named none. */
  models: Record<string, number>;
  systemFingerprints: Record<string, number>;
  /** When the oldest and newest answer was stored (reused answers can predate this verification). */
  answeredFrom: string | null;
  answeredTo: string | null;
}

/** The drawn prompts with the endpoint's answers (sample 0 first, the repeat second) and the reference's recordings. */
export function verifyPrompts(prepared: PreparedVerification, data: RunCells): { prompts: VerifyPrompt[]; facts: EndpointFacts } {
  const answers = new Map<string, string[]>();
  const facts: EndpointFacts = { answers: 0, reused: 0, models: {}, systemFingerprints: {}, answeredFrom: null, answeredTo: null };
  const cells = [...data.cells].sort((a, b) => a.sample - b.sample);
  for (const cell of cells) {
    const response = cell.response;
    if (cell.status !== 'ok' || !response?.ok || response.output === null) continue;
    answers.set(cell.caseId, [...(answers.get(cell.caseId) ?? []), response.output]);
    facts.answers++;
    if (cell.reused) facts.reused++;
    const model = response.model ?? '(none)';
    facts.models[model] = (facts.models[model] ?? 0) + 1;
    const fingerprint = response.systemFingerprint ?? '(none)';
    facts.systemFingerprints[fingerprint] = (facts.systemFingerprints[fingerprint] ?? 0) + 1;
    if (facts.answeredFrom === null || response.createdAt < facts.answeredFrom) facts.answeredFrom = response.createdAt;
    if (facts.answeredTo === null || response.createdAt > facts.answeredTo) facts.answeredTo = response.createdAt;
  }
  const prompts = prepared.drawn.map((prompt) => ({
    id: prompt.id,
    recordings: prompt.samples.map((s) => s.output),
    answers: answers.get(prompt.id) ?? [],
  }));
  return { prompts, facts };
}

/** The row of the verifications table. */
export function verificationRow(
  plan: VerificationPlan,
  prepared: PreparedVerification,
  runId: number,
  result: VerifyResult,
  facts: EndpointFacts,
): VerificationInput {
  return {
    runId,
    target: plan.target.name,
    model: plan.target.model,
    baseUrl: plan.target.baseUrl,
    snapshot: plan.snapshot,
    referenceFile: displayPath(plan.reference.file),
    referenceSha256: plan.reference.sha256,
    prompts: result.prompts,
    seed: prepared.seed,
    alpha: result.alpha,
    outcome: result.outcome,
    pairedP: result.paired?.pValue ?? null,
    styleP: result.style?.pValue ?? null,
    summary: result.summary,
    detail: {
      details: result.details,
      warnings: result.warnings,
      paired: result.paired,
      style: result.style && { ...result.style, features: result.style.features.slice(0, 8) },
      decoding: { reference: plan.decoding.settings, request: plan.request.settings, params: plan.request.params },
      endpoint: facts,
    },
  };
}

/** What --json writes: the figures, the settings, what the endpoint reported, and a row per prompt. */
export function verificationJson(
  plan: VerificationPlan,
  prepared: PreparedVerification,
  run: { id: number; status: string },
  result: VerifyResult,
  facts: EndpointFacts,
  stored: StoredVerification,
): string {
  const perPrompt = prepared.drawn.map((p) => [p.id, p.samples.length] as const);
  const recordings: Record<string, number> = {};
  for (const [, n] of perPrompt) recordings[String(n)] = (recordings[String(n)] ?? 0) + 1;
  return `${JSON.stringify(
    {
      version: 1,
      generatedAt: new Date().toISOString(),
      tool: { name: 'pinned', version: toolVersion() },
      verification: { id: stored.id, createdAt: stored.createdAt },
      suite: { name: plan.suite.name, path: displayPath(plan.suite.path) },
      target: { name: plan.target.name, model: plan.target.model, baseUrl: plan.target.baseUrl },
      run,
      reference: {
        file: displayPath(plan.reference.file),
        sha256: plan.reference.sha256,
        snapshot: plan.snapshot,
        prompts: plan.reference.prompts.length,
        recordingsPerDrawnPrompt: recordings,
      },
      draw: { seed: prepared.seed, k: prepared.k, drawn: prepared.drawn.length, repeated: [...prepared.repeated] },
      decoding: {
        reference: plan.decoding.settings,
        request: plan.request.settings,
        params: plan.request.params,
        notes: plan.decoding.notes,
      },
      endpoint: facts,
      outcome: result.outcome,
      summary: result.summary,
      details: result.details,
      warnings: result.warnings,
      alpha: result.alpha,
      prompts: result.prompts,
      paired: result.paired,
      style: result.style,
      rows: result.rows,
    },
    null,
    2,
  )}\n`;
}

/** The tests on the answers, the verification kept (when they decided), the result printed, and --json. */
export async function concludeVerification(
  plan: VerificationPlan,
  prepared: PreparedVerification,
  runId: number,
  cells: RunCells,
  options: { alpha: number; json?: string },
  store: Store,
  io: Io,
): Promise<VerifyResult> {
  const { prompts, facts } = verifyPrompts(prepared, cells);
  const result = verifyEndpoint({
    snapshot: plan.snapshot,
    prompts,
    reference: plan.decoding.settings,
    request: plan.request.settings,
    alpha: options.alpha,
    seed: prepared.seed,
  });
  const decided = result.outcome === 'inconsistent' || result.outcome === 'no-detectable-difference';
  const stored = decided ? store.saveVerification(verificationRow(plan, prepared, runId, result, facts)) : undefined;
  io.out('');
  io.out(
    formatVerifyResult({
      result,
      runId,
      seed: prepared.seed,
      models: facts.models,
      systemFingerprints: facts.systemFingerprints,
      answers: facts.answers,
      reused: facts.reused,
      answeredFrom: facts.answeredFrom,
      ...(stored && { stored }),
    }),
  );
  if (options.json && stored) {
    const path = resolve(options.json);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, verificationJson(plan, prepared, { id: runId, status: 'completed' }, result, facts, stored));
    io.out(`JSON: ${displayPath(path)}`);
  }
  return result;
}

/** What formatVerifyIntro prints before sending. */
export function verifyIntro(plan: VerificationPlan, prepared: PreparedVerification): VerifyIntro {
  const { reference } = plan;
  return {
    target: { name: plan.target.name, model: plan.target.model, baseUrl: plan.target.baseUrl },
    reference: {
      file: displayPath(reference.file),
      rows: reference.rows,
      prompts: reference.prompts.length,
      snapshot: plan.snapshot,
      snapshotNamed: plan.snapshotNamed,
      recordingsPerPrompt: reference.prompts.map((p) => p.samples.length),
    },
    notes: plan.decoding.notes,
    dropped: plan.request.dropped,
    seed: prepared.seed,
    seedSource: prepared.seedSource,
    k: prepared.k,
    drawn: prepared.drawn.length,
  };
}
