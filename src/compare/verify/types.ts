// The nouns of a verification: what goes into verifyEndpoint and what comes out. Plain data, so
// the result can be stored with the target and written as JSON as it is.

/**
 * The request settings that change what a model writes. Absent means the API's default
 * (temperature 1, top_p 1, no max_tokens, no system message); give max_completion_tokens as
 * max_tokens.
 */
export interface DecodingSettings {
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  /** The system message's text. */
  system?: string | null;
}

export type DecodingSetting = 'temperature' | 'top_p' | 'max_tokens' | 'system prompt';

/** One setting the endpoint was (or would be) asked with that the reference was not. */
export interface DecodingMismatch {
  setting: DecodingSetting;
  /** Display values: a number, "default (1)", "none", or a quoted system prompt. */
  reference: string;
  request: string;
}

export interface VerifyPrompt {
  /** Stable id of the prompt (the reference's case id or a hash of its messages). */
  id: string;
  /** The reference's answers to this prompt: independent samples of the recorded snapshot, at least one. */
  recordings: readonly string[];
  /** The endpoint's answers to the same messages and settings, at least one. The first is tested; more only feed the repeat check. */
  answers: readonly string[];
}

export interface VerifyInput {
  /** The snapshot the reference records, e.g. "gpt-4-0314"; used in the words. */
  snapshot: string;
  /** The drawn prompts (see drawPrompts), with the endpoint's answers. */
  prompts: readonly VerifyPrompt[];
  /** The settings the reference was recorded with, and the ones the endpoint was asked with. */
  reference: DecodingSettings;
  request: DecodingSettings;
  /** Family-wise level of the two tests (default 0.05); each rejects below alpha / 2. */
  alpha?: number;
  /** Seeds the style test's sign flips (default 1). */
  seed?: number;
  /** Sign flips of the style test (default 9999). */
  flips?: number;
  /** Fewer prompts than this is too few to say anything (default 20). */
  minPrompts?: number;
}

/**
 * - no-detectable-difference: neither test rejected (exit 0 in the CLI);
 * - inconsistent: a test rejected (exit 1);
 * - not-comparable: decoding settings differ from the reference's (exit 3);
 * - too-few-prompts: fewer than minPrompts prompts with an answer (exit 3).
 */
export type VerifyOutcome = 'no-detectable-difference' | 'inconsistent' | 'not-comparable' | 'too-few-prompts';

export interface PairedResult {
  /** Prompts with two recordings and an answer. */
  prompts: number;
  /** Prompts where the endpoint is further from recording 1 than recording 2 is, and closer. */
  further: number;
  closer: number;
  /** Wilcoxon W+ and its expectation under H0. */
  statistic: number;
  expected: number;
  method: 'exact' | 'normal';
  /** One-sided: small when the endpoint is further from the recording than a second recording is. */
  pValue: number;
}

export interface StyleFeatureResult {
  name: string;
  /** Mean of endpoint - recording over the prompts (log(1 + count) for counts). */
  meanDifference: number;
  /** Sum of differences / sqrt(sum of squared differences); about N(0, 1) per feature under H0. */
  z: number;
}

export interface StyleResult {
  prompts: number;
  /** Sum over features of z^2. */
  statistic: number;
  method: 'exact' | 'monte-carlo';
  flips: number;
  seed: number;
  pValue: number;
  /** Every feature, largest |z| first. */
  features: StyleFeatureResult[];
}

/** One prompt of the per-prompt table (--json). */
export interface VerifyRow {
  id: string;
  /** Token F1 of the endpoint's answer against the first recording. */
  similarity: number;
  /** Token F1 of the second recording against the first; null with one recording. */
  recordedSimilarity: number | null;
  /** similarity - recordedSimilarity; null with one recording. */
  difference: number | null;
  /** Word counts of the tested answer and the first recording. */
  words: number;
  recordedWords: number;
}

export interface VerifyResult {
  outcome: VerifyOutcome;
  snapshot: string;
  /** Prompts tested (K). */
  prompts: number;
  alpha: number;
  /** Present when at least minPrompts prompts have two recordings. */
  paired: PairedResult | null;
  style: StyleResult | null;
  mismatches: DecodingMismatch[];
  warnings: string[];
  rows: VerifyRow[];
  /** One line: what was found, in words that claim no more than the data. */
  summary: string;
  /** Further lines: what this K can and cannot catch, what the test does not cover. */
  details: string[];
}
