import { describe, expect, test } from 'vitest';
import { envPieces, interpolateEnv, shownUrl } from './env-vars.js';
import { loadSuite } from './load-suite.js';
import { fixture } from './suite.test-helpers.js';

describe('interpolateEnv', () => {
  test('${VAR}, ${VAR:-default} and the $${ escape', () => {
    const env = { HOST: 'example.test', EMPTY: '' };
    expect(interpolateEnv('https://${HOST}/v1', env)).toEqual({
      value: 'https://example.test/v1',
      unresolved: [],
      malformed: false,
      defaulted: [],
    });
    expect(interpolateEnv('${PORT:-8080}/${HOST:-x}', env)).toMatchObject({ value: '8080/example.test', defaulted: ['PORT'] });
    // Empty counts as unset, as with a shell's :-
    expect(interpolateEnv('${EMPTY:-fallback}', env).value).toBe('fallback');
    expect(interpolateEnv('$${HOST} costs $5', env).value).toBe('${HOST} costs $5');
    expect(interpolateEnv('${MISSING}-${MISSING}-${EMPTY}', env)).toEqual({
      value: '${MISSING}-${MISSING}-${EMPTY}',
      unresolved: ['MISSING', 'EMPTY'],
      malformed: false,
      defaulted: [],
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
      // Stored and printed with what came from the environment as written; sent expanded.
      headers: { 'X-Literal': '${KEEP}', 'X-Team': '${PINNED_TEAM}' },
      project: '${PINNED_PROJECT}',
      wire: { baseUrl: 'https://api.cometapi.com/v1', headers: { 'X-Literal': '${KEEP}', 'X-Team': 'support' }, project: 'proj_env' },
      unresolved: [],
    });
    expect(suite.targets['gpt-4.1']).toMatchObject({
      organization: '${PINNED_ORG}',
      wire: { organization: 'org-9', project: 'proj_env' },
    });
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

describe('shownUrl', () => {
  test('keeps where requests go and shows credentials from the environment as written', () => {
    const shown = (text: string, env: Record<string, string>) => shownUrl(envPieces(text, env).pieces);
    expect(shown('https://${USER}:${PASS}@h.test/v1?api-version=1&key=${KEY}', { USER: 'u', PASS: 'p', KEY: 'k' })).toBe(
      'https://${USER}:${PASS}@h.test/v1?api-version=1&key=${KEY}',
    );
    expect(shown('${URL}', { URL: 'https://u:p@h.test/v1?key=k' })).toBe('https://[redacted]@h.test/v1?[redacted]');
    expect(shown('${URL:-https://h.test/v1}', {})).toBe('https://h.test/v1');
    expect(shown('https://${HOST}/v1', { HOST: 'h.test' })).toBe('https://h.test/v1');
  });
});
