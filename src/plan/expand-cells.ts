import type { Suite } from '../suite/types.js';
import { samplesFor } from '../suite/samples.js';
import type { Cell } from './types.js';
import { buildRequest, hashRequest } from './build-request.js';

export interface ExpandOptions {
  /** Target names taking part, baseline first. */
  targets: string[];
  /** --samples: overrides every case, target and default. */
  samples?: number;
  /** sha256 of each replay target's recording. */
  recordings: Record<string, string>;
  /** Target -> params its model rejected in earlier runs, rewritten up front (params_compat: auto). */
  learnedRewrites?: Record<string, string[]>;
}

/**
 * Every (case, target, sample) the run must fill, case by case so that an interrupted run has
 * whole cases to compare rather than one target finished and the others not started.
 */
export function expandCells(suite: Suite, options: ExpandOptions): Cell[] {
  const cells: Cell[] = [];
  for (const testCase of suite.cases) {
    for (const name of options.targets) {
      const target = suite.targets[name];
      if (!target) throw new Error(`unknown target '${name}'`);
      const request = buildRequest(testCase, target, options.recordings[name], options.learnedRewrites?.[name]);
      const requestHash = hashRequest(request);
      const samples = samplesFor(suite, testCase, name, options.samples);
      for (let sample = 0; sample < samples; sample++) {
        cells.push({ caseId: testCase.id, target: name, sample, request, requestHash });
      }
    }
  }
  return cells;
}
