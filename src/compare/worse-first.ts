/**
 * Worst first: regressions the gate calls critical, then those a typed check, assertion or judge
 * confirmed, then the least similar to the baseline. Sorting is stable, so suite order breaks ties.
 */
export function worseFirst(
  a: { critical: boolean; confirmed: boolean; similarity: number | null },
  b: { critical: boolean; confirmed: boolean; similarity: number | null },
): number {
  return Number(b.critical) - Number(a.critical) || Number(b.confirmed) - Number(a.confirmed) || (a.similarity ?? 1) - (b.similarity ?? 1);
}
