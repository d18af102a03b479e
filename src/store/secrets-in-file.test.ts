import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempStore, testCell, testSuite, success } from './store.test-helpers.js';

describe('the database file', () => {
  it('never holds an API key passed by mistake in a target header', () => {
    const secret = 'sk-live-0123456789abcdefSECRET';
    const store = tempStore();
    const run = store.createRun({
      suite: testSuite(),
      kind: 'run',
      targets: [
        {
          name: 'base',
          role: 'baseline',
          kind: 'endpoint',
          config: { model: 'base', apiKeyEnv: 'OPENAI_API_KEY', headers: { Authorization: `Bearer ${secret}`, 'x-api-key': secret } },
        },
      ],
      options: { api_key: secret },
      totalCells: 1,
      toolVersion: 't',
    });
    store.saveOutcome(run.id, testCell('a', 'base'), success('answer'));
    expect(store.readRun(run.id).targets[0]!.config).toEqual({
      model: 'base',
      apiKeyEnv: 'OPENAI_API_KEY',
      headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' },
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
