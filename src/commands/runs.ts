import { EXIT } from '../exit-codes.js';
import { existsSync } from 'node:fs';
import { formatShard, type Shard } from '../plan/shard.js';
import { openStore } from '../store/open-store.js';
import { displayPath } from '../suite/display-path.js';
import { formatTable } from '../terminal/table.js';
import { formatDuration } from '../domain/format.js';
import { resolveDbPath } from '../store/db-path.js';
import type { Io } from '../terminal/io.js';

export function listRuns(options: { db?: string; json?: boolean }, io: Io): number {
  const path = resolveDbPath(options.db, io.env);
  // Listing creates nothing: a mistyped --db must not leave an empty database behind.
  if (!existsSync(path)) {
    if (options.json) io.out('[]');
    else io.out(`no runs yet: no database at ${displayPath(path)}`);
    return EXIT.ok;
  }
  const store = openStore(path, { mode: 'read', command: 'runs' });
  try {
    const runs = store.listRuns();
    if (options.json) {
      io.out(JSON.stringify(runs, null, 2));
      return EXIT.ok;
    }
    if (runs.length === 0) {
      io.out(`no runs yet in ${store.path}`);
      return EXIT.ok;
    }
    const rows = runs.map(({ run, counts }) => [
      run.id,
      run.suiteName,
      // A shard run holds part of the cases: say which part, since it is merged rather than compared.
      run.options.shard ? `shard ${formatShard(run.options.shard as Shard)}` : run.kind,
      run.status,
      `${counts.ok}/${run.totalCells}`,
      counts.error,
      counts.missing,
      run.startedAt.replace('T', ' ').slice(0, 19),
      run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '-',
    ]);
    io.out(formatTable(['run', 'suite', 'kind', 'status', 'done', 'errors', 'missing', 'started (UTC)', 'took'], rows));
    return EXIT.ok;
  } finally {
    store.close();
  }
}
