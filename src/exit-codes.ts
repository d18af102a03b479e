// Every exit code pinned uses, and what decides each: cli.ts sets them, nothing else does.
import type { Comparison } from './compare/types.js';
import { ConfigError, CostError, RecordingError, StoreError, SuiteError, UsageError } from './errors.js';

export const EXIT = { ok: 0, gate: 1, usage: 2, inconclusive: 3, infrastructure: 4, interrupted: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** After a comparison: 1 a candidate must stay pinned; 4 cases lacked outputs; 3 not enough evidence; 0 the gate passed. */
export function gateExitCode(comparison: Pick<Comparison, 'decisions' | 'cases'>, incomplete = false): ExitCode {
  if (comparison.decisions.some((d) => d.decision === 'keep-pinned')) return EXIT.gate;
  if (incomplete || comparison.cases.some((c) => c.verdict === 'error')) return EXIT.infrastructure;
  if (comparison.decisions.some((d) => d.decision === 'review')) return EXIT.inconclusive;
  return EXIT.ok;
}

/**
 * An error's code: what the user can fix (the suite, a flag, the environment, a path) is 2;
 * a database busy with another run, other failures of ours and bugs are 4.
 */
export function errorExitCode(error: unknown): ExitCode {
  if (error instanceof StoreError) return error.code === 'STORE_BUSY' ? EXIT.infrastructure : EXIT.usage;
  const theUsers = [SuiteError, UsageError, ConfigError, CostError, RecordingError].some((kind) => error instanceof kind);
  return theUsers ? EXIT.usage : EXIT.infrastructure;
}
