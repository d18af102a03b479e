import { expect, test } from 'vitest';
import { formatIssue } from '../errors.js';
import { loadSuite } from './load-suite.js';
import { fixture } from './suite.test-helpers.js';

test('problems that do not stop a run are warnings; unknown params are still sent as written', async () => {
  const suite = await loadSuite(fixture('warnings'), { env: {} });

  expect(suite.warnings.map(formatIssue)).toEqual([
    'fixtures/suite/warnings/suite.yaml:3:13: candidates: the list is empty, so the run only measures the baseline',
    "fixtures/suite/warnings/suite.yaml:7:15: targets.gpt-4-0314.params: 'temprature' is not a chat-completions parameter pinned knows; it is sent as written\n" +
      "  did you mean 'temperature'?",
    "fixtures/suite/warnings/suite.yaml:7:47: targets.gpt-4-0314.params: 'top_k' is not a chat-completions parameter pinned knows; it is sent as written\n" +
      "  did you mean 'top_p'?",
    "fixtures/suite/warnings/suite.yaml:9:22: defaults.params: 'frequency_penality' is not a chat-completions parameter pinned knows; it is sent as written\n" +
      "  did you mean 'frequency_penalty'?",
    'fixtures/suite/warnings/suite.yaml:12:11: cases[1].file: cases/empty.csv has no cases',
  ]);
  expect(suite.targets['gpt-4-0314']).toMatchObject({
    params: { seed: 7, frequency_penality: 0.5, temprature: 0, max_tokens: 100, top_k: 40 },
  });
});
