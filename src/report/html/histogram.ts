/** Counts of values in 0..1, in `bins` equal-width bins; 1.0 falls in the last bin. */
export function histogram(values: number[], bins = 20): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(value * bins)));
    counts[bin]! += 1;
  }
  return counts;
}
