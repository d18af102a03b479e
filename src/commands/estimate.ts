import { existsSync } from 'node:fs';
import { EXIT } from '../exit-codes.js';
import { estimateJobs } from '../pipeline/preflight.js';
import { chooseLineup, prepareRun, type PlanOptions } from '../pipeline/prepare-run.js';
import { resolveDbPath } from '../store/db-path.js';
import { openStore } from '../store/open-store.js';
import { displayPath } from '../suite/display-path.js';
import { loadSuite } from '../suite/load-suite.js';
import { formatContextWarnings, formatEstimate } from '../terminal/cost.js';
import type { Io } from '../terminal/io.js';
import { formatWarnings } from '../terminal/warnings.js';
import { suiteTooSmall } from '../compare/cases-needed.js';

export interface EstimateOptions extends PlanOptions {
  suite: string;
  db?: string;
  json?: boolean;
}

/** What `pinned run` with the same flags would send and cost; sends nothing, writes nothing. */
export async function estimateCommand(options: EstimateOptions, io: Io): Promise<number> {
  const suite = await loadSuite(options.suite, { env: io.env });
  if (suite.warnings.length > 0) io.err(formatWarnings(suite.warnings));
  const lineup = await chooseLineup(suite, options.only);
  const dbPath = resolveDbPath(options.db, io.env);
  // No database yet means nothing done or cached: do not create one just to find that out.
  const store = existsSync(dbPath) ? openStore(dbPath, { mode: 'read', command: 'estimate' }) : undefined;
  try {
    const prepared = prepareRun(suite, lineup, store, options);
    const { cells, resumable } = prepared;
    const estimate = await estimateJobs(prepared, store);
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            suite: { name: suite.name, path: displayPath(suite.path) },
            resumesRun: resumable?.id ?? null,
            cells: cells.length,
            ...estimate,
          },
          null,
          2,
        ),
      );
    } else {
      const resume = resumable ? `, continuing run ${resumable.id}` : '';
      // Replayed cells are planned like requests but send nothing: count what the table counts.
      const sending = estimate.targets.reduce((sum, target) => sum + target.requests, 0);
      io.out(
        formatEstimate(
          estimate,
          `estimate for ${suite.name} (${displayPath(suite.path)})${resume}: ${cells.length} cells, ${sending} to send; nothing was sent`,
        ),
      );
    }
    if (estimate.contextWarnings.length > 0) io.err(formatContextWarnings(estimate.contextWarnings));
    // Before paying for a run, say when its gate cannot clear at this size.
    const tooFew = suiteTooSmall(suite);
    if (tooFew) io.err(`note: ${tooFew}`);
    return EXIT.ok;
  } finally {
    store?.close();
  }
}
