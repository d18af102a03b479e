// SQuAD's token F1 (the official evaluate-v1.1 script's f1_score), minus its normalisation: the
// tokens come in already normalised and tokenised, and articles and punctuation are kept (see
// normalize.ts for why).

/**
 * Bag-of-tokens F1: overlap = sum over tokens of min(count in candidate, count in baseline),
 * precision = overlap / |candidate|, recall = overlap / |baseline|, F1 = 2PR / (P + R).
 * Both empty: 1 (nothing differs); exactly one empty: 0.
 */
export function tokenF1(candidate: readonly string[], baseline: readonly string[]): number {
  if (candidate.length === 0 || baseline.length === 0) return candidate.length === baseline.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const token of baseline) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let overlap = 0;
  for (const token of candidate) {
    const left = remaining.get(token);
    if (left) {
      overlap++;
      remaining.set(token, left - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / candidate.length;
  const recall = overlap / baseline.length;
  return (2 * precision * recall) / (precision + recall);
}
