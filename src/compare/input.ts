import type { Review } from '../domain/review.js';
import type { Budget } from './budget-gate.js';
import type { Gate, Assertion, CompareSpec } from '../suite/types.js';
import type { ToolCall } from '../domain/outcome.js';
import type { AssertionResult, Comparison, EarlyStop, JudgeGrade } from './types.js';

/** One sample of one target on one case, as the comparison sees it. */
export interface SampleOutput {
  sample: number;
  ok: boolean;
  /** The text (or the refusal when the model gave no text). */
  output: string;
  /** The calls to the application's tools, in order; absent or empty when none. */
  toolCalls?: ToolCall[];
  finishReason: string | null;
  /** Why a failed sample failed (provider message, missing recording). */
  error: string | null;
  /** A conversation's turn this sample never reached, and why (its conversation ended at an earlier turn). */
  unreached?: string;
}

export interface CaseInput {
  id: string;
  tags: string[];
  compare: CompareSpec;
  assert: Assertion[];
  /** The right answer (expected:), as the compare kind reads it; checked against both sides. */
  expected?: unknown;
  baseline: SampleOutput[];
  /** Candidate name -> its samples. */
  candidates: Record<string, SampleOutput[]>;
  /**
   * One turn of a conversation case (compared as a case of its own, `id` being the turn's, then
   * folded into the conversation's comparison): the case, the turn (1-based), how many it has, and
   * the user's message of the turn (what a judge is told the question was).
   */
  conversation?: { caseId: string; turn: number; turns: number; question: string };
}

/** Results the edge computed with IO: user JavaScript assertions, judge grades, embeddings. */
export interface ExternalEvidence {
  /** javascriptKey(caseId, target, sample, assertionIndex) -> result. */
  javascript?: Map<string, AssertionResult>;
  /** judgeKey(caseId, candidate) -> grades in both orders. */
  judge?: Map<string, { forward: JudgeGrade | null; backward: JudgeGrade | null; error?: string }>;
  /** embeddingKey(caseId, candidate) -> cosine to the baseline and the baseline's own floor. */
  embeddings?: Map<string, { cosine: number; floor: number | null }>;
}

export interface CompareInput {
  runId: number;
  baseline: { runId: number; target: string };
  candidates: string[];
  cases: CaseInput[];
  gate: Gate;
  external?: ExternalEvidence;
  helpers?: Comparison['helpers'];
  /** People's reviews (the review file next to the suite): evidence where a review's outputs are these outputs. */
  reviews?: Review[];
  /** Candidate -> its cost per answer and p95 latency relative to the baseline's, measured at the edge. */
  budget?: Record<string, Budget>;
  /** Candidates the run stopped sending early (--stop-early), with the sequential rule's decision. */
  stopped?: Record<string, EarlyStop>;
  /** The suite's cases in each stopped run's seeded order (by seed): what re-judging a stop under another gate reads. */
  stopOrders?: Record<number, readonly string[]>;
  /** The run was stopping early with this seed: a candidate it did not stop is told why. */
  stoppingSeed?: number;
}

export function javascriptKey(caseId: string, target: string, sample: number, assertion: number): string {
  return `${caseId}\u0000${target}\u0000${sample}\u0000${assertion}`;
}

export function pairKey(caseId: string, candidate: string): string {
  return `${caseId}\u0000${candidate}`;
}
