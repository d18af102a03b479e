import type { TargetLimits } from '../domain/limits.js';
import type { ChatMessage, ConversationTurn, Gate, Assertion, CompareSpec } from '../suite/types.js';
import type { FailureKind, ToolCall, TurnOutput, Usage } from '../domain/outcome.js';
import type { ParamRewrite } from '../domain/params-compat.js';

export type RunStatus = 'running' | 'interrupted' | 'incomplete' | 'completed';
export type RunKind = 'run' | 'import' | 'merge' | 'verify';
export type TargetRole = 'baseline' | 'candidate' | 'other';

export interface RunRow {
  id: number;
  suiteHash: string;
  suiteName: string;
  suitePath: string;
  kind: RunKind;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  toolVersion: string;
  /** The options the run was started with (targets selected, samples, concurrency...). */
  options: Record<string, unknown>;
  /** For imports: file, sha256, time, rows read and matched. */
  provenance: Record<string, unknown> | null;
  /** Cells the run is meant to fill; done + error + missing = total when it finished. */
  totalCells: number;
  /** Process that owns a running run, so a second process can tell a live run from a crashed one. */
  pid: number | null;
  host: string | null;
}

export interface RunTargetRow {
  name: string;
  role: TargetRole;
  kind: 'endpoint' | 'replay';
  /** The resolved target config minus secrets (no key values, sensitive header values redacted). */
  config: Record<string, unknown>;
}

export interface StoredCase {
  id: string;
  index: number;
  messages: ChatMessage[];
  vars: Record<string, unknown>;
  tags: string[];
  description?: string;
  compare: CompareSpec;
  assert: Assertion[];
  /** The case's right answer (expected:), when it gives one. */
  expected?: unknown;
  /** The case's own request parameters (tools, tool_choice...), when it sets any. */
  params?: Record<string, unknown>;
  /** A conversation's user turns, when the case is one. */
  turns?: ConversationTurn[];
}

export interface SuiteSettings {
  gate: Gate;
  /** The judge and embeddings endpoints in their stored form (stored-target.ts); embeddings also keep `min_cosine`. */
  judge: Record<string, unknown> | null;
  embeddings: Record<string, unknown> | null;
}

export interface ResponseRow {
  id: number;
  requestHash: string;
  sample: number;
  ok: boolean;
  output: string | null;
  /** The API's refusal field, when the model refused through it. */
  refusal?: string;
  /** The model's calls to the application's tools, in order; absent when it made none. */
  toolCalls?: ToolCall[];
  /** A conversation's answers turn by turn; absent for a single request. */
  turns?: TurnOutput[];
  finishReason: string | null;
  model: string | null;
  systemFingerprint: string | null;
  usage: Usage | null;
  latencyMs: number | null;
  attempts: number;
  errorKind: FailureKind | null;
  errorStatus: number | null;
  /** The provider's error code, e.g. rate_limit_exceeded or unsupported_parameter. */
  errorCode: string | null;
  errorMessage: string | null;
  source: 'api' | 'batch' | 'replay' | 'import';
  provenance: Record<string, unknown> | null;
  createdAt: string;
}

export type CellStatus = 'ok' | 'error' | 'missing';

export interface CellRow {
  caseId: string;
  target: string;
  sample: number;
  status: CellStatus;
  /** The response came from an earlier run or an import (same request, same sample). */
  reused: boolean;
  requestHash: string;
  response: ResponseRow | null;
  /** Why a missing cell is missing. */
  error: string | null;
}

export interface RunCounts {
  ok: number;
  error: number;
  missing: number;
  total: number;
}

export interface RunSummary {
  run: RunRow;
  counts: RunCounts;
}

export interface RunData {
  run: RunRow;
  targets: RunTargetRow[];
  cases: StoredCase[];
  /**
   * Every cell with its response, in case then target order. A big run's cells are not held: each
   * pass reads them from the store again, row by row, so go over them in one pass where you can,
   * and keep what you need of each rather than the cells.
   */
  cells: Iterable<CellRow>;
  /** The suite version's gate and helper models. */
  settings: SuiteSettings;
  /** Target name -> what params_compat: auto changed in its params (absent when nothing was). */
  paramRewrites?: Record<string, ParamRewrite[]>;
  /** Target name -> how the provider's rate limits bit it (absent when they never did). */
  limits?: Record<string, TargetLimits>;
}

/** A run's cells without its cases: what the summary after a run needs. */
export type RunCells = Pick<RunData, 'run' | 'targets' | 'cells' | 'paramRewrites' | 'limits'>;
