import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { query, runCli, tempProject } from './cli.test-helpers.js';

const KEY = 'azure-key-NEVER-STORE-4d3c2b1a';

let server: TestServer;
let resource: string;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: true });
  resource = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());
beforeEach(() => {
  server.configure({ script: [], faults: [] });
  server.requests.length = 0;
});

function suite(): string {
  return `name: azure
baseline: gpt-4-0613
candidates: [responses]
targets:
  gpt-4-0613:
    base_url: ${resource}?team=support            # the resource's endpoint; its query goes on every request
    azure: { deployment: gpt4-prod-eu, api_version: 2024-10-21 }
    model: gpt-4-0613                              # what prices and the context window are read for
    api_key_env: AZURE_OPENAI_API_KEY
    params: { max_tokens: 40 }
  responses:
    base_url: ${resource}
    azure: { deployment: o4-mini-eu, api_version: preview }
    model: o4-mini
    api: responses
    params_compat: auto
    api_key_env: AZURE_OPENAI_API_KEY
    params: { max_tokens: 40 }
cases:
  - id: refund
    prompt: How long is the refund window?
`;
}

describe('Azure OpenAI deployments', () => {
  it('calls the deployment with api-version and the api-key header, prices it as its model, keeps the base_url query', async () => {
    const cwd = tempProject({ 'suite.yaml': suite() });
    const result = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env: { AZURE_OPENAI_API_KEY: KEY } });
    expect(result.code, result.stderr).toBe(0);
    const chat = server.requests.find((r) => r.path.endsWith('/chat/completions'))!;
    expect(chat.path).toBe('/openai/deployments/gpt4-prod-eu/chat/completions');
    expect(new URLSearchParams(chat.query)).toEqual(new URLSearchParams('team=support&api-version=2024-10-21'));
    expect(chat.headers['api-key']).toBe(KEY);
    expect(chat.headers.authorization).toBeUndefined();
    expect(chat.body).toMatchObject({ model: 'gpt4-prod-eu', max_tokens: 40 });
    const responses = server.requests.find((r) => r.path === '/openai/responses')!;
    expect(responses.query).toBe('api-version=preview');
    expect(responses.body).toMatchObject({ model: 'o4-mini-eu', max_output_tokens: 40 });
    expect(responses.headers['api-key']).toBe(KEY);

    // Costed at gpt-4-0613's and o4-mini's table prices, not unknown as the deployment names would be.
    expect(result.stdout).not.toMatch(/unknown \(no price known/);
    const db = join(cwd, '.pinned/pinned.db');
    const stored = query<{ spec: string }>(db, 'SELECT spec FROM requests');
    expect(stored.map((r) => JSON.parse(r.spec).endpoint).sort()).toEqual([
      `${resource}/openai/deployments/gpt4-prod-eu?team=support&api-version=2024-10-21`,
      `${resource}/openai/deployments/o4-mini-eu?api-version=preview`,
    ]);
    expect(stored.every((r) => !r.spec.includes(KEY))).toBe(true);

    const estimate = await runCli(['estimate', 'suite.yaml', '--new', '--no-cache', '--json'], { cwd, env: { AZURE_OPENAI_API_KEY: KEY } });
    const targets = JSON.parse(estimate.stdout).targets;
    expect(targets.map((t: { model: string; price: { source: string } }) => [t.model, t.price.source])).toEqual([
      ['gpt-4-0613', 'table'],
      ['o4-mini', 'table'],
    ]);
  });

  it('a deployment path without api-version is refused by the server, as Azure does', async () => {
    const response = await fetch(`${resource}/openai/deployments/x/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(404);
  });
});
