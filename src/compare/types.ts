// The nouns of the comparison stage. compare/ is pure: data in, data out, no fs, network or database.

/** How a case's outputs are compared; `text` unless the case or defaults say otherwise. */
export type CompareSpec =
  | { kind: 'text' }
  /** A label: the first capture group of `extract` (the last match in the output), or which of `labels` the output gives. */
  | { kind: 'label'; extract?: string; labels?: string[] }
  /** JSON after stripping code fences; `keys` are the fields that must match (default: every leaf). */
  | { kind: 'json'; keys?: string[] }
  /** The final number in the output, or the first capture group of `extract`; equal within `tolerance`. */
  | { kind: 'number'; extract?: string; tolerance?: number }
  /** The code in the output (fenced blocks, else the whole text), not the prose around it. */
  | { kind: 'code' };

export type CompareKind = CompareSpec['kind'];

export type Assertion =
  | { type: 'contains' | 'icontains' | 'not-contains' | 'equals' | 'starts-with' | 'regex'; value: string }
  | { type: 'is-json' }
  | { type: 'json-schema'; value: Record<string, unknown> }
  | { type: 'min-length' | 'max-length'; value: number }
  | { type: 'one-of'; value: string[] }
  /** `file.mjs#fn`, relative to the suite: fn(output, testCase) returns a boolean or { pass, reason }. */
  | { type: 'javascript'; value: string };

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
