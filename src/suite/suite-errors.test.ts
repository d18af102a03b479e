import { describe, expect, test } from 'vitest';
import { SuiteError } from '../errors.js';
import { loadSuite } from './load-suite.js';
import { fixture, loadErrors } from './suite.test-helpers.js';

// Each test shows what a user sees when their suite does not load.

describe('schema', () => {
  test('an unknown key is located at the key, with the key it was probably meant to be', async () => {
    expect(await loadErrors(fixture('unknown-key'))).toEqual([
      "fixtures/suite/unknown-key/suite.yaml:9:5: targets.gpt-4.1: unknown key 'concurrancy'\n  did you mean 'concurrency'?",
      "fixtures/suite/unknown-key/suite.yaml:12:5: cases[0]: unknown key 'promt'\n  did you mean 'prompt'?",
    ]);
  });

  test('a wrong type says what was expected and what was found, at the value', async () => {
    expect(await loadErrors(fixture('wrong-type'))).toEqual([
      'fixtures/suite/wrong-type/suite.yaml:7:18: targets.gpt-4-0314.max_retries: expected an integer >= 0, got -1',
      'fixtures/suite/wrong-type/suite.yaml:10:18: targets.gpt-4.1.concurrency: expected an integer >= 1, got "eight"',
      'fixtures/suite/wrong-type/suite.yaml:11:21: targets.gpt-4.1.price.input: expected a price >= 0 in USD per million tokens, got -1',
      'fixtures/suite/wrong-type/suite.yaml:14:14: cases[0].samples: expected an integer >= 1, got 0',
      'fixtures/suite/wrong-type/suite.yaml:16:17: cases[0].messages[0].role: expected one of system, developer, user, assistant, tool, got "robot"',
    ]);
  });

  test('an empty file says so', async () => {
    expect(await loadErrors(fixture('empty'))).toEqual([
      'fixtures/suite/empty/suite.yaml: the suite file is empty; expected name, baseline, candidates, targets and cases',
    ]);
  });

  test('a suite whose cases expand to nothing is an error', async () => {
    expect(await loadErrors(fixture('no-cases'))).toEqual([
      'fixtures/suite/no-cases/suite.yaml:7:8: cases: the suite has no cases\n  add a case with a prompt, or a file entry with rows',
    ]);
  });

  test('a suite file that does not exist', async () => {
    expect(await loadErrors(fixture('no-such-suite'))).toEqual(['fixtures/suite/no-such-suite/suite.yaml: suite file not found']);
  });
});

describe('YAML syntax', () => {
  test('an alias bomb is refused at the alias that makes it too big, not expanded', async () => {
    expect(await loadErrors(fixture('alias-bomb'))).toEqual([
      'fixtures/suite/alias-bomb/suite.yaml:15:18: YAML aliases here expand the file past 1000 values (anchors that alias anchors multiply: an alias bomb); pinned does not expand it\n  write the values out, or alias fewer levels deep',
    ]);
  });

  test('a syntax error keeps the YAML parser position', async () => {
    expect(await loadErrors(fixture('yaml-syntax'))).toEqual([
      'fixtures/suite/yaml-syntax/suite.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('a duplicate key points at the second one', async () => {
    expect(await loadErrors(fixture('duplicate-key'))).toEqual([
      "fixtures/suite/duplicate-key/suite.yaml:7:5: 'model' is given twice in the same mapping\n  keep one 'model:' (the other is above, at the same indentation)",
    ]);
  });
});

describe('cases', () => {
  test('a missing var names the case and the var, at the case', async () => {
    expect(await loadErrors(fixture('missing-var'))).toEqual([
      "fixtures/suite/missing-var/suite.yaml:10:5: case 'refund-window': no value for {{questoin}}\n  did you mean 'question'?",
    ]);
  });

  test('a case needs exactly one of prompt and messages; a file entry has no id of its own', async () => {
    expect(await loadErrors(fixture('case-shape'))).toEqual([
      "fixtures/suite/case-shape/suite.yaml:8:5: case 'both': has both 'prompt' and 'messages'; give one\n" +
        "  'prompt' is one user message; 'messages' is the whole conversation",
      "fixtures/suite/case-shape/suite.yaml:11:5: case 'neither': missing 'prompt' or 'messages'",
      "fixtures/suite/case-shape/suite.yaml:14:5: cases[2]: 'id' does not apply to a file entry; each row has its own\n  put 'id' in the rows of rows.jsonl",
      "fixtures/suite/case-shape/rows.jsonl:1:1: case 'row-1': missing 'prompt' or 'messages'\n" +
        "  give each row a prompt, or put a 'prompt' template on the file entry",
    ]);
  });

  test('a duplicate id names both places, in the suite and in included files', async () => {
    expect(await loadErrors(fixture('duplicate-ids'))).toEqual([
      "fixtures/suite/duplicate-ids/suite.yaml:10:5: duplicate case id 'greet': the case at fixtures/suite/duplicate-ids/suite.yaml:8:5 already has it\n" +
        '  case ids must be unique across the suite and the files it includes',
      "fixtures/suite/duplicate-ids/rows.jsonl:2:1: duplicate case id 'farewell': the case at fixtures/suite/duplicate-ids/rows.jsonl:1:1 already has it\n" +
        '  case ids must be unique across the suite and the files it includes',
    ]);
  });
});

describe('baseline and candidates', () => {
  test('names that are not targets get a suggestion or the list of targets; repeats are errors', async () => {
    expect(await loadErrors(fixture('bad-baseline'))).toEqual([
      "fixtures/suite/bad-baseline/suite.yaml:2:11: baseline: 'gpt-4-0315' is not a defined target\n  did you mean 'gpt-4-0314'?",
      "fixtures/suite/bad-baseline/suite.yaml:3:23: candidates[1]: 'gpt-4.1' is listed twice\n  remove the repeat",
      "fixtures/suite/bad-baseline/suite.yaml:3:32: candidates[2]: 'gpt4o' is not a defined target\n  did you mean 'gpt-4o'?",
      "fixtures/suite/bad-baseline/suite.yaml:3:39: candidates[3]: 'claude' is not a defined target\n  defined targets: gpt-4-0314, gpt-4.1, gpt-4o",
    ]);
  });

  test('the baseline cannot also be a candidate', async () => {
    const errors = await loadErrors(fixture('baseline-as-candidate'));
    expect(errors).toEqual([
      "fixtures/suite/baseline-as-candidate/suite.yaml:3:23: candidates[1]: 'gpt-4-0314' is the baseline; a target cannot be compared with itself\n  remove it from candidates",
    ]);
  });
});

describe('replay targets', () => {
  test('a recording that does not exist is reported at the replay line', async () => {
    expect(await loadErrors(fixture('replay-missing'))).toEqual([
      'fixtures/suite/replay-missing/suite.yaml:6:13: targets.recorded-0314.replay: recording not found: fixtures/suite/replay-missing/recordings/gpt-4-0314.jsonl\n' +
        '  the path is relative to the suite file',
    ]);
  });

  test('endpoint settings on a replay target, and a target with neither model nor replay', async () => {
    expect(await loadErrors(fixture('replay-with-model'))).toEqual([
      "fixtures/suite/replay-with-model/suite.yaml:7:5: targets.recorded-0314: 'model' does not apply to a replay target, which reads a recording and sends no requests\n" +
        "  remove 'model', or remove 'replay' to call an endpoint instead",
      "fixtures/suite/replay-with-model/suite.yaml:8:5: targets.recorded-0314: 'params' does not apply to a replay target, which reads a recording and sends no requests\n" +
        "  remove 'params', or remove 'replay' to call an endpoint instead",
      "fixtures/suite/replay-with-model/suite.yaml:10:3: targets.gpt-4.1: missing 'model' (the model id to request) or 'replay' (a recording to read instead)",
    ]);
  });
});

describe('all problems at once', () => {
  test('schema, reference, target and case problems come in one error, in file order', async () => {
    const error = await loadSuite(fixture('many-errors'), { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SuiteError);
    expect((error as SuiteError).code).toBe('SUITE_INVALID');
    expect((error as SuiteError).message).toBe(
      [
        "fixtures/suite/many-errors/suite.yaml:3:14: candidates[0]: 'gpt-4.2' is not a defined target",
        "  did you mean 'gpt-4.1'?",
        // The value is not echoed: it may be a key pasted by mistake.
        'fixtures/suite/many-errors/suite.yaml:7:18: targets.gpt-4-0314.api_key_env: expected the NAME of the environment variable that holds the key, e.g. OPENAI_API_KEY',
        '  the key itself never goes in the suite; export it and name the variable here',
        'fixtures/suite/many-errors/suite.yaml:8:17: targets.gpt-4-0314.timeout_ms: expected an integer >= 1, got "soon"',
        "fixtures/suite/many-errors/suite.yaml:10:5: targets.gpt-4.1: unknown key 'modle'",
        "  did you mean 'model'?",
        "fixtures/suite/many-errors/suite.yaml:12:5: case 'greet': no value for {{name}}",
        "  define 'name' in the case's vars or in defaults.vars",
        "fixtures/suite/many-errors/suite.yaml:16:5: cases[1]: unknown key 'tgs'",
        "  did you mean 'tags'?",
      ].join('\n'),
    );
  });
});
