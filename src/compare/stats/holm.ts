// Holm's step-down adjustment for testing several candidates (or metrics) at once: controls the
// family-wise error rate like Bonferroni, never less powerful than it, and needs no assumption
// about how the tests depend on each other.
//
// Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian
// Journal of Statistics 6(2), 65-70. Adjusted values as R's p.adjust(p, method = "holm").

/**
 * Holm-adjusted p-values in the order given. With p sorted ascending, p_(i) becomes
 * max over j <= i of min(1, (m - j + 1) p_(j)): the running maximum keeps the adjusted values in
 * the same order as the raw ones, so ties and input order do not change any result.
 */
export function holmAdjust(pValues: number[]): number[] {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${p}`);
  }
  const m = pValues.length;
  const order = pValues.map((_, index) => index).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let runningMax = 0;
  order.forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
