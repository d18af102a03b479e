// The workflow `pinned init` writes (and the README shows), its shell steps run the way a GitHub
// runner runs them (bash --noprofile --norc -eo pipefail, the runner's variables, ${{ }} filled
// in), against the built CLI as `npx --no pinned` and a stand-in for GitHub's REST API on
// 127.0.0.1: main's run keeps its database, a pull request's run says what changed since it, and
// its summary becomes one comment, updated on the next push instead of added again.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTER_SUITE_PATH, WORKFLOW } from '../suite/starter-files.js';
import { cliPath, exampleProject } from './cli.test-helpers.js';

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
const steps = (parse(WORKFLOW) as { jobs: { pinned: { steps: Step[] } } }).jobs.pinned.steps;

/** GitHub's issue-comment endpoints, as far as the workflow uses them, with 100 per page. */
function fakeGitHub() {
  const comments: Array<{ id: number; body: string }> = Array.from({ length: 130 }, (_, i) => ({ id: i + 1, body: `chatter ${i}` }));
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      calls.push(`${req.method} ${url.pathname}${url.search}`);
      if (req.headers.authorization !== 'Bearer test-token') return void res.writeHead(401).end('{"message":"Bad credentials"}');
      const reply = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && url.pathname === '/repos/acme/app/issues/7/comments') {
        const page = Number(url.searchParams.get('page') ?? 1);
        const size = Number(url.searchParams.get('per_page') ?? 30);
        return reply(200, comments.slice((page - 1) * size, page * size));
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/app/issues/7/comments') {
        const comment = { id: comments.length + 1, body: (JSON.parse(text) as { body: string }).body };
        comments.push(comment);
        return reply(201, comment);
      }
      const patch = /^\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && patch) {
        const comment = comments.find((c) => c.id === Number(patch[1]));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = (JSON.parse(text) as { body: string }).body;
        return reply(200, comment);
      }
      reply(404, { message: 'Not Found' });
    });
  });
  return { server, comments, calls };
}

/** bash as the runner starts it for a `run:` step. */
function shell(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], options);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// The comment step needs jq and curl, as GitHub's runners have them; without them these tests skip
// saying so (.ci/run installs both and sets PINNED_REQUIRE_TOOLS=1 so they cannot skip there).
const missingTools = ['jq', 'curl'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missingTools.length > 0 && process.env.PINNED_REQUIRE_TOOLS === '1') {
  throw new Error(`PINNED_REQUIRE_TOOLS=1 but ${missingTools.join(' and ')} not on PATH`);
}
const toolsNote = missingTools.length
  ? ` [skipped: no ${missingTools.join(' or ')} on PATH; apt-get install -y ${missingTools.join(' ')}]`
  : '';

describe.skipIf(missingTools.length > 0)(
  `the GitHub Actions workflow of pinned init: its shell steps, run as the runner runs them${toolsNote}`,
  () => {
    const github = fakeGitHub();
    let api = '';
    beforeAll(async () => {
      await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
      api = `http://127.0.0.1:${(github.server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => github.server.close(() => resolve())));

    /** Runs every `run:` step after `npm ci` (the uses: steps belong to the runner) for one event. */
    async function job(cwd: string, event: { name: 'push' | 'pull_request'; ref: string }) {
      const summary = join(cwd, `step-summary-${Math.random().toString(36).slice(2)}`);
      writeFileSync(summary, '');
      const results: Record<string, { status: number | null; stdout: string; stderr: string }> = {};
      let failed = false;
      for (const step of steps.filter((s) => s.run && s.run !== 'npm ci')) {
        // if: always() steps run after a failure; the others only while the job is green.
        if (failed && !step.if?.startsWith('always()')) continue;
        if (step.if?.includes("github.event_name == 'pull_request'") && event.name !== 'pull_request') continue;
        const expressions: Record<string, string> = {
          'secrets.COMETAPI_KEY': '',
          'github.token': 'test-token',
          'github.event.pull_request.number': '7',
        };
        const env = Object.fromEntries(
          Object.entries(step.env ?? {}).map(([key, value]) => [
            key,
            value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
              if (!(expr in expressions)) throw new Error(`unexpected expression ${expr}`);
              return expressions[expr]!;
            }),
          ]),
        );
        // Asynchronously: the stand-in for GitHub answers from this process.
        const result = await shell(step.run!, {
          cwd,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            NO_COLOR: '1',
            CI: 'true',
            GITHUB_ACTIONS: 'true',
            GITHUB_API_URL: api,
            GITHUB_SERVER_URL: 'https://github.com',
            GITHUB_REPOSITORY: 'acme/app',
            GITHUB_RUN_ID: '42',
            GITHUB_EVENT_NAME: event.name,
            GITHUB_REF: event.ref,
            GITHUB_STEP_SUMMARY: summary,
            ...env,
          },
        });
        results[step.name!] = { status: result.status, stdout: result.stdout, stderr: result.stderr };
        if (result.status !== 0) failed = true;
      }
      return { results, summary: readFileSync(summary, 'utf8') };
    }

    it('main keeps its database; a pull request gets one comment, saying what changed since main, updated on the next push', async () => {
      const cwd = exampleProject();
      // The example suite stands in for the starter (it runs offline), and pinned is the built CLI, as npm ci would install it.
      renameSync(join(cwd, 'suites/example.yaml'), join(cwd, STARTER_SUITE_PATH));
      mkdirSync(join(cwd, 'node_modules/.bin'), { recursive: true });
      writeFileSync(join(cwd, 'node_modules/.bin/pinned'), `#!/bin/sh\nexec node ${JSON.stringify(cliPath)} "$@"\n`);
      chmodSync(join(cwd, 'node_modules/.bin/pinned'), 0o755);

      const main = await job(cwd, { name: 'push', ref: 'refs/heads/main' });
      expect(main.results['Run the suite (its exit code is the gate)']).toMatchObject({ status: 1 });
      expect(main.results['Comment on the pull request']).toBeUndefined();
      expect(existsSync(join(cwd, '.pinned/main.db'))).toBe(true);
      expect(main.summary).toContain('## pinned: support-replies, run 1');

      // The pull request changes what gpt-4o answers: it fixes partial-refund.
      const recording = join(cwd, 'fixtures/recordings/example/gpt-4o.jsonl');
      const rows = readFileSync(recording, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const row of rows) if (row.case === 'partial-refund') row.output = 'Refund: $22.50';
      writeFileSync(recording, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
      const pr = await job(cwd, { name: 'pull_request', ref: 'refs/pull/7/merge' });
      expect(pr.results['Run the suite (its exit code is the gate)']).toMatchObject({ status: 1 });
      expect(pr.results['Comment on the pull request'], pr.results['Comment on the pull request']?.stderr).toMatchObject({ status: 0 });
      const ours = () => github.comments.filter((c) => c.body.startsWith('<!-- pinned comment: support-replies -->'));
      expect(ours()).toHaveLength(1);
      const body = ours()[0]!.body;
      expect(body.split('\n').slice(0, 4)).toEqual([
        '<!-- pinned comment: support-replies -->',
        '## pinned: support-replies, run 2',
        '',
        '**Since run 1 of .pinned/main.db: 0 new regressions, 1 fixed, 0 other verdicts moved.**',
      ]);
      expect(body).toContain('| **gpt-4o** | ❌ keep-pinned |');
      expect(body).toContain(
        "Full report (HTML, side-by-side diffs): reports/pinned.html, in the [run's artifacts](https://github.com/acme/app/actions/runs/42#artifacts)",
      );
      expect(body).toBe(readFileSync(join(cwd, 'reports/comment.md'), 'utf8'));
      expect(pr.summary).toContain('## pinned: support-replies, run 2');
      expect(github.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);

      // The next push: the same comment is edited, after paging past 130 others to find it.
      const again = await job(cwd, { name: 'pull_request', ref: 'refs/pull/7/merge' });
      expect(again.results['Comment on the pull request']).toMatchObject({ status: 0 });
      expect(ours()).toHaveLength(1);
      expect(ours()[0]!.body).toContain('## pinned: support-replies, run 3');
      expect(github.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
      expect(github.calls.filter((c) => c.startsWith('PATCH'))).toEqual([`PATCH /repos/acme/app/issues/comments/${ours()[0]!.id}`]);
      expect(github.calls).toContain('GET /repos/acme/app/issues/7/comments?per_page=100&page=2');
    });
  },
);
