import { UsageError } from '../errors.js';
import type { Suite } from '../suite/types.js';

/**
 * The targets a run takes part with, baseline first. `--only` takes `baseline`, `candidates`
 * or target names, repeated or comma-separated.
 */
export function selectTargets(suite: Suite, only: string[] | undefined): string[] {
  const all = [suite.baseline, ...suite.candidates];
  if (!only || only.length === 0) return all;
  const wanted = new Set<string>();
  for (const word of only
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean)) {
    if (word === 'baseline') wanted.add(suite.baseline);
    else if (word === 'candidates') suite.candidates.forEach((name) => wanted.add(name));
    else if (suite.targets[word]) wanted.add(word);
    else
      throw new UsageError(
        `--only ${word}: the suite has no target '${word}'`,
        `use baseline, candidates, or one of: ${Object.keys(suite.targets).join(', ')}`,
      );
  }
  // Keep the suite's order (baseline first) whatever order the flag used.
  return [...all.filter((name) => wanted.has(name)), ...[...wanted].filter((name) => !all.includes(name))];
}
