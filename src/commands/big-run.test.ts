import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareStoredRun } from '../pipeline/compare-stored-run.js';
import { openStore } from '../store/open-store.js';
import type { Io } from '../terminal/io.js';
import { formatRunSummary } from '../terminal/run-summary.js';
import { repoRoot, runCli, tempProject } from './cli.test-helpers.js';

const example = join(repoRoot, 'suites/example.yaml');

function quietIo(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: (t) => lines.push(t), report: (t) => lines.push(t), isTTY: false, columns: 80, env: {} };
}

// A run with more cells than are held (HELD_CELLS) is read from the store again on each pass over
// its cells. Here every run counts as big (heldCells: 0): what a user reads must not change.
describe('a run too big to hold its cells', () => {
  it('is compared, summarised and reported exactly as a run whose cells are held, against its own baseline or an earlier run', async () => {
    const cwd = tempProject({});
    for (const args of [
      ['run', example],
      ['run', example, '--new'],
    ]) {
      const ran = await runCli([...args, '--no-progress', '--no-html'], { cwd });
      expect(ran.code, ran.stderr).toBe(1);
    }
    const path = join(cwd, '.pinned/pinned.db');
    const seen = async (heldCells: number | undefined) => {
      const store = openStore(path, { mode: 'read', command: 'compare' }, heldCells === undefined ? {} : { heldCells });
      try {
        const held = Array.isArray(store.readRun(2).cells);
        const signal = new AbortController().signal;
        const own = await compareStoredRun(store, 2, { signal, quiet: true }, quietIo());
        const against = await compareStoredRun(store, 2, { signal, quiet: true, against: '1:gpt-4-0314' }, quietIo());
        const summary = formatRunSummary({ data: store.readRunCells(2), expected: {}, sent: {}, elapsedMs: 1000 });
        const report = (r: typeof own.report) => ({ ...r, generatedAt: null });
        return { held, summary, own: [own.comparison, report(own.report)], against: [against.comparison, report(against.report)] };
      } finally {
        store.close();
      }
    };
    const held = await seen(undefined);
    const paged = await seen(0);
    expect(held.held).toBe(true);
    expect(paged.held).toBe(false);
    expect(paged.summary).toBe(held.summary);
    expect(paged.own).toEqual(held.own);
    expect(paged.against).toEqual(held.against);
    // The comparison says something: regressions, costs and outputs are in it.
    expect(held.summary).toMatch(/cost/);
    expect(JSON.stringify(held.own)).toMatch(/"regressed"/);
    expect((held.own[1] as { outputs: string[] }).outputs.length).toBeGreaterThan(10);
  });
});
