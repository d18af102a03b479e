import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusDir, corpusMissing, corpusNote, readCorpus } from '../corpus.test-helpers.js';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { query, runCli, startCli, tempProject, waitFor } from './cli.test-helpers.js';

// pinned verify end to end: the built CLI against the test server answering from real recorded
// outputs (../shared/corpus/alpaca_eval.jsonl: two independent gpt-4-0314 samples per prompt at
// temperature 0.7, max_tokens 4096 and 2048, and one of each later snapshot). The references are
// written at test time from the corpus, as OpenAI-style log rows with their requests.

interface Row {
  id: string;
  messages: Array<{ role: string; content: string }>;
  outputs: Record<string, string>;
  outputs_alt: Record<string, string>;
}

const env = { TEST_API_KEY: 'sk-test-verify-corpus-0123' };
const rows = corpusMissing ? [] : readCorpus<Row>('alpaca_eval.jsonl');
const corpusFile = corpusMissing ? '' : join(corpusDir!, 'alpaca_eval.jsonl');

/** A log row of a gpt-4-0314 sample, with the settings alpaca_eval recorded it at. */
const logRow = (row: Row, output: string, maxTokens: number) =>
  JSON.stringify({
    request: { model: 'gpt-4-0314', messages: row.messages, temperature: 0.7, max_tokens: maxTokens },
    response: { model: 'gpt-4-0314', choices: [{ index: 0, message: { role: 'assistant', content: output } }] },
  });
/** Both samples: the paired test runs (and the rows differ in max_tokens, which no output reached). */
const bothSamples = () =>
  rows.flatMap((r) => [logRow(r, r.outputs['gpt-4-0314']!, 4096), logRow(r, r.outputs_alt['gpt-4-0314']!, 2048)]).join('\n');
/** The second sample alone: the endpoint's first answer to each prompt is then the other, independent sample. */
const secondSample = () => rows.map((r) => logRow(r, r.outputs_alt['gpt-4-0314']!, 2048)).join('\n');

/** The suite: gpt-4-0314 through the "aggregator" (the test server), gpt-4o as the candidate, two alpaca_eval prompts as cases. */
const suite = (url: string, params = '{ temperature: 0.7 }') => `name: support-replies
baseline: gpt-4-0314
candidates: [gpt-4o]
targets:
  gpt-4-0314:
    model: gpt-4-0314
    base_url: ${url}
    api_key_env: TEST_API_KEY
    params: ${params}
    concurrency: 2
  gpt-4o:
    model: gpt-4o-2024-05-13
    base_url: ${url}
    api_key_env: TEST_API_KEY
    params: ${params}
defaults:
  system: You are a helpful assistant.
cases:
${rows
  .slice(0, 2)
  .map((r, i) => `  - id: case-${i}\n    prompt: ${JSON.stringify(r.messages.at(-1)!.content)}`)
  .join('\n')}
`;

describe.skipIf(corpusMissing)(`pinned verify against recorded outputs${corpusNote}`, () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const serve = async (options: { serveAs?: Record<string, string>; latencyMs?: number } = {}) =>
    (server = await startTestServer({ recordingsFile: corpusFile, recordRequests: false, ...options }));

  it('does not reject the genuine second sample, and pinned run then shows the check beside the baseline', async () => {
    const { url } = await serve();
    const cwd = tempProject({ 'suite.yaml': suite(url), 'reference.jsonl': secondSample() });
    const result = await runCli(
      ['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl', '--seed', '11', '--no-progress'],
      { cwd, env },
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('no detectable difference at K = 50 under matched decoding');
    expect(result.stdout).toContain('The reference has one recording per prompt, so only the style test ran');
    expect(result.stdout).toContain('Partial substitution (only some requests routed to another model)');
    expect(result.stdout).not.toMatch(/\bverified\b|\bgenuine\b|\bis gpt-4-0314\b/);
    expect(server!.stats.completions).toBe(60);

    const run = await runCli(['run', 'suite.yaml', '--no-progress', '--md', 'summary.md', '--json', 'comparison.json'], { cwd, env });
    expect(run.stdout).toMatch(
      /^baseline gpt-4-0314: checked \d{4}-\d\d-\d\d \d\d:\d\d UTC with pinned verify \(run 1\) against the recorded gpt-4-0314: no detectable difference at K = 50 under matched decoding$/m,
    );
    expect(run.stdout).not.toContain('warning:');
    expect(readFileSync(join(cwd, 'summary.md'), 'utf8')).toContain('Baseline endpoint **gpt-4-0314**: checked ');
    const json = JSON.parse(readFileSync(join(cwd, 'comparison.json'), 'utf8'));
    expect(json.baselineVerification).toMatchObject({
      latest: { runId: 1, prompts: 50, outcome: 'no-detectable-difference' },
      warning: null,
    });
  });

  it.each(['gpt-4-0613', 'gpt-4o-2024-05-13'])(
    'rejects %s served under the name gpt-4-0314 at K = 50, naming no model; pinned run then warns beside the baseline',
    async (substitute) => {
      const { url } = await serve({ serveAs: { 'gpt-4-0314': substitute } });
      const cwd = tempProject({ 'suite.yaml': suite(url), 'reference.jsonl': bothSamples() });
      const result = await runCli(
        [
          'verify',
          'suite.yaml',
          '--target',
          'gpt-4-0314',
          '--reference',
          'reference.jsonl',
          '--seed',
          '3',
          '--json',
          'verify.json',
          '--no-progress',
        ],
        { cwd, env },
      );
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toContain("max_tokens 4096: the reference's rows were recorded with different limits (4096: 662 outputs");
      expect(result.stdout).toMatch(
        /^inconsistent with the recorded gpt-4-0314: on \d+ of 50 prompts its answers are further from the recording than a second genuine recording is \(p [<=] [\d.e-]+\); style p [<=] [\d.]+$/m,
      );
      expect(result.stdout).not.toContain(substitute);
      // The recorded substitute has one output per prompt: its repeats come back identical, as from a cache.
      expect(result.stdout).toMatch(/warning: 10 of 10 repeated prompts came back identical at temperature 0\.7/);
      expect(result.stdout).toContain("the endpoint's answers named model gpt-4-0314 (60 of 60)");
      const json = JSON.parse(readFileSync(join(cwd, 'verify.json'), 'utf8'));
      expect(json).toMatchObject({ outcome: 'inconsistent', prompts: 50, draw: { seed: 3 }, reference: { snapshot: 'gpt-4-0314' } });
      expect(json.paired.pValue).toBeLessThan(0.025);
      expect(json.rows).toHaveLength(50);
      expect(query(join(cwd, '.pinned/pinned.db'), 'SELECT outcome, prompts, paired_p < 0.025 AS paired FROM verifications')).toEqual([
        { outcome: 'inconsistent', prompts: 50, paired: 1 },
      ]);

      const run = await runCli(['run', 'suite.yaml', '--no-progress', '--junit', 'junit.xml'], { cwd, env });
      expect(run.stdout).toMatch(
        /^baseline gpt-4-0314: checked .* with pinned verify \(run 1\): inconsistent with the recorded gpt-4-0314: on \d+ of 50/m,
      );
      expect(run.stdout).toContain("warning: the baseline endpoint's latest check (pinned verify, run 1,");
      expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toContain('<property name="baselineWarning"');
    },
  );

  it('refuses an endpoint asked at another temperature with exit 3, sending nothing', async () => {
    const { url } = await serve();
    const cwd = tempProject({ 'suite.yaml': suite(url, '{ temperature: 0, max_tokens: 400 }'), 'reference.jsonl': bothSamples() });
    const result = await runCli(['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl'], { cwd, env });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(
      'not comparable with the recorded gpt-4-0314: the endpoint was asked with decoding settings the reference was not recorded with (temperature, max_tokens)',
    );
    expect(result.stdout).toContain('temperature: the reference was recorded with 0.7, the endpoint was asked with 0');
    expect(result.stderr).toContain('nothing was sent');
    expect(server!.stats.requests).toBe(0);
  });

  it('resumes a verification killed mid-run with the same command, without sending finished prompts again', async () => {
    const { url } = await serve({ latencyMs: 40 });
    const cwd = tempProject({ 'suite.yaml': suite(url), 'reference.jsonl': bothSamples() });
    const db = join(cwd, '.pinned/pinned.db');
    const args = ['verify', 'suite.yaml', '--target', 'gpt-4-0314', '--reference', 'reference.jsonl', '--no-progress'];
    const { child, done } = startCli(args, { cwd, env });
    await waitFor(() => server!.stats.completions >= 20);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const seed = /^seed (\d+) \(drawn at random\)/m.exec(killed.stderr)?.[1];
    expect(seed).toBeDefined();
    const saved = query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'`)[0]!.n;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(60);
    const sentBefore = server!.stats.completions;

    // The same command, no --seed: it continues the unfinished verification, with its seed.
    const resumed = await runCli(args, { cwd, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`seed ${seed}, the seed of the unfinished verification it continues`);
    expect(resumed.stderr).toContain(`resuming verification run 1: 50 prompts, 10 of them asked twice: 60 requests, ${60 - saved} to send`);
    expect(resumed.stderr).toContain(`${saved} already done`);
    expect(server!.stats.completions - sentBefore).toBe(60 - saved);
    expect(query(db, 'SELECT id, kind, status FROM runs')).toEqual([{ id: 1, kind: 'verify', status: 'completed' }]);
    expect(query(db, 'SELECT run_id, seed FROM verifications')).toEqual([{ run_id: 1, seed: Number(seed) }]);
  });
});
