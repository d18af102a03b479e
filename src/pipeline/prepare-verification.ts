// What a verification sends, decided before anything is: the reference's snapshot and settings,
// the request for the target, the prompts drawn, and which of them are already answered. A
// verification is stored as a run of kind 'verify' whose cases are the drawn prompts, so it is
// resumable and its answers are reused by request hash like any run's.
import { randomInt } from 'node:crypto';
import { drawPrompts } from '../compare/verify/draw-prompts.js';
import {
  referenceDecoding,
  verifyRequest,
  type ReferenceDecoding,
  type StatedDecoding,
  type VerifyRequest,
} from '../compare/verify/reference-decoding.js';
import { RecordingError, UsageError } from '../errors.js';
import type { Reference, ReferencePrompt } from '../execute/verify-reference.js';
import { canonicalJson, sha256 } from '../plan/canonical.js';
import { expandCells } from '../plan/expand-cells.js';
import { planRun } from '../plan/plan-run.js';
import type { Store } from '../store/open-store.js';
import { displayPath } from '../suite/display-path.js';
import type { Case, EndpointTarget, Suite } from '../suite/types.js';
import type { PreparedRun } from './prepare-run.js';

/** Prompts asked a second time when the reference was sampled (temperature above 0): the repeat check. */
export const REPEATS = 10;

export interface VerificationPlan {
  suite: Suite;
  target: EndpointTarget;
  reference: Reference;
  /** The snapshot the reference records: the model its rows name, else the target's model. */
  snapshot: string;
  /** Whether the rows named it (else it is the target's model, taken on trust). */
  snapshotNamed: boolean;
  decoding: ReferenceDecoding;
  request: VerifyRequest;
}

/** The target, the reference's snapshot and settings, and the request; throws when the reference cannot serve. */
export function planVerification(
  suite: Suite,
  targetName: string,
  reference: Reference,
  stated: StatedDecoding,
  countTokens: (text: string, model: string) => number,
): VerificationPlan {
  const target = endpointTarget(suite, targetName);
  const file = displayPath(reference.file);
  const samples = reference.prompts.flatMap((p) => p.samples);
  if (samples.length === 0) {
    throw new RecordingError(
      `no row of ${file} is a recording of a prompt: log rows bring their messages, case rows must name a case of ${displayPath(suite.path)}` +
        (reference.strays.length > 0
          ? ` (unknown case ids: ${reference.strays.slice(0, 5).join(', ')}${reference.strays.length > 5 ? ', …' : ''})`
          : ''),
      reference.file,
    );
  }
  const models = [...new Set(samples.map((s) => s.model).filter((m): m is string => m !== null))];
  if (models.length > 1) {
    throw new RecordingError(
      `the rows of ${file} name ${models.length} models (${models.join(', ')}): a reference records one snapshot; keep the rows of the one the target should serve`,
      reference.file,
    );
  }
  const snapshot = models[0] ?? target.model;
  const decoding = referenceDecoding(
    samples.map((s) => ({ params: s.params, finishReason: s.finishReason, line: s.line, tokens: () => countTokens(s.output, snapshot) })),
    stated,
  );
  if (!decoding.ok) {
    throw new RecordingError(`${file} cannot serve as a reference:\n${decoding.problems.map((p) => `  ${p}`).join('\n')}`, reference.file);
  }
  return {
    suite,
    target,
    reference,
    snapshot,
    snapshotNamed: models.length === 1,
    decoding,
    request: verifyRequest(decoding, target.params),
  };
}

function endpointTarget(suite: Suite, name: string): EndpointTarget {
  const target = suite.targets[name];
  const endpoints = Object.values(suite.targets).filter((t) => t.kind === 'endpoint');
  const list = `the suite's endpoint targets: ${endpoints.map((t) => t.name).join(', ') || 'none'}`;
  if (!target) throw new UsageError(`--target ${name}: the suite has no such target`, list);
  if (target.kind !== 'endpoint')
    throw new UsageError(`--target ${name} replays a recording: only an endpoint can be verified (recorded outputs need no check)`, list);
  return target;
}

export interface PreparedVerification extends PreparedRun {
  /** The user's suite and target; `suite` (of PreparedRun) is the verification's own, whose cases are the drawn prompts. */
  userSuite: Suite;
  target: EndpointTarget;
  seed: number;
  /** K asked for, and the prompts drawn (fewer when the reference has fewer). */
  k: number;
  drawn: ReferencePrompt[];
  /** Ids of the prompts asked twice. */
  repeated: Set<string>;
  /** --seed, the seed of the unfinished verification this one continues, or a new one drawn at random. */
  seedSource: 'flag' | 'resumed' | 'random';
}

export interface PrepareOptions {
  k: number;
  seed?: number;
  new?: boolean;
  cache: boolean;
}

/**
 * The draw and its cells. Without --seed, an unfinished verification of the same suite, target,
 * reference and K is continued with its own seed (so the same command resumes it); otherwise a
 * new seed is drawn at random and printed.
 */
export function prepareVerification(plan: VerificationPlan, store: Store, options: PrepareOptions): PreparedVerification {
  const { suite, target, reference, request } = plan;
  const latest = options.new
    ? undefined
    : store.latestVerifyRun({ suite: suite.hash, target: target.name, referenceSha256: reference.sha256, prompts: options.k });
  const unfinished = latest && latest.status !== 'completed' ? latest : undefined;
  const seed = options.seed ?? (unfinished ? Number(unfinished.options.seed) : randomInt(1, 1_000_000));
  const byId = new Map(reference.prompts.map((p) => [p.id, p]));
  const drawn = drawPrompts([...byId.keys()], { k: options.k, seed }).map((id) => byId.get(id)!);
  const sampled = (request.settings.temperature ?? 1) > 0;
  const repeated = new Set(sampled ? drawn.slice(0, REPEATS).map((p) => p.id) : []);

  const { paramsCompat: _compat, batch: _batch, samples: _samples, ...endpoint } = target;
  const verifyTarget: EndpointTarget = { ...endpoint, params: request.params };
  const cases: Case[] = drawn.map((prompt, index) => ({
    id: prompt.id,
    index,
    messages: prompt.messages,
    vars: {},
    tags: [],
    compare: { kind: 'text' },
    assert: [],
    samples: repeated.has(prompt.id) ? 2 : 1,
    loc: { file: displayPath(reference.file) },
  }));
  const verifySuite: Suite = {
    name: suite.name,
    path: suite.path,
    // One verification: this suite version's target, this reference, this draw.
    hash: sha256(canonicalJson({ verify: 1, suite: suite.hash, target: target.name, reference: reference.sha256, seed, k: options.k })),
    source: { yaml: suite.source.yaml, files: {} },
    baseline: target.name,
    candidates: [],
    targets: { [target.name]: verifyTarget },
    cases,
    samples: 1,
    gate: suite.gate,
    warnings: [],
  };
  const cells = expandCells(verifySuite, { targets: [target.name], recordings: {} });
  const resumable = options.new ? undefined : store.findResumableRun(verifySuite.hash, 'verify');
  const planned = planRun(
    cells,
    {
      finished: resumable ? store.finishedCells(resumable.id) : new Set(),
      cached: options.cache ? store.cachedResponses(cells) : new Map(),
    },
    { cache: options.cache },
  );
  return {
    suite: verifySuite,
    names: [target.name],
    recordings: {},
    cells,
    resumable,
    plan: planned,
    sending: planned.jobs.length > 0 ? [target.name] : [],
    batched: new Set(),
    learned: {},
    userSuite: suite,
    target,
    seed,
    k: options.k,
    drawn,
    repeated,
    seedSource: options.seed !== undefined ? 'flag' : unfinished ? 'resumed' : 'random',
  };
}
