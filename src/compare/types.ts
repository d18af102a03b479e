import type { ReviewMark } from '../domain/review.js';
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

export interface LexicalFlags {
  /** The candidate falls outside the floor (or refuses where the baseline's sample did not, or the reverse). */
  outside: boolean;
  /** The same rule applied to the baseline's held-out sample(s); null when the baseline has one sample here. */
  baselineOutside: boolean | null;
  /** That held-out sample's similarity to the baseline's first sample. */
  baselineSimilarity: number | null;
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
/** What the sequential rule and the progress counts need of a verdict: all a run comparing as answers arrive keeps of one. */
/**
 * What the sequential rule needs of a case's verdict, held per case while a run compares as answers
 * arrive (keyed by case id): so few combinations that they are shared, not made per case.
 */
export interface VerdictFigures {
  verdict: Verdict;
  confirmed: boolean;
  lexical?: Pick<LexicalFlags, 'outside' | 'baselineOutside'>;
}

export interface CaseComparison {
  caseId: string;
  candidate: string;
  verdict: Verdict;
  /**
   * False when nothing but lexical similarity or the refusal heuristic decided (no assertion,
   * expected answer, typed value, judge or embedding): such verdicts are weighed at suite level
   * against the baseline's own noise (see `lexical`), never as evidence on their own.
   */
  confirmed: boolean;
  /** In words, most important first. */
  reasons: string[];
  /** The baseline disagrees with itself on this case. */
  unstable: boolean;
  /**
   * Primary similarity to the baseline (0..1): for cases judged lexically, the statistic the
   * noise rule compares with the floor (candidate samples against the baseline's first sample);
   * otherwise the median over (candidate sample, baseline sample) pairs.
   */
  similarity: number | null;
  floor: NoiseFloor | null;
  /**
   * Cases judged lexically (text or code without checks, typed cases where neither side gives a
   * value): the suite's noise rule applied to the candidate and, the same way, to a held-out
   * sample of the baseline. Absent for cases settled by evidence, and in older comparisons.
   */
  lexical?: LexicalFlags;
  /** The case's expected answer and how many samples of each side give it. */
  expected?: { display: string; baseline: { right: number; total: number }; candidate: { right: number; total: number } };
  /** Medians over (candidate sample, baseline sample) pairs. */
  metrics: PairMetrics | null;
  flags: { baseline: OutputFlags; candidate: OutputFlags } | null;
  typed?: { baseline: string[]; candidate: string[]; keyDifferences: string[]; otherDifferences: string[] };
  /**
   * The tool calls most samples of each side made (`get_order({"order_id":"123"})`) and how they
   * differ; absent when neither side called a tool.
   */
  toolCalls?: { baseline: string[]; candidate: string[]; differences: string[]; otherDifferences: string[] };
  assertions: AssertionTally[];
  /** The judge's grades both ways; `error` when it could not grade (no answer, or none read from a clearly marked last line). */
  judge?: { forward: JudgeGrade | null; backward: JudgeGrade | null; error?: string };
  embedding?: { cosine: number; floor: number | null };
  samples: { baseline: number; candidate: number };
  /** Hashes of each side's outputs (outputsHash): what a review of this case names. Absent when a side has none, and in older comparisons. */
  outputs?: { baseline: string; candidate: string };
  /** The person's review the verdict rests on, when one applies to these outputs. */
  review?: ReviewMark;
  /** A review of other outputs of this case: it no longer applies, and the case is asked again. */
  lapsedReview?: ReviewMark;
  /** A conversation case: each turn compared on its own (`caseId` is the turn's); the fields above are the conversation's as a whole. */
  turns?: TurnComparison[];
}

/** One turn of a conversation, compared as a case is. */
export type TurnComparison = Omit<CaseComparison, 'candidate' | 'turns'> & { turn: number };

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
  /** Cases with outputs from both sides (every verdict but error). */
  cases: number;
  /** Of those, the cases whose verdict rests on evidence (checks, typed values, structure, judge, embeddings). Absent in older comparisons. */
  evidenceCases?: number;
  /** Agreement on the cases with evidence: same, equivalent, consistent drift, improved. (Older comparisons: over every case.) */
  equivalence: RateEstimate;
  /** Regressions on the cases with evidence. */
  regression: RateEstimate;
  /** Regressed, improved or changed cases with evidence, when the gate sets max_change_rate. */
  change?: RateEstimate;
  /** Evidence flips, regressed against improved cases, with an exact McNemar test (two-sided). */
  flips: { negative: number; positive: number; pValue: number; adjustedPValue: number } | null;
  /** The cases judged lexically, against the baseline's own noise; null when there are none. Absent in older comparisons. */
  lexical?: LexicalFigures | null;
  regressions: string[];
  criticalRegressions: string[];
  /** Critical cases whose answer changed with nothing saying which side is right. Absent in older comparisons. */
  criticalChanges?: string[];
  unconfirmed: number;
  /** Cost per answer and p95 latency as multiples of the baseline's (null: unknown). Absent in older comparisons. */
  budget?: { costRatio: number | null; p95Ratio: number | null };
  /** Verdicts resting on a person's review (the review file next to the suite). Absent in older comparisons. */
  reviewed?: { accepted: number; rejected: number };
  /**
   * The fewest cases at which the gate's own tests would decide (replaceable or keep-pinned) at
   * the rates observed, for every larger suite too; null when decided, or when no size would.
   */
  casesNeeded: number | null;
  /** The run stopped sending this candidate once the sequential rule decided (--stop-early). Absent otherwise. */
  stoppedEarly?: EarlyStop;
}

/** A candidate the sequential rule decided on a prefix of the cases (sent in a seeded random order), and what not sending the rest saved. */
export interface EarlyStop {
  decision: 'replaceable' | 'keep-pinned';
  /** The completed prefix the rule decided on. */
  cases: number;
  /** Of the suite's cases. */
  of: number;
  reasons: string[];
  /** The order's seed (--seed). */
  seed: number;
  /** The gate it was decided under (absent in stops kept before it was recorded: the run's own). */
  gate?: Gate;
  /** What the cells left unsent would have cost, the baseline's included when no candidate needed them: estimated. */
  /** usd: the priced targets' unsent cells (null: none priced); unpriced: targets left out of it for want of a price. */
  saved: { requests: number; tokens: number; usd: number | null; unpriced?: string[] };
}

export interface LexicalFigures {
  cases: number;
  /** Cases where the candidate falls outside the noise floor. */
  outside: number;
  /** How often the baseline falls outside its own floor: measured on its held-out samples, or the calibrated default. */
  baseline: { source: 'samples' | 'default'; cases: number; outside: number; rate: number };
  /** How much more often than the baseline the candidate may fall outside (the gate's max_regression_rate). */
  margin: number;
  /** One-sided p-value of "the candidate falls outside no more often than the baseline plus the margin". */
  pValue: number;
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
