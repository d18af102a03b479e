import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI: end-to-end tests run exactly what a user runs (npm test builds first). */
export const cliPath = join(repoRoot, 'dist/cli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Run the CLI as this user (a test running as root needs another user to meet file permissions). */
  uid?: number;
  gid?: number;
}

/**
 * Spawn options under which file permissions apply: root ignores them, so when the tests run as
 * root the CLI runs as nobody. Undefined when nobody cannot run the built CLI from this checkout
 * (a folder only root may enter): tests that need it skip, with `permissionsNote` as the reason.
 */
export const permissionsApply: Pick<CliOptions, 'uid' | 'gid'> | undefined = (() => {
  if (process.getuid?.() !== 0) return {};
  const nobody = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, [cliPath, '--version'], { ...nobody, cwd: tmpdir(), stdio: 'ignore' });
  return probe.status === 0 ? nobody : undefined;
})();
export const permissionsNote = permissionsApply ? '' : ' [skipped: running as root, and user nobody cannot run dist/cli.js here]';

/** Child environment: no inherited keys or PINNED_* settings, so tests never depend on the shell. */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export function startCli(args: string[], options: CliOptions): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: childEnv(options.env),
    ...(options.uid !== undefined && { uid: options.uid }),
    ...(options.gid !== undefined && { gid: options.gid }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolveDone, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A throwaway project folder with the given files (paths relative to it). */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinned-e2e-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A project holding a copy of the example suite and its recordings (a review file is written beside the suite). */
export function exampleProject(): string {
  const files: Record<string, string> = {
    'package.json': '{}\n',
    'suites/example.yaml': readFileSync(join(repoRoot, 'suites/example.yaml'), 'utf8'),
    'suites/cases/support-intents.csv': readFileSync(join(repoRoot, 'suites/cases/support-intents.csv'), 'utf8'),
  };
  for (const name of readdirSync(join(repoRoot, 'fixtures/recordings/example')))
    files[`fixtures/recordings/example/${name}`] = readFileSync(join(repoRoot, 'fixtures/recordings/example', name), 'utf8');
  return tempProject(files);
}

/** Read-only queries against a run's database, as a user poking at it with sqlite3 would. */
export function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A suite with endpoint targets against a local server and `count` generated cases. */
export function endpointSuite(options: {
  url: string;
  count: number;
  targets: Record<string, { concurrency?: number; samples?: number; extra?: string }>;
  baseline?: string;
  keyEnv?: string;
  maxRetries?: number;
}): string {
  const names = Object.keys(options.targets);
  const baseline = options.baseline ?? names[0]!;
  const targets = names
    .map((name) => {
      const t = options.targets[name]!;
      return [
        `  ${name}:`,
        `    model: ${name}`,
        `    base_url: ${options.url}`,
        `    api_key_env: ${options.keyEnv ?? 'TEST_API_KEY'}`,
        `    concurrency: ${t.concurrency ?? 4}`,
        `    timeout_ms: 5000`,
        `    max_retries: ${options.maxRetries ?? 4}`,
        ...(t.samples ? [`    samples: ${t.samples}`] : []),
        ...(t.extra ? [t.extra] : []),
      ].join('\n');
    })
    .join('\n');
  const cases = Array.from(
    { length: options.count },
    (_, i) => `  - id: case-${String(i).padStart(3, '0')}\n    prompt: "Question number ${i}: what is ${i} + ${i}?"`,
  ).join('\n');
  return `name: e2e
baseline: ${baseline}
candidates: [${names.filter((name) => name !== baseline).join(', ')}]
targets:
${targets}
defaults:
  params: { temperature: 0, max_tokens: 50 }
cases:
${cases}
`;
}

export async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The head of a suite whose baseline `old` and candidate `new` replay old.jsonl and new.jsonl; its cases follow. */
export function replayHead(name: string): string {
  return `name: ${name}\nbaseline: old\ncandidates: [new]\ntargets:\n  old: { replay: old.jsonl }\n  new: { replay: new.jsonl }\n`;
}
