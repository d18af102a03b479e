import { expect, test } from 'vitest';
import { formatIssue } from '../errors.js';
import { loadSuite } from './load-suite.js';
import { fixture, loadErrors } from './suite.test-helpers.js';
import { tempProject } from '../commands/cli.test-helpers.js';
import { join } from 'node:path';

test('params_compat, rpm and tpm per target over defaults; strict reasoning targets are warned about', async () => {
  const suite = await loadSuite(fixture('limits'), { env: {} });
  expect(suite.targets['gpt-4-0314']).toMatchObject({ rpm: 600, tpm: 30000 });
  expect(suite.targets['o3-mini']).toMatchObject({ rpm: 60, tpm: 30000 });
  expect(suite.targets['o3-mini']).not.toHaveProperty('paramsCompat'); // absent: strict
  expect(suite.targets['o3-auto']).toMatchObject({ paramsCompat: 'auto' });
  expect(suite.warnings.map(formatIssue)).toEqual([
    "fixtures/suite/limits/suite.yaml:6:3: targets.o3-mini: o3-mini is a reasoning model and rejects 'temperature', 'max_tokens'; with params_compat: strict the target stops at the first 400\n" +
      '  set params_compat: auto to have pinned rewrite them, or use max_completion_tokens and leave sampling params at their defaults',
    // gpt-5 keeps temperature at its default and has its own max_completion_tokens; the default max_tokens is still rejected.
    "fixtures/suite/limits/suite.yaml:8:3: targets.gpt-5: gpt-5 is a reasoning model and rejects 'max_tokens'; with params_compat: strict the target stops at the first 400\n" +
      '  set params_compat: auto to have pinned rewrite them, or use max_completion_tokens and leave sampling params at their defaults',
  ]);
});

test('bad values are suite errors with their location', async () => {
  const dir = tempProject({
    'suite.yaml':
      'name: x\nbaseline: a\ncandidates: []\ntargets:\n  a: { model: m, params_compat: loose, rpm: 0 }\ncases:\n  - { id: c, prompt: p }\n',
  });
  const errors = await loadErrors(join(dir, 'suite.yaml'));
  expect(errors.join('\n')).toMatch(/params_compat.*strict \(send params as written\) or auto/);
  expect(errors.join('\n')).toMatch(/rpm.*an integer >= 1/);
});
