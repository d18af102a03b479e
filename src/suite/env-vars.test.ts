import { describe, expect, test } from 'vitest';
import { interpolateEnv } from './env-vars.js';
import { loadSuite } from './load-suite.js';
import { fixture } from './suite.test-helpers.js';

describe('interpolateEnv', () => {
  test('${VAR}, ${VAR:-default} and the $${ escape', () => {
    const env = { HOST: 'example.test', EMPTY: '' };
    expect(interpolateEnv('https://${HOST}/v1', env)).toEqual({ value: 'https://example.test/v1', unresolved: [], malformed: false });
    expect(interpolateEnv('${PORT:-8080}/${HOST:-x}', env).value).toBe('8080/example.test');
    // Empty counts as unset, as with a shell's :-
    expect(interpolateEnv('${EMPTY:-fallback}', env).value).toBe('fallback');
    expect(interpolateEnv('$${HOST} costs $5', env).value).toBe('${HOST} costs $5');
    expect(interpolateEnv('${MISSING}-${MISSING}-${EMPTY}', env)).toEqual({
      value: '${MISSING}-${MISSING}-${EMPTY}',
      unresolved: ['MISSING', 'EMPTY'],
      malformed: false,
    });
    expect(interpolateEnv('${not closed', env).malformed).toBe(true);
  });
});

describe('env vars in a suite', () => {
  test('target fields and their defaults are interpolated; prompts and api_key_env are not', async () => {
    const suite = await loadSuite(fixture('env'), {
      env: {
        PINNED_MODEL: 'gpt-4-0314',
        PINNED_TEAM: 'support',
        PINNED_ORG: 'org-9',
        PINNED_RECORDINGS: 'recordings',
        PINNED_PROJECT: 'proj_env',
      },
    });

    expect(suite.targets['gpt-4-0314']).toMatchObject({
      model: 'gpt-4-0314',
      baseUrl: 'https://api.cometapi.com/v1',
      apiKeyEnv: 'COMETAPI_KEY',
      headers: { 'X-Literal': '${KEEP}', 'X-Team': 'support' },
      project: 'proj_env',
      unresolved: [],
    });
    expect(suite.targets['gpt-4.1']).toMatchObject({ organization: 'org-9', project: 'proj_env' });
    expect(suite.targets.recorded).toMatchObject({ kind: 'replay', file: fixture('env', 'recordings/gpt-4-0314.jsonl') });
    expect(suite.cases[0]?.messages).toEqual([{ role: 'user', content: 'Keep this as written: ${PINNED_MODEL} and $${x}' }]);
  });

  test('a variable with no value is recorded on its target, with where it is used, and left in place', async () => {
    const suite = await loadSuite(fixture('env'), { env: { PINNED_BASE_URL: 'http://127.0.0.1:9/v1' } });
    const file = 'fixtures/suite/env/suite.yaml';

    expect(suite.targets['gpt-4-0314']).toMatchObject({
      model: '${PINNED_MODEL}',
      baseUrl: 'http://127.0.0.1:9/v1',
      headers: { 'X-Team': '${PINNED_TEAM}' },
      project: 'proj_default',
      unresolved: [
        { name: 'PINNED_MODEL', loc: { file, line: 6, col: 12 } },
        { name: 'PINNED_TEAM', loc: { file, line: 9, col: 47 } },
      ],
    });
    expect(suite.targets['gpt-4.1']).toMatchObject({
      organization: '${PINNED_ORG}',
      unresolved: [{ name: 'PINNED_ORG', loc: { file, line: 12, col: 19 } }],
    });
    // The recording is not looked for until its path is known.
    expect(suite.targets.recorded).toMatchObject({ unresolved: [{ name: 'PINNED_RECORDINGS', loc: { file, line: 14, col: 13 } }] });
  });
});
