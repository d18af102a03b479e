import { describeBaselineVerification, type BaselineVerification } from '../domain/verification.js';
import type { Store } from '../store/open-store.js';
import type { RunCells } from '../store/types.js';

/**
 * What the reports say about the baseline's endpoint: the latest pinned verify of its model at its
 * base URL, or a warning when it names a retired snapshot and was never checked. Nothing for a
 * baseline whose outputs are all recorded (a replay target or an import): those need no check.
 */
export function baselineVerificationOf(
  store: Store,
  baselineData: RunCells,
  baselineTarget: string,
  now: Date = new Date(),
): BaselineVerification | undefined {
  const target = baselineData.targets.find((t) => t.name === baselineTarget);
  if (!target || target.kind !== 'endpoint') return undefined;
  const model = target.config.model;
  const baseUrl = target.config.base_url;
  if (typeof model !== 'string' || typeof baseUrl !== 'string') return undefined;
  const answered = baselineData.cells.filter((c) => c.target === baselineTarget && c.status === 'ok');
  const recorded = answered.length > 0 && answered.every((c) => c.response?.source === 'import' || c.response?.source === 'replay');
  return describeBaselineVerification({ target: baselineTarget, model, recorded, latest: store.latestVerification(model, baseUrl), now });
}
