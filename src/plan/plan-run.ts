import { cacheKey, cellKey, type Cell, type Job } from './types.js';

/** What the store knows about the cells of this run and of earlier ones. */
export interface StoreState {
  /** cellKey of the cells this run already finished. */
  finished: Set<string>;
  /** cacheKey -> id of a successful response to the same request and sample, from any run. */
  cached: Map<string, number>;
}

export interface Plan {
  /** Cells that need a request. */
  jobs: Job[];
  /** Cells answered by a stored response of an identical request. */
  reuse: Array<{ cell: Cell; responseId: number }>;
  /** Cells this run had already finished before (a resume). */
  done: number;
  total: number;
}

export function planRun(cells: Cell[], state: StoreState, options: { cache: boolean }): Plan {
  const plan: Plan = { jobs: [], reuse: [], done: 0, total: cells.length };
  for (const cell of cells) {
    if (state.finished.has(cellKey(cell))) {
      plan.done++;
      continue;
    }
    const responseId = options.cache ? state.cached.get(cacheKey(cell.requestHash, cell.sample)) : undefined;
    if (responseId !== undefined) plan.reuse.push({ cell, responseId });
    else plan.jobs.push(cell);
  }
  return plan;
}
