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
  let answered = 0;
  let recorded = true;
  // One pass, stopped at the first answer from an endpoint (a big run's cells are read as they are iterated).
  for (const cell of baselineData.cells) {
    if (cell.target !== baselineTarget || cell.status !== 'ok') continue;
    answered++;
    if (cell.response?.source !== 'import' && cell.response?.source !== 'replay') {
      recorded = false;
      break;
    }
  }
  return describeBaselineVerification({
    target: baselineTarget,
    model,
    recorded: answered > 0 && recorded,
    latest: store.latestVerification(model, baseUrl),
    now,
  });
}
