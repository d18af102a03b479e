import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatShard } from '../plan/shard.js';
import type { RunStatus } from '../store/types.js';
import type { PreparedRun } from './prepare-run.js';

export interface NotCompared {
  /** What to tell the user, when the reason is not plain from the flags they gave. */
  message?: string;
  exitCode: ExitCode;
}

/**
 * Why a run that just ended is not compared, or undefined when it is: it was interrupted, it was
 * asked not to be, it holds one shard of the cases, or --only left out the baseline or every
 * candidate, or the suite names no candidate. A run that is not compared is no gate: its exit code says only whether its cells are done.
 */
export function whyNotCompared(
  prepared: Pick<PreparedRun, 'suite' | 'names'>,
  status: RunStatus,
  options: { compare?: boolean; shard?: { index: number; count: number } },
): NotCompared | undefined {
  const { suite, names } = prepared;
  if (status === 'interrupted') return { exitCode: EXIT.interrupted };
  const cellsExitCode = status === 'completed' ? EXIT.ok : EXIT.infrastructure;
  const comparable = names.includes(suite.baseline) && names.some((name) => suite.candidates.includes(name));
  if (options.compare === false) return { exitCode: cellsExitCode };
  if (options.shard) {
    return {
      exitCode: cellsExitCode,
      ...(comparable && {
        message: `shard ${formatShard(options.shard)} is not compared on its own (it holds part of the cases): merge the shards with pinned merge, then run pinned compare (or pinned report) on the merged database`,
      }),
    };
  }
  if (comparable) return undefined;
  if (suite.candidates.length === 0) {
    return {
      exitCode: cellsExitCode,
      message: `not compared: the suite has no candidate (candidates: []), so this exit code is no gate; name a target under candidates: to compare it with ${suite.baseline}`,
    };
  }
  const lacking = names.includes(suite.baseline) ? 'no candidate' : 'not the baseline';
  return {
    exitCode: cellsExitCode,
    message:
      `not compared: --only runs ${lacking}, so this exit code is no gate. A run of the whole suite reuses these outputs ` +
      `(identical requests are not sent again) and compares; or pinned compare RUN --against RUN:${suite.baseline}`,
  };
}
