// What typed comparison works with: the answer pulled out of an output, and how two answers differ.

/** The answer in one output, extracted before any normalisation (which would delete "(A)"). */
export interface Extracted {
  /** false when nothing could be extracted: no label found, invalid JSON, no number, no code. */
  ok: boolean;
  /** Canonical value: label (trimmed; compared ignoring case), parsed JSON with keys sorted, number, or code. */
  value: unknown;
  /** Short human text for reports: "Yes", "22.5", '{"order_id":"A-1",...}'. */
  display: string;
  /** Why extraction failed, in words: "no match for /\[(Yes|No)\]/", "invalid JSON: ...". */
  error?: string;
  /** json/code: the content came from a Markdown code fence. */
  fenced?: boolean;
}

export interface TypedComparison {
  equal: boolean;
  /** Differences in what the case compares: "quantity: 3 → 1", "label: Yes → No". */
  keyDifferences: string[];
  /** Differences outside the compared keys, or in form only (a code fence added). */
  otherDifferences: string[];
}
