import { describe, expect, test } from 'vitest';
import { loadSuite } from './load-suite.js';
import { fixture, loadErrors } from './suite.test-helpers.js';

describe('expected: the right answer per case', () => {
  test('read as the compare kind reads it, inline and in JSONL and CSV rows; null or an empty cell is none', async () => {
    const suite = await loadSuite(fixture('expected'), { env: {} });
    const expected = Object.fromEntries(suite.cases.map((c) => [c.id, c.expected]));
    expect(expected).toEqual({
      prime: 'No',
      refund: 22.5,
      order: { order_id: 'A-1', quantity: 3 },
      greeting: 'Hello!',
      'happy-1': 1,
      'happy-none': undefined,
      'route-1': 'Billing',
      'route-2': undefined,
    });
    // An `expected` column is the case's answer, not a var.
    expect(suite.cases.find((c) => c.id === 'route-1')!.vars).toEqual({ text: 'I was charged twice' });
    expect(suite.gate.maxChangeRate).toBe(0.1);
  });

  test('an answer its comparison cannot read is an error where it is written', async () => {
    expect(await loadErrors(fixture('expected-errors'))).toEqual([
      'fixtures/suite/expected-errors/suite.yaml:8:5: case \'label\': expected: "returns" is not one of the labels (billing, shipping)',
      'fixtures/suite/expected-errors/suite.yaml:12:5: case \'number\': expected: a number for a number comparison, got "several"',
      'fixtures/suite/expected-errors/suite.yaml:16:5: case \'json\': expected: JSON for a json comparison, got text that is not JSON: "{\\"order_id\\": "',
      "fixtures/suite/expected-errors/suite.yaml:20:5: case 'text': expected: a text for a text comparison, got a list",
      "fixtures/suite/expected-errors/suite.yaml:25:5: cases[4]: 'expected' does not apply to a file entry; each row has its own\n  put 'expected' in the rows of rows.csv",
    ]);
  });
});
