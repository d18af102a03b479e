import type { Gate } from '../suite/types.js';

// The nouns of the comparison stage. compare/ is pure: data in, data out, no fs, network or database.

export interface AssertionResult {
  pass: boolean;
  /** Why, in words a reader of the report understands: "does not contain 'refund'". */
  reason: string;
}

/** Lexical metrics of one (candidate sample, baseline sample) pair; similarities in 0..1. */
export interface PairMetrics {
  /** Identical after normalisation (case, whitespace, quotes, Unicode forms). */
  exact: boolean;
  tokenF1: number;
  chrF: number;
  rougeL: number;
  /** Word-level Levenshtein distance divided by the longer length: 0 identical, 1 nothing shared. */
  editDistance: number;
  /** Candidate words / baseline words. */
  lengthRatio: number;
}

/** What one output looks like, independent of any other output. */
export interface OutputFlags {
  refusal: boolean;
  codeFence: boolean;
  /** The provider stopped it at the token limit (finish_reason 'length'). */
  truncated: boolean;
}

export type Verdict = 'same' | 'equivalent' | 'drifted' | 'changed' | 'regressed' | 'improved' | 'error';
export const VERDICTS: readonly Verdict[] = ['same', 'equivalent', 'drifted', 'changed', 'regressed', 'improved', 'error'];

/** Where the threshold for "within noise" came from, from strongest to weakest evidence. */
export type FloorSource = 'baseline' | 'candidate' | 'pooled' | 'default';

export interface NoiseFloor {
  source: FloorSource;
  /** Similarity at or above which a candidate sits within the noise. */
  value: number;
}

/** The factuality grader's classes (OpenAI evals' fact grader). */
export type JudgeGrade = 'subset' | 'superset' | 'same' | 'disagrees' | 'differs-but-irrelevant';

export interface AssertionTally {
  label: string;
  baseline: { passed: number; total: number };
  candidate: { passed: number; total: number };
  /** Why candidate samples failed (distinct reasons). */
  failures: string[];
}

/** One candidate against the baseline on one case. */
export interface CaseComparison {
  caseId: string;
  candidate: string;
  verdict: Verdict;
  /** False when only lexical similarity decided (no typed check, assertion, judge or embedding). */
  confirmed: boolean;
  /** In words, most important first. */
  reasons: string[];
  /** The baseline disagrees with itself on this case. */
  unstable: boolean;
  /** Median primary similarity of candidate samples to baseline samples (0..1). */
  similarity: number | null;
  floor: NoiseFloor | null;
  /** Medians over (candidate sample, baseline sample) pairs. */
  metrics: PairMetrics | null;
  flags: { baseline: OutputFlags; candidate: OutputFlags } | null;
  typed?: { baseline: string[]; candidate: string[]; keyDifferences: string[]; otherDifferences: string[] };
  assertions: AssertionTally[];
  judge?: { forward: JudgeGrade | null; backward: JudgeGrade | null };
  embedding?: { cosine: number; floor: number | null };
  samples: { baseline: number; candidate: number };
}

export type Decision = 'replaceable' | 'review' | 'keep-pinned';

export interface RateEstimate {
  count: number;
  rate: number;
  low: number;
  high: number;
}

export interface CandidateDecision {
  candidate: string;
  decision: Decision;
  /** Why, in words; the first reason is the headline. */
  reasons: string[];
  counts: Record<Verdict, number>;
  /** Cases with evidence (every verdict but error). */
  cases: number;
  equivalence: RateEstimate;
  regression: RateEstimate;
  /** Assertion pass/fail flips against the baseline, with an exact McNemar test. */
  flips: { negative: number; positive: number; pValue: number; adjustedPValue: number } | null;
  regressions: string[];
  criticalRegressions: string[];
  unconfirmed: number;
  /** Cases a suite would need, at the observed rates, to reach a confident decision. */
  casesNeeded: number | null;
}

/** What `pinned compare` produces for a run: every case verdict and a decision per candidate. */
export interface Comparison {
  runId: number;
  /** Where the baseline's outputs came from: this run, or another (--against). */
  baseline: { runId: number; target: string };
  candidates: string[];
  gate: Gate;
  cases: CaseComparison[];
  decisions: CandidateDecision[];
  /** What the judge and embeddings models cost for this comparison (cached calls cost nothing). */
  helpers: {
    judgeCalls: number;
    judgeTokens: number;
    /** What the judge's new calls cost at its price (the table's, or its price:); null when unknown. Absent in older comparisons. */
    judgeCostUsd?: number | null;
    embeddingCalls: number;
    embeddingTokens: number;
    /** What the new embeddings cost at the model's table price; null when unknown. Absent in older comparisons. */
    embeddingCostUsd?: number | null;
  };
}
