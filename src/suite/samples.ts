import type { Case, Suite } from './types.js';

/** Responses per case for a target: `--samples`, else the case's, else the target's, else the suite's default. */
export function samplesFor(
  suite: Pick<Suite, 'targets' | 'samples'>,
  testCase: Pick<Case, 'samples'>,
  target: string,
  override?: number,
): number {
  return override ?? testCase.samples ?? suite.targets[target]?.samples ?? suite.samples;
}
