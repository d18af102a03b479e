// Two pinned processes on one database at the same instant: the run is one piece of work, done once.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, runCli, tempProject } from './cli.test-helpers.js';

const env = { TEST_API_KEY: 'sk-test-concurrent' };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: false });
});
afterAll(() => server.close());

describe('two pinned runs started at once on one database', () => {
  it('one runs, the other is refused with the next step, and no request is sent twice (repeated)', { timeout: 180_000 }, async () => {
    // Long enough that the second process nearly always meets the first one's run still going.
    server.configure({ latencyMs: 40, faults: [] });
    // Prompts of ~3,600 tokens to models with a known context window: each process counts them before it
    // starts (about half a second), which is when both used to find no run to resume and both created one.
    const words = Array.from({ length: 1200 }, (_, j) => `w${(j * 7) % 1000} ${j}`).join(' ');
    const cases = Array.from({ length: 20 }, (_, i) => `  - id: case-${i}\n    prompt: "Question ${i}: ${words}"`).join('\n');
    const targets = { 'gpt-4-0314': { concurrency: 2 }, 'gpt-4.1': { concurrency: 2 } };
    const suite = `${endpointSuite({ url: server.url, count: 0, targets })}${cases}\n`;
    let refusals = 0;
    for (let attempt = 1; attempt <= 5; attempt++) {
      server.resetStats();
      const cwd = tempProject({ 'suite.yaml': suite });
      const db = join(cwd, '.pinned/pinned.db');
      const args = ['run', 'suite.yaml', '--no-compare', '--no-progress'];
      const results = await Promise.all([runCli(args, { cwd, env }), runCli(args, { cwd, env })]);
      const seen = `attempt ${attempt}:\n${results.map((r) => `exit ${r.code}\n${r.stderr}`).join('\n---\n')}`;
      expect(server.stats.completions, seen).toBe(40);
      expect(query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM responses')[0]!.n, seen).toBe(40);
      const worked = results.filter((r) => r.code === 0 && r.stderr.includes('40 to send'));
      expect(worked, seen).toHaveLength(1);
      const other = results.find((r) => r !== worked[0])!;
      expect(other.stderr, seen).not.toMatch(/\n\s+at |this is a bug/);
      if (other.code === 4) {
        refusals++;
        expect(other.stderr, seen).toMatch(
          /run 1 of this suite is in progress in process \d+ on \S+; wait for it, or start a separate run with --new/,
        );
        expect(query(db, 'SELECT id, status FROM runs'), seen).toEqual([{ id: 1, status: 'completed' }]);
      } else {
        // Only when the first run was over before the second took the lock: it found everything stored.
        expect(other.code, seen).toBe(0);
        expect(other.stderr, seen).toContain('0 to send, 40 reused from earlier runs');
      }
    }
    expect(refusals).toBeGreaterThan(0);
  });
});
