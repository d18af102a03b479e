import { existsSync } from 'node:fs';
import { openStore } from '../store/open-store.js';
import { loadSuite } from '../suite/load-suite.js';
import { displayPath } from '../suite/display-path.js';
import { formatContextWarnings, formatEstimate } from '../terminal/cost.js';
import { formatWarnings } from '../terminal/warnings.js';
import { estimateJobs } from './costs.js';
import { resolveDbPath } from './db-path.js';
import type { Io } from './io.js';
import { readRecordings } from './lanes.js';
import { learnedRewrites } from './lanes.js';
import { batchTargets } from './batch-lanes.js';
import { planCells } from './plan-cells.js';
import { selectTargets } from './targets.js';
import { gateMinimum, tooFewCases } from '../compare/cases-needed.js';

export interface EstimateOptions {
  suite: string;
  db?: string;
  only?: string[];
  samples?: number;
  new?: boolean;
  cache: boolean;
  json?: boolean;
  /** Price every endpoint target as sent through the Batch API, as `pinned run --batch` sends it. */
  batch?: boolean;
}

/** What `pinned run` with the same flags would send and cost; sends nothing, writes nothing. */
export async function estimateSuite(options: EstimateOptions, io: Io): Promise<number> {
  const suite = await loadSuite(options.suite, { env: io.env });
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const names = selectTargets(suite, options.only);
  const recordings = await readRecordings(suite, names);
  const dbPath = resolveDbPath(options.db, io.env);
  // No database yet means nothing done or cached: do not create one just to find that out.
  const store = existsSync(dbPath) ? openStore(dbPath) : undefined;
  try {
    const { cells, resumable, plan } = planCells(suite, store, names, recordings, { ...options, ...(store && { learnedRewrites: learnedRewrites(suite, names, store) }) });
    const estimate = await estimateJobs(suite, store, cells, plan.jobs, batchTargets(suite, names, options.batch));
    if (options.json) {
      io.out(JSON.stringify({ suite: { name: suite.name, path: displayPath(suite.path) }, resumesRun: resumable?.id ?? null, cells: cells.length, ...estimate }, null, 2));
    } else {
      const resume = resumable ? `, continuing run ${resumable.id}` : '';
      // Replayed cells are planned like requests but send nothing: count what the table counts.
      const sending = estimate.targets.reduce((sum, target) => sum + target.requests, 0);
      io.out(formatEstimate(estimate, `estimate for ${suite.name} (${displayPath(suite.path)})${resume}: ${cells.length} cells, ${sending} to send; nothing was sent`));
    }
    if (estimate.contextWarnings.length > 0) io.err(formatContextWarnings(estimate.contextWarnings));
    // Before paying for a run, say when its gate cannot clear at this size.
    const tooFew = tooFewCases(gateMinimum(suite.gate, suite.cases, suite.targets[suite.baseline]!.samples ?? suite.samples), suite.cases.length);
    if (tooFew) io.err(`note: ${tooFew}`);
    return 0;
  } finally {
    store?.close();
  }
}
