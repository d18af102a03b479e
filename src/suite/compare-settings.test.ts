import { describe, expect, test } from 'vitest';
import { loadSuite } from './load-suite.js';
import { fixture, loadErrors } from './suite.test-helpers.js';

describe('comparison settings in a suite', () => {
  test('compare kinds, assertions (defaults first), gate with defaults, judge and embeddings', async () => {
    const suite = await loadSuite(fixture('compare-settings'), { env: {} });
    const byId = Object.fromEntries(suite.cases.map((c) => [c.id, c]));
    expect(byId.prime!.compare).toEqual({ kind: 'label', extract: '\\[(Yes|No)\\]' });
    expect(byId.prime!.assert).toEqual([{ type: 'max-length', value: 2000 }, { type: 'icontains', value: '[Yes]' }, { type: 'is-json' }]);
    expect(byId.extract!.compare).toEqual({ kind: 'json', keys: ['order_id', 'quantity'] });
    expect(byId.extract!.assert[1]).toEqual({ type: 'json-schema', value: { type: 'object', required: ['order_id'] } });
    expect(byId.refund!.compare).toEqual({ kind: 'number', extract: 'Refund: \\$([\\d.]+)', tolerance: 0.01 });
    expect(byId.sql!.compare).toEqual({ kind: 'code' });
    expect(suite.gate).toEqual({ maxRegressionRate: 0.02, minEquivalenceRate: 0.9, criticalTags: ['billing'], confidence: 0.95 });
    expect(suite.judge).toMatchObject({ kind: 'endpoint', name: 'judge', model: 'gpt-4.1' });
    expect(suite.embeddings).toMatchObject({ kind: 'endpoint', name: 'embeddings', model: 'text-embedding-3-small', apiKeyEnv: null });
  });

  test('mistakes are located and explained', async () => {
    expect(await loadErrors(fixture('compare-errors'))).toEqual([
      "fixtures/suite/compare-errors/suite.yaml:8:3: gate: unknown key 'max_regresion_rate'\n  did you mean 'max_regression_rate'?",
      'fixtures/suite/compare-errors/suite.yaml:9:15: gate.confidence: expected a confidence level below 1, got 1.5',
      "fixtures/suite/compare-errors/suite.yaml:10:8: judge: no target named 'gpt-5'\n  targets: old, new",
      'fixtures/suite/compare-errors/suite.yaml:14:14: cases[0].compare: expected one of text, label, json, number, code, tool-calls, got "lable"\n  did you mean \'label\'?',
      "fixtures/suite/compare-errors/suite.yaml:17:14: cases[1].compare: expected a label comparison with 'extract' (a regex) or 'labels' (a list), got a mapping",
      "fixtures/suite/compare-errors/suite.yaml:21:9: cases[2].assert[0]: unknown key 'icontain'\n  did you mean 'icontains'?",
      'fixtures/suite/compare-errors/suite.yaml:22:9: cases[2].assert[1]: expected one assertion type per item; write each as its own \"- type: value\" item, got a mapping',
      'fixtures/suite/compare-errors/suite.yaml:25:14: cases[3].compare: invalid extract regex: Invalid regular expression: /[unclosed/u: Unterminated character class',
      'fixtures/suite/compare-errors/suite.yaml:27:9: cases[3].assert[0]: invalid regex /(a/: Invalid regular expression: /(a/u: Unterminated group',
      'fixtures/suite/compare-errors/suite.yaml:28:9: cases[3].assert[1]: file not found: checks/missing.mjs (relative to the suite)',
      'fixtures/suite/compare-errors/suite.yaml:29:9: cases[3].assert[2]: invalid JSON Schema: strict mode: unknown keyword: "requried"',
      // The mapping form names the kind that was written, not "got a mapping".
      'fixtures/suite/compare-errors/suite.yaml:32:22: cases[4].compare.kind: expected one of text, label, json, number, code, tool-calls, got "lable"\n  did you mean \'label\'?',
    ]);
  });
});
