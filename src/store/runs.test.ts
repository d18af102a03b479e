import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { catchError, createTestRun, failure, success, tempStore, testCell, testSuite, testTargets } from './store.test-helpers.js';
import type { RunRow } from './types.js';

/** The pid of a process that has certainly exited: what a run left by kill -9 records. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

describe('runs', () => {
  it('creates a running run owned by this process', () => {
    const store = tempStore();
    const run = createTestRun(store);
    expect(run).toMatchObject({
      suiteHash: 'suite-hash-1',
      suiteName: 'test',
      suitePath: '/tmp/suite.yaml',
      kind: 'run',
      status: 'running',
      finishedAt: null,
      toolVersion: '0.0.0-test',
      options: { samples: 1 },
      provenance: null,
      totalCells: 4,
      pid: process.pid,
      host: hostname(),
    });
    expect(store.getRun(run.id)).toEqual(run);
    expect(store.getRun(run.id + 1)).toBeUndefined();
  });

  it('finds the latest run of a suite when it can be resumed, and none once it completed', () => {
    const store = tempStore();
    const first = createTestRun(store);
    store.finishRun(first.id, 'interrupted');
    const second = createTestRun(store);
    store.finishRun(second.id, 'incomplete');
    createTestRun(store, testSuite(['a'], 'other-suite'));
    store.createRun({ suite: testSuite(), kind: 'import', targets: [], options: {}, totalCells: 0, toolVersion: 't' });

    expect(store.findResumableRun('suite-hash-1')?.id).toBe(second.id);
    store.finishRun(second.id, 'completed');
    expect(store.findResumableRun('suite-hash-1')).toBeUndefined();
    expect(store.findResumableRun('unknown')).toBeUndefined();
  });

  it('tells a run crashed by kill -9 from one still running elsewhere', async () => {
    const store = tempStore();
    const run = createTestRun(store);
    const crashed: RunRow = { ...run, pid: await deadPid() };
    expect(store.isRunLive(crashed)).toBe(false);
    // Still running in another process: the parent of this test worker is alive.
    expect(store.isRunLive({ ...run, pid: process.ppid })).toBe(true);
    expect(store.isRunLive(run)).toBe(false); // our own
    expect(store.isRunLive({ ...run, pid: process.ppid, status: 'interrupted' })).toBe(false);
    expect(store.isRunLive({ ...run, pid: process.ppid, host: 'some-other-host' })).toBe(false);
  });

  it('resumes a crashed run: claims it, keeps its ok cells, adds new targets', () => {
    const store = tempStore();
    const run = createTestRun(store);
    store.saveOutcome(run.id, testCell('a', 'base'), success('A'));
    store.saveOutcome(run.id, testCell('a', 'cand'), failure('boom'));

    const extra = { name: 'third', role: 'candidate' as const, kind: 'endpoint' as const, config: { model: 'third' } };
    const claimed = store.claimRun(run.id, 6, { samples: 1, resumed: true }, [...testTargets, extra]);
    expect(claimed).toMatchObject({
      id: run.id,
      status: 'running',
      pid: process.pid,
      totalCells: 6,
      options: { resumed: true },
      finishedAt: null,
    });
    expect(store.readRun(run.id).targets.map((t) => t.name)).toEqual(['base', 'cand', 'third']);
    expect(store.finishedCells(run.id).size).toBe(1);
  });

  it('refuses to claim a run another live process owns', () => {
    const store = tempStore();
    const run = createTestRun(store);
    // As if the parent process (certainly alive) had started the run and were still at it.
    const other = new Database(store.path);
    other.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(process.ppid, run.id);
    other.close();
    const error = catchError(() => store.claimRun(run.id, 4, {}));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_BUSY' });
    expect(store.getRun(run.id)?.pid).toBe(process.ppid);
  });

  it('lists runs newest first with cell counts', () => {
    const store = tempStore();
    const first = createTestRun(store);
    store.saveOutcome(first.id, testCell('a', 'base'), success('A'));
    store.finishRun(first.id, 'completed');
    const second = createTestRun(store);
    store.saveOutcome(second.id, testCell('a', 'base'), success('A'));
    store.saveOutcome(second.id, testCell('a', 'cand'), success('A'));
    store.saveOutcome(second.id, testCell('b', 'base'), failure('x'));
    store.saveMissing(second.id, testCell('b', 'cand'), 'gone');

    expect(store.listRuns().map((s) => [s.run.id, s.counts])).toEqual([
      [second.id, { ok: 2, error: 1, missing: 1, total: 4 }],
      [first.id, { ok: 1, error: 0, missing: 0, total: 4 }],
    ]);
    expect(store.latestRun()?.id).toBe(second.id);
    expect(store.latestRun({ kind: 'import' })).toBeUndefined();
  });

  it('finishes a run: sets the time and releases it', () => {
    const store = tempStore();
    const run = createTestRun(store);
    store.finishRun(run.id, 'completed');
    expect(store.getRun(run.id)).toMatchObject({ status: 'completed', pid: null, finishedAt: expect.stringMatching(/Z$/) });
    expect(() => store.finishRun(999, 'completed')).toThrow(expect.objectContaining({ code: 'STORE_NOT_FOUND' }));
  });
});
