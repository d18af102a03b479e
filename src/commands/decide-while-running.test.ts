import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { caseOrder } from '../plan/case-order.js';
import { spawn as spawnOnTerminal } from 'node-pty';
import { cliPath, query, runCli, startCli, tempProject, waitFor } from './cli.test-helpers.js';

const env = { TEST_API_KEY: 'sk-test-arrive', PINNED_PROGRESS_INTERVAL_MS: '40' };
let server: TestServer;
beforeAll(async () => {
  // Every model adds the two numbers of the question, except `wrong`, which never knows. Asked
  // to explain, each says why at length (evidence is kept for long answers only: MIN_KEPT_CHARS).
  server = await startTestServer({
    respond(body) {
      const messages = body.messages as Array<{ role: string; content: string }>;
      const question = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      const n = Number(/what is (\d+) \+/.exec(question)?.[1] ?? 0);
      const answer = body.model === 'wrong' ? 'I am not sure.' : String(n + n);
      return question.includes('explain') ? `${answer} ${EXPLANATION}` : answer;
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.configure({ latencyMs: 5, latencyByModel: {}, faults: [] });
  server.requests.length = 0;
});

const EXPLANATION =
  'Adding a number to itself doubles it, which is the same as counting on from it by as many steps again, or as taking two equal groups together; either way of doing it gives the total written first here.';

/** Cases with expected answers, so a wrong answer is a regression by evidence, not just a change. */
function suite(count: number, candidates: string[], extra = '', explain = false): string {
  const target = (name: string) =>
    `  ${name}:\n    model: ${name}\n    base_url: ${server.url}\n    api_key_env: TEST_API_KEY\n    concurrency: 2\n    max_retries: 0\n    price: { input: 30, output: 60 }`;
  const cases = Array.from(
    { length: count },
    (_, i) =>
      `  - id: case-${String(i).padStart(3, '0')}\n    prompt: "what is ${i} + ${i}?${explain ? ' explain' : ''}"\n    expected: "${2 * i}"${explain ? '\n    compare: { kind: number }' : ''}`,
  );
  return `name: arrive\nbaseline: base\ncandidates: [${candidates.join(', ')}]\ntargets:\n${['base', ...candidates].map(target).join('\n')}\n${extra}defaults:\n  params: { temperature: 0, max_tokens: ${explain ? 100 : 20} }\ncases:\n${cases.join('\n')}\n`;
}

/** The run's early stops as stored; none while the database is still being created. */
function storedStops(db: string): Array<{ candidate: string; stop: string }> {
  try {
    return query<{ candidate: string; stop: string }>(db, 'SELECT candidate, stop FROM early_stops');
  } catch {
    return [];
  }
}

/** A stopping run of 60 cases (same, wrong) killed once the rule has stopped `wrong`. */
async function killedOnceWrongIsStopped(): Promise<{ cwd: string; db: string }> {
  const cwd = tempProject({ 'suite.yaml': suite(60, ['same', 'wrong']) });
  const db = join(cwd, '.pinned/pinned.db');
  const { child, done } = startCli(['run', 'suite.yaml', '--stop-early', '--no-progress'], { cwd, env });
  await waitFor(() => storedStops(db).some((row) => row.candidate === 'wrong'));
  child.kill('SIGKILL');
  await done;
  return { cwd, db };
}

const sentTo = (model: string) => server.requests.filter((r) => r.path.endsWith('/chat/completions') && r.body?.model === model).length;
type Json = { candidates: Array<Record<string, any>>; cases: unknown[] };
const readJson = (cwd: string, name: string) => JSON.parse(readFileSync(join(cwd, name), 'utf8')) as Json;

describe('pinned run decides while running', () => {
  it('compares as answers arrive, shows verdicts in the progress lines, and ends with the comparison pinned compare makes', async () => {
    // `wrong` answers later than `same`: a case is compared for one candidate, then joined by the other.
    server.configure({ latencyByModel: { wrong: 25 } });
    const cwd = tempProject({ 'suite.yaml': suite(30, ['same', 'wrong']) });
    const result = await runCli(['run', 'suite.yaml', '--json', 'run.json'], { cwd, env });
    expect(result.code, result.stderr).toBe(1);
    // Without --stop-early every case is sent.
    expect([sentTo('base'), sentTo('same'), sentTo('wrong')]).toEqual([30, 30, 30]);
    const progress = result.stderr.split('\n').filter((line) => line.startsWith('progress '));
    expect(progress.some((line) => /\| wrong: [1-9]\d* regressed · 0 changed · 0 equivalent/.test(line))).toBe(true);
    expect(progress.at(-1)).toMatch(/\| same: 0 regressed · 0 changed · 30 equivalent \| wrong: 30 regressed/);
    expect(result.stdout).not.toContain('stopped early');

    const compared = await runCli(['compare', '--json', 'compare.json'], { cwd, env });
    expect(compared.code).toBe(1);
    const [ran, again] = [readJson(cwd, 'run.json'), readJson(cwd, 'compare.json')];
    expect(again.cases).toEqual(ran.cases);
    expect(again.candidates).toEqual(ran.candidates);
    // 30 identical answers are too few to clear the default gate at a fixed size.
    expect(ran.candidates.map((c) => [c.candidate, c.decision])).toEqual([
      ['same', 'review'],
      ['wrong', 'keep-pinned'],
    ]);
  });

  it('killed mid-run and resumed: the evidence of cases compared before is not computed again, and the result is the same', async () => {
    server.configure({ latencyMs: 40 });
    const cwd = tempProject({ 'suite.yaml': suite(40, ['wrong'], '', true) });
    const db = join(cwd, '.pinned/pinned.db');
    const { child, done } = startCli(['run', 'suite.yaml', '--no-progress'], { cwd, env });
    const kept = () => {
      try {
        return query<{ key: string; created_at: string }>(db, 'SELECT key, created_at FROM kept_evidence ORDER BY key');
      } catch {
        return [];
      }
    };
    await waitFor(() => kept().length >= 12);
    child.kill('SIGKILL');
    await done;
    const before = kept();
    expect(sentTo('wrong')).toBeLessThan(40);

    const resumed = await runCli(['run', 'suite.yaml', '--no-progress', '--json', 'run.json'], { cwd, env });
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(1);
    expect(resumed.stderr).toContain('resuming run 1');
    const after = new Map(kept().map((row) => [row.key, row.created_at]));
    // Each row is rewritten when its evidence is computed again: those kept before the kill are untouched.
    for (const row of before) expect(after.get(row.key)).toBe(row.created_at);
    // Three rows per case: the baseline's side, the candidate's, and the pair.
    expect(after.size).toBe(3 * 40);

    const compared = await runCli(['compare', '--json', 'compare.json'], { cwd, env });
    const [ran, again] = [readJson(cwd, 'run.json'), readJson(cwd, 'compare.json')];
    expect(compared.code).toBe(1);
    expect(again.cases).toEqual(ran.cases);
    expect(again.candidates).toEqual(ran.candidates);
  });
});

describe('pinned run --stop-early', () => {
  it('stops a clearly regressing candidate, and an identical one, well before the end, and every report says what it saved', async () => {
    // Slow enough that the baseline cannot answer all 200 cases before the verdicts catch up.
    server.configure({ latencyMs: 15 });
    const cwd = tempProject({ 'suite.yaml': suite(200, ['same', 'wrong']) });
    const reports = ['--json', 'run.json', '--md', 'summary.md', '--junit', 'junit.xml', '--html', 'report.html'];
    const result = await runCli(['run', 'suite.yaml', '--stop-early', ...reports], { cwd, env });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('stopping early: cases go in a random order (seed 1');
    // The progress lines say when a candidate is stopped.
    expect(result.stderr).toMatch(/\| wrong: \d+ regressed · 0 changed · 0 equivalent \(stopped: keep-pinned\)/);
    const [base, same, wrong] = [sentTo('base'), sentTo('same'), sentTo('wrong')];
    expect(wrong).toBeLessThan(30);
    // An identical candidate needs 141 agreeing cases with two candidates sharing the error budget.
    expect(same).toBeLessThan(160);
    // The baseline stops once no candidate needs it.
    // (How far it runs ahead of the candidates depends on how fast verdicts keep up on this machine.)
    expect(base).toBeLessThan(200);
    // Skipped cells do not make the run incomplete.
    expect(query(join(cwd, '.pinned/pinned.db'), 'SELECT status FROM runs')).toEqual([{ status: 'completed' }]);

    const json = readJson(cwd, 'run.json');
    const decided = Object.fromEntries(json.candidates.map((c) => [c.candidate, c]));
    expect(decided.wrong!.decision).toBe('keep-pinned');
    expect(decided.same!.decision).toBe('replaceable');
    for (const name of ['same', 'wrong']) {
      const stop = decided[name]!.stoppedEarly;
      expect(stop.of).toBe(200);
      expect(stop.cases).toBeLessThan(200);
      expect(stop.seed).toBe(1);
      expect(decided[name]!.reasons[0]).toMatch(new RegExp(`^stopped early after ${stop.cases} cases: `));
    }
    // Each candidate's unsent cells, and the baseline's with the last decision.
    const saved = decided.wrong!.stoppedEarly.saved.requests + decided.same!.stoppedEarly.saved.requests;
    expect(saved).toBe(3 * 200 - base - same - wrong);
    expect(decided.wrong!.stoppedEarly.saved.tokens).toBeGreaterThan(0);

    expect(result.stdout).toMatch(/wrong: keep-pinned — stopped early after \d+ cases: /);
    expect(result.stdout).toMatch(
      /decided on \d+ of 200 cases \(random order, seed 1\); not sending the rest saved \d+ requests, ~[\d,]+ tokens, \$[\d.]+ \(estimated\)/,
    );
    for (const file of ['summary.md', 'junit.xml', 'report.html']) {
      const text = readFileSync(join(cwd, file), 'utf8');
      expect(text, file).toMatch(/stopped early after \d+ cases: /);
      expect(text, file).toMatch(/decided on \d+ of 200 cases \(random order, seed 1\); not sending the rest saved \d+ requests/);
    }
    expect(decided.wrong!.stoppedEarly.saved.usd).toBeGreaterThan(0);

    // pinned compare on the stored run makes the same comparison.
    await runCli(['compare', '--json', 'compare.json'], { cwd, env });
    const again = readJson(cwd, 'compare.json');
    expect(again.cases).toEqual(json.cases);
    expect(again.candidates).toEqual(json.candidates);

    // pinned runs says which candidates the run stopped, and after how many cases.
    const listed = await runCli(['runs'], { cwd, env });
    expect(listed.stdout).toContain(`wrong keep-pinned (stopped early after ${decided.wrong!.stoppedEarly.cases})`);
    const runs = JSON.parse((await runCli(['runs', '--json'], { cwd, env })).stdout) as Array<{ decisions: unknown[] }>;
    expect(runs[0]!.decisions).toContainEqual({
      candidate: 'same',
      decision: 'replaceable',
      stoppedEarlyAfter: decided.same!.stoppedEarly.cases,
    });

    // Again with --stop-early: the stored answers decide at once and nothing more is sent.
    const sent = server.requests.length;
    const rerun = await runCli(['run', 'suite.yaml', '--stop-early', '--no-progress'], { cwd, env });
    expect(rerun.code, rerun.stderr).toBe(1);
    expect(server.requests.length).toBe(sent);

    // Without it, the rest is sent.
    const full = await runCli(['run', 'suite.yaml', '--no-progress'], { cwd, env });
    expect(full.code, full.stderr).toBe(1);
    expect([sentTo('base'), sentTo('same'), sentTo('wrong')]).toEqual([200, 200, 200]);
    expect(full.stdout).not.toContain('stopped early');
  });

  it('gate.stop_early in the suite does the same; --seed changes the order; --no-stop-early sends every case', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(40, ['wrong'], 'gate:\n  stop_early: true\n') });
    const result = await runCli(['run', 'suite.yaml', '--seed', '7', '--no-progress'], { cwd, env });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('(seed 7;');
    expect(sentTo('wrong')).toBeLessThan(20);
    expect(result.stdout).toMatch(/decided on \d+ of 40 cases \(random order, seed 7\)/);
    // --no-stop-early sends the rest.
    const full = await runCli(['run', 'suite.yaml', '--no-stop-early', '--no-progress'], { cwd, env });
    expect(full.code, full.stderr).toBe(1);
    expect(sentTo('wrong')).toBe(40);
    expect(full.stdout).not.toContain('stopped early');
  });

  it('killed after a decision, a resumed run keeps it and sends that candidate nothing more; an undecided one gets the ordinary decision', async () => {
    server.configure({ latencyMs: 30 });
    const { cwd, db } = await killedOnceWrongIsStopped();
    const wrongBefore = sentTo('wrong');
    expect(sentTo('base')).toBeLessThan(60);

    // Another seed would change the order the run has sent a prefix of.
    const reseeded = await runCli(['run', 'suite.yaml', '--stop-early', '--seed', '9', '--no-progress'], { cwd, env });
    expect(reseeded.code).toBe(2);
    expect(reseeded.stderr).toContain('run 1 was stopping early with seed 1, and resuming it with --seed 9 would change the order');
    expect(sentTo('wrong')).toBe(wrongBefore);
    const resumed = await runCli(['run', 'suite.yaml', '--stop-early', '--no-progress', '--json', 'run.json'], { cwd, env });
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(1);
    expect(resumed.stderr).toContain('resuming run 1');
    // In flight at the kill: at most its two slots.
    expect(sentTo('wrong')).toBeLessThanOrEqual(wrongBefore + 2);
    // Undecided, it is sent every case (those in flight at the kill again).
    expect(sentTo('same')).toBeGreaterThanOrEqual(60);
    expect(query(db, "SELECT COUNT(*) AS n FROM cells WHERE target = 'same' AND status = 'ok'")).toEqual([{ n: 60 }]);
    const json = readJson(cwd, 'run.json');
    const [same, wrong] = ['same', 'wrong'].map((name) => json.candidates.find((c) => c.candidate === name)!);
    expect(wrong!.decision).toBe('keep-pinned');
    expect(wrong!.reasons[0]).toMatch(/^stopped early after \d+ cases/);
    // 60 identical answers do not clear the gate shared by two candidates before the suite ends.
    expect(same!.stoppedEarly).toBeUndefined();
    expect(same!.decision).toBe('review');
    expect(same!.reasons[1]).toMatch(/^not stopped early \(seed 1\): not decided on the 60 cases answered: /);
  });

  it('a cell that failed among the cases a decision rests on is retried when the run is resumed; nothing else is sent', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `case-${String(i).padStart(3, '0')}`);
    const first = Number(caseOrder(ids, 1)[0]!.slice('case-'.length));
    // The first case in the order fails for the candidate (no retries), so the prefix that decides it holds the failure.
    server.configure({ faults: [{ model: 'wrong', contains: `what is ${first} + ${first}?`, action: 'status', status: 500 }] });
    const cwd = tempProject({ 'suite.yaml': suite(60, ['wrong']) });
    const db = join(cwd, '.pinned/pinned.db');
    const result = await runCli(['run', 'suite.yaml', '--stop-early', '--no-progress'], { cwd, env });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('running the same command again retries only those');
    expect(query(db, 'SELECT status FROM runs')).toEqual([{ status: 'incomplete' }]);
    const [base, wrong] = [sentTo('base'), sentTo('wrong')];
    expect(wrong).toBeLessThan(30);

    server.configure({ faults: [] });
    const resumed = await runCli(['run', 'suite.yaml', '--stop-early', '--no-progress'], { cwd, env });
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(1);
    expect(resumed.stderr).toContain('resuming run 1');
    expect([sentTo('base') - base, sentTo('wrong') - wrong]).toEqual([0, 1]);
    expect(query(db, 'SELECT status FROM runs')).toEqual([{ status: 'completed' }]);
    expect(resumed.stderr).not.toContain('retries only those');
  });

  it('a request retried on the first case of the order holds sending back, not the decision: the suite is not sent meanwhile', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `case-${String(i).padStart(3, '0')}`);
    const first = Number(caseOrder(ids, 1)[0]!.slice('case-'.length));
    // One 500 on the first case's candidate request, retried after its backoff; every other answer comes at once.
    server.configure({
      latencyMs: 1,
      faults: [{ model: 'wrong', contains: `what is ${first} + ${first}?`, action: 'status', status: 500, times: 1 }],
    });
    const cwd = tempProject({ 'suite.yaml': suite(300, ['wrong']).replaceAll('max_retries: 0', 'max_retries: 2') });
    const result = await runCli(['run', 'suite.yaml', '--stop-early', '--no-progress'], { cwd, env });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/wrong: keep-pinned — stopped early after \d+ cases/);
    // Sending waits within twice the concurrency cap (64) of the cases the rule can look at, and
    // the retry lands long before the rest of the suite would have been sent.
    expect(sentTo('wrong')).toBeLessThanOrEqual(2 * 64 + 1 + 2);
    expect(sentTo('base')).toBeLessThanOrEqual(2 * 64 + 2);
  });

  it('replay targets are never held: a recorded suite larger than the hold is decided on every case', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `case-${String(i).padStart(3, '0')}`);
    const rows = (answer: (i: number) => string) =>
      ids.map((id, i) => JSON.stringify({ case: id, output: answer(i), model: 'm' })).join('\n') + '\n';
    const cwd = tempProject({
      'suite.yaml': `name: recorded\nbaseline: base\ncandidates: [same]\ntargets:\n  base: { replay: base.jsonl }\n  same: { replay: same.jsonl }\ncases:\n${ids.map((id, i) => `  - { id: ${id}, prompt: "what is ${i} + ${i}?", expected: "${2 * i}" }`).join('\n')}\n`,
      'base.jsonl': rows((i) => String(2 * i)),
      'same.jsonl': rows((i) => String(2 * i)),
    });
    const result = await runCli(['run', 'suite.yaml', '--stop-early', '--no-progress', '--json', 'run.json'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    const [same] = readJson(cwd, 'run.json').candidates;
    expect(same!.stoppedEarly).toBeUndefined();
    expect(same!.reasons[1]).toMatch(/^not stopped early \(seed 1\): every case was answered before the rule could stop it/);
    expect(query(join(cwd, '.pinned/pinned.db'), "SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'")).toEqual([{ n: 800 }]);
  });

  it('resumed under another gate, a stop made under the old one is made again under the new one', async () => {
    server.configure({ latencyMs: 30 });
    const { cwd, db } = await killedOnceWrongIsStopped();
    const confidenceOf = () => JSON.parse(storedStops(db).find((row) => row.candidate === 'wrong')!.stop).gate.confidence;
    expect(confidenceOf()).toBe(0.95);

    const resumed = await runCli(['run', 'suite.yaml', '--stop-early', '--confidence', '0.999', '--no-progress', '--json', 'run.json'], {
      cwd,
      env,
    });
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(1);
    expect(resumed.stderr).toContain('resuming run 1');
    // Decided again under the gate it runs with now, not left as "review: stopped under another gate".
    expect(confidenceOf()).toBe(0.999);
    const wrong = readJson(cwd, 'run.json').candidates.find((c) => c.candidate === 'wrong')!;
    expect(wrong.decision).toBe('keep-pinned');
    expect(wrong.reasons[0]).toMatch(/^stopped early after \d+ cases: .* at 99\.9% confidence, valid under repeated looks/);
  });

  it('is refused, before anything is sent, where the run is not compared or goes through the Batch API', async () => {
    const cwd = tempProject({ 'suite.yaml': suite(5, ['wrong']) });
    const uncompared = await runCli(['run', 'suite.yaml', '--stop-early', '--no-compare'], { cwd, env });
    expect(uncompared.code).toBe(2);
    expect(uncompared.stderr).toContain('--stop-early decides on the comparison as the run goes, and this run is not compared');
    const batched = await runCli(['run', 'suite.yaml', '--stop-early', '--batch'], { cwd, env });
    expect(batched.code).toBe(2);
    expect(batched.stderr).toContain('go through the Batch API all at once');
    // The suite's setting is named as such, with the flag that turns it off for one run.
    const gated = tempProject({ 'suite.yaml': suite(5, ['wrong'], 'gate:\n  stop_early: true\n') });
    const shard = await runCli(['run', 'suite.yaml', '--shard', '1/2'], { cwd: gated, env });
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('stop_early: true (under gate: in the suite) decides on the comparison as the run goes');
    expect(shard.stderr).toContain('drop --shard');
    expect(shard.stderr).toContain('or pass --no-stop-early for this run');
    expect(server.requests).toHaveLength(0);
    const sharded = await runCli(['run', 'suite.yaml', '--shard', '1/2', '--no-stop-early', '--no-progress'], { cwd: gated, env });
    expect(sharded.code, sharded.stderr).toBe(0);
  });

  it('on a terminal, the bar of each candidate shows its verdicts so far and when it was stopped (node-pty)', async () => {
    server.configure({ latencyMs: 15 });
    const cwd = tempProject({ 'suite.yaml': suite(40, ['wrong']) });
    const term = spawnOnTerminal(process.execPath, [cliPath, 'run', 'suite.yaml', '--stop-early', '--no-html'], {
      name: 'xterm-256color',
      cols: 160,
      rows: 40,
      cwd,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, NO_COLOR: '1', ...env },
    });
    let screen = '';
    term.onData((data) => (screen += data));
    const code = await new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    expect(code, screen).toBe(1);
    expect(screen).toMatch(/wrong +[█░]+ +\d+\/40 +(?:\d+ not sent +)?\d+ regressed · 0 changed · 0 equivalent \(stopped: keep-pinned\)/);
  });
});
