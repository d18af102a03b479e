import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RecordingError, UsageError } from '../errors.js';
import { findRecorded, readRecording } from '../execute/recording.js';
import type { Success } from '../execute/types.js';
import { buildRequest, hashRequest } from '../plan/build-request.js';
import type { Cell } from '../plan/types.js';
import { openStore } from '../store/open-store.js';
import { loadSuite } from '../suite/load-suite.js';
import { displayPath } from '../suite/display-path.js';
import { toolVersion } from '../version.js';
import { resolveDbPath } from './db-path.js';
import type { Io } from './io.js';
import { secretValues, targetRow, withoutSecrets } from './targets.js';

export interface ImportOptions {
  suite: string;
  target: string;
  from: string;
  db?: string;
}

/**
 * Stores a recording as a run of one target. Outputs are keyed by the request that target would
 * send, so a later `pinned run` reuses them instead of calling a model that may no longer exist:
 * this is how a retired snapshot stays a baseline.
 */
export async function importRecording(options: ImportOptions, io: Io): Promise<number> {
  const suite = await loadSuite(options.suite, { env: io.env });
  const target = suite.targets[options.target];
  if (!target) {
    throw new UsageError(`--target ${options.target}: the suite has no such target`, `targets: ${Object.keys(suite.targets).join(', ')}`);
  }
  const file = resolve(options.from);
  if (!existsSync(file)) throw new UsageError(`--from ${options.from}: file not found`, 'the path is relative to the current folder, not to the suite');
  const recording = await readRecording(file);
  const importedAt = new Date().toISOString();
  const provenance = { file: displayPath(file), sha256: recording.sha256, importedAt, rows: recording.rows };

  const items: Array<{ cell: Cell; outcome: Success; provenance: Record<string, unknown> }> = [];
  const missing: Cell[] = [];
  for (const testCase of suite.cases) {
    const request = buildRequest(testCase, target, recording.sha256);
    const requestHash = hashRequest(request);
    let sample = 0;
    for (let found = findRecorded(recording, testCase.id, testCase.messages, sample); found; found = findRecorded(recording, testCase.id, testCase.messages, ++sample)) {
      items.push({
        cell: { caseId: testCase.id, target: target.name, sample, request, requestHash },
        outcome: {
          ok: true,
          output: found.output,
          finishReason: found.finishReason,
          model: found.model,
          systemFingerprint: null,
          usage: found.usage,
          latencyMs: found.latencyMs ?? null,
          attempts: 1,
          source: 'import',
        },
        provenance: { ...provenance, line: found.line },
      });
    }
    if (sample === 0) missing.push({ caseId: testCase.id, target: target.name, sample: 0, request, requestHash });
  }
  const strays = strayCaseIds(recording.byCase.keys(), suite.cases);
  if (items.length === 0) {
    throw new RecordingError(
      `no row of ${displayPath(file)} matches a case of ${displayPath(suite.path)}; rows match by "case" id, or by the rendered messages of an OpenAI-style log${strays ? `\n  ${strays}` : ''}`,
      file,
    );
  }

  const store = openStore(resolveDbPath(options.db, io.env));
  try {
    const matched = suite.cases.length - missing.length;
    const run = store.createRun({
      suite: withoutSecrets(suite, secretValues(suite, io.env)),
      kind: 'import',
      targets: [targetRow(suite, target, target.kind === 'replay' ? recording.sha256 : undefined)],
      options: { target: target.name, from: displayPath(file) },
      provenance: { ...provenance, outputs: items.length, matchedCases: matched, missingCases: missing.map((cell) => cell.caseId) },
      totalCells: items.length + missing.length,
      toolVersion: toolVersion(),
    });
    store.saveImported(run.id, items);
    for (const cell of missing) store.saveMissing(run.id, cell, `no recording for case '${cell.caseId}' in ${displayPath(file)}`);
    store.finishRun(run.id, missing.length > 0 ? 'incomplete' : 'completed');
    io.out(
      `imported ${items.length} output${items.length === 1 ? '' : 's'} of ${target.name} for ${matched} of ${suite.cases.length} cases ` +
        `into run ${run.id} (${displayPath(file)}, sha256 ${recording.sha256.slice(0, 12)})`,
    );
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).map((cell) => cell.caseId).join(', ');
      io.err(`missing for ${missing.length} case${missing.length === 1 ? '' : 's'}: ${shown}${missing.length > 10 ? ', …' : ''}`);
    }
    if (strays) io.err(`not imported: ${strays}`);
    io.err(`a later \`pinned run\` of this suite reuses these outputs for ${target.name} instead of sending its requests`);
    return 0;
  } finally {
    store.close();
  }
}

/** Case ids the recording has and the suite does not: a typo, or a case renamed since it was recorded. */
function strayCaseIds(recorded: Iterable<string>, cases: Array<{ id: string }>): string | undefined {
  const known = new Set(cases.map((c) => c.id));
  const strays = [...recorded].filter((id) => !known.has(id));
  if (strays.length === 0) return undefined;
  const shown = `${strays.slice(0, 10).join(', ')}${strays.length > 10 ? ', …' : ''}`;
  return `rows for ${strays.length} case id${strays.length === 1 ? '' : 's'} the suite does not have: ${shown} (a typo, or a case renamed since it was recorded?)`;
}
