import { describe, expect, it } from 'vitest';
import { loadSuite } from './load-suite.js';
import { fixture, loadErrors } from './suite.test-helpers.js';

describe('batch: in the suite', () => {
  it('applies to endpoint targets from defaults, a target’s own value winning', async () => {
    const suite = await loadSuite(fixture('batch'), { env: {} });
    expect(suite.targets['gpt-4.1']).toMatchObject({ kind: 'endpoint', batch: true });
    expect(suite.targets['gpt-4o']).not.toHaveProperty('batch');
    expect(suite.targets['recorded-0314']).not.toHaveProperty('batch');
  });

  it('takes true or false only, and only on endpoint targets', async () => {
    expect(await loadErrors(fixture('batch-errors'))).toMatchInlineSnapshot(`
      [
        "fixtures/suite/batch-errors/suite.yaml:7:5: targets.recorded-0314: 'batch' does not apply to a replay target, which reads a recording and sends no requests
        remove 'batch', or remove 'replay' to call an endpoint instead",
        "fixtures/suite/batch-errors/suite.yaml:10:12: targets.gpt-4.1.batch: expected true or false, got "yes please"",
      ]
    `);
  });
});
