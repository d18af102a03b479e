import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSecretName, redactSecrets } from './redact.js';
import { tempStore, testCell, testSuite, success } from './store.test-helpers.js';

describe('redactSecrets', () => {
  it('recognises secret names and leaves look-alikes alone', () => {
    const secret = ['Authorization', 'authorization', 'api-key', 'X-Api-Key', 'api_key', 'apiKey', 'openai_api_key', 'access_token',
      'refreshToken', 'client_secret', 'password', 'Proxy-Authorization', 'Cookie'];
    const harmless = ['api_key_env', 'apiKeyEnv', 'max_tokens', 'max_completion_tokens', 'model', 'baseUrl', 'temperature',
      'prompt_cache_key', 'keywords', 'headers'];
    expect(secret.filter((name) => !isSecretName(name))).toEqual([]);
    expect(harmless.filter(isSecretName)).toEqual([]);
  });

  it('redacts nested values and credentials under innocent names', () => {
    expect(
      redactSecrets({
        model: 'gpt-4-0314',
        apiKeyEnv: 'OPENAI_API_KEY',
        params: { max_tokens: 400 },
        headers: { Authorization: 'Bearer sk-abc', 'X-Custom': 'Bearer sk-def', 'X-Trace': 'yes' },
        list: [{ token: 't' }],
      }),
    ).toEqual({
      model: 'gpt-4-0314',
      apiKeyEnv: 'OPENAI_API_KEY',
      params: { max_tokens: 400 },
      headers: { Authorization: '[redacted]', 'X-Custom': '[redacted]', 'X-Trace': 'yes' },
      list: [{ token: '[redacted]' }],
    });
  });
});

describe('the database file', () => {
  it('never holds an API key passed by mistake in a target header', () => {
    const secret = 'sk-live-0123456789abcdefSECRET';
    const store = tempStore();
    const run = store.createRun({
      suite: testSuite(),
      kind: 'run',
      targets: [
        {
          name: 'base', role: 'baseline', kind: 'endpoint',
          config: { model: 'base', apiKeyEnv: 'OPENAI_API_KEY', headers: { Authorization: `Bearer ${secret}`, 'x-api-key': secret } },
        },
      ],
      options: { api_key: secret },
      totalCells: 1,
      toolVersion: 't',
    });
    store.saveOutcome(run.id, testCell('a', 'base'), success('answer'));
    expect(store.readRun(run.id).targets[0]!.config).toEqual({
      model: 'base', apiKeyEnv: 'OPENAI_API_KEY', headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' },
    });

    // Read the bytes while the store is open, so the WAL has not been checkpointed away.
    const folder = dirname(store.path);
    const files = readdirSync(folder);
    expect(files).toContain('pinned.db-wal');
    for (const file of files) expect(readFileSync(join(folder, file)).includes(secret), file).toBe(false);
    store.close();
    expect(readFileSync(store.path).includes(secret)).toBe(false);
  });
});
