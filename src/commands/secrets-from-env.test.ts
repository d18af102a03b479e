// Every value that came from the environment is a secret wherever it would be stored or printed:
// credentials in a base_url (query string, user:password@), headers and organization filled from
// ${VAR}, and any of those (or the API key) that a model echoes in its output.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { query, runCli, tempProject } from './cli.test-helpers.js';

const KEY = 'sk-test-key-from-env-1a2b3c4d';
const QUERY_SECRET = 'query-secret-5e6f7a8b';
const PASSWORD = 'url-password-9c0d1e2f';
const HEADER_TOKEN = 'header-token-3a4b5c6d';
const ORG = 'org-from-env-7e8f9a0b';
const SECRETS = [KEY, QUERY_SECRET, PASSWORD, HEADER_TOKEN, ORG];

let server: TestServer;
beforeAll(async () => {
  // A model that repeats what it should not: every secret, in its answer.
  server = await startTestServer({ respond: () => `Sure. Debug: ${SECRETS.join(' ')}` });
});
afterAll(() => server.close());

function suite(): string {
  return `name: env-secrets
baseline: old
candidates: [new]
targets:
  old:
    model: old
    base_url: \${GATEWAY_URL}
    api_key_env: TEST_API_KEY
    headers: { X-Gateway: "\${GATEWAY_TOKEN}", X-Team: support }
    organization: \${TEAM_ORG}
  new:
    model: new
    base_url: http://pinned:\${GATEWAY_PASSWORD}@127.0.0.1:${server.port}/v1
    api_key_env: TEST_API_KEY
    headers: { X-Deploy: "\${DEPLOY_TOKEN:-none}" }
cases:
  - { id: a, prompt: "A?" }
`;
}

const env = {
  TEST_API_KEY: KEY,
  GATEWAY_URL: '',
  GATEWAY_TOKEN: HEADER_TOKEN,
  TEAM_ORG: ORG,
  GATEWAY_PASSWORD: PASSWORD,
};

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
}

describe('values from the environment', () => {
  it('never reach the database, the reports or the terminal, even when the model echoes them', async () => {
    const cwd = tempProject({ 'suite.yaml': suite() });
    const runEnv = { ...env, GATEWAY_URL: `http://127.0.0.1:${server.port}/v1?api-version=2024-06-01&token=${QUERY_SECRET}` };
    const result = await runCli(['run', 'suite.yaml', '--html', 'r.html', '--md', 'r.md', '--json', 'r.json', '--junit', 'r.xml'], {
      cwd,
      env: runEnv,
    });
    expect(result.stderr).toContain('starting run 1');
    expectNoSecret(result.stdout + result.stderr, 'the terminal');
    const db = join(cwd, '.pinned/pinned.db');
    expect(query<{ status: string }>(db, `SELECT status FROM cells`).map((row) => row.status)).toEqual(['ok', 'ok']);
    // The output is kept with the secrets redacted; the rest of it is intact.
    expect(query<{ output: string }>(db, 'SELECT output FROM responses')[0]!.output).toMatch(/^Sure\. Debug: \[redacted\]/);
    // Where the request went is kept, with what came from the environment as it was written.
    const configs = query<{ name: string; config: string }>(db, 'SELECT name, config FROM run_targets ORDER BY name');
    const old = JSON.parse(configs.find((row) => row.name === 'old')!.config);
    expect(old.base_url).toBe(`http://127.0.0.1:${server.port}/v1?[redacted]`);
    expect(old.headers['X-Gateway']).toBe('${GATEWAY_TOKEN}');
    expect(old.headers['X-Team']).toBe('support');
    expect(old.organization).toBe('${TEAM_ORG}');
    const fresh = JSON.parse(configs.find((row) => row.name === 'new')!.config);
    expect(fresh.base_url).toBe(`http://pinned:\${GATEWAY_PASSWORD}@127.0.0.1:${server.port}/v1`);
    for (const file of readdirSync(join(cwd, '.pinned'))) expectNoSecret(readFileSync(join(cwd, '.pinned', file), 'latin1'), file);
    for (const file of ['r.html', 'r.md', 'r.json', 'r.xml']) expectNoSecret(readFileSync(join(cwd, file), 'utf8'), file);
  });

  it('validate prints no secret, and lists which variables the suite reads and where each is sent', async () => {
    const cwd = tempProject({ 'suite.yaml': suite() });
    const result = await runCli(['validate', 'suite.yaml'], {
      cwd,
      env: { ...env, GATEWAY_URL: `https://gateway.example/v1?token=${QUERY_SECRET}` },
    });
    expect(result.code, result.stderr).toBe(0);
    expectNoSecret(result.stdout + result.stderr, 'validate');
    expect(result.stdout).toContain('old (old at https://gateway.example/v1?[redacted])');
    expect(result.stdout).toContain('reads from the environment:');
    expect(result.stdout).toContain('GATEWAY_URL       base_url of old');
    expect(result.stdout).toContain('GATEWAY_TOKEN     header X-Gateway of old, sent to https://gateway.example/v1?[redacted]');
    expect(result.stdout).toContain('TEAM_ORG          organization of old, sent to https://gateway.example/v1?[redacted]');
    expect(result.stdout).toContain(`GATEWAY_PASSWORD  base_url of new`);
    expect(result.stdout).toMatch(/TEST_API_KEY +API key of old, sent to https:\/\/gateway\.example\/v1\?\[redacted\]/);
    // Unset on this machine, it is still read (and sent) wherever it is set, as in CI.
    expect(result.stdout).toMatch(/DEPLOY_TOKEN +header X-Deploy of new, sent to \S+ \(unset here: its default is used\)/);
  });
});
