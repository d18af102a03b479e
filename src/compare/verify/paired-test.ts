// The paired test: is the endpoint further from the recording than a second recording is?
//
// Per prompt, d = sim(endpoint, recording 1) - sim(recording 2, recording 1), with token F1 as
// sim (the same metric as comparisons: ../metrics/token-f1.ts on ../metrics/tokenize.ts). If
// the endpoint serves the recorded snapshot at the recorded settings, its answer and recording
// 2 are two independent draws from the same distribution given the prompt, so they are
// exchangeable: swapping them negates d, and d is symmetric about 0 on every prompt. That is
// exactly the Wilcoxon signed-rank test's null hypothesis, so the test's level holds by
// construction on any mix of prompts, without a threshold calibrated on other prompts (which
// the issue measured failing at 30-100% false positives when prompt categories differ). A
// substitute answers differently from both recordings, so d < 0 on most prompts: one-sided.
import { tokenF1 } from '../metrics/token-f1.js';
import { wilcoxonSignedRank, ZERO } from './wilcoxon-signed-rank.js';
import type { PairedResult } from './types.js';

/** Answers as word tokens (../metrics/tokenize.ts), so a caller tokenizes each text once. */
export interface PairedItem {
  endpoint: readonly string[];
  /** The anchor: the recording both sides are measured against. */
  first: readonly string[];
  /** An independent second recording of the same prompt. */
  second: readonly string[];
}

export interface PairedRow {
  /** sim(endpoint, first). */
  similarity: number;
  /** sim(second, first): how close a second genuine sample comes. */
  recordedSimilarity: number;
  /** similarity - recordedSimilarity. */
  difference: number;
}

export function pairedTest(items: readonly PairedItem[]): { result: PairedResult; rows: PairedRow[] } {
  const rows = items.map(({ endpoint, first, second }) => {
    const similarity = tokenF1(endpoint, first);
    const recordedSimilarity = tokenF1(second, first);
    return { similarity, recordedSimilarity, difference: similarity - recordedSimilarity };
  });
  const test = wilcoxonSignedRank(
    rows.map((row) => row.difference),
    'less',
  );
  return {
    result: {
      prompts: rows.length,
      further: rows.filter((row) => row.difference < -ZERO).length,
      closer: rows.filter((row) => row.difference > ZERO).length,
      statistic: test.statistic,
      expected: test.expected,
      method: test.method,
      pValue: test.pValue,
    },
    rows,
  };
}
