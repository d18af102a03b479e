// A regex with nested quantifiers, `(a+)+$`, takes exponential time in JavaScript's backtracking
// engine: on an output of 40 a's and a '!' a compare would never end. pinned runs suite authors'
// regexes on a linear-time engine; validate warns of such patterns (the author's own software
// may run them with a backtracking engine), and a pattern the linear engine cannot run is a
// suite error naming where it is written and the pattern.
import { describe, expect, it } from 'vitest';
import { runCli, startCli, tempProject, replayHead } from './cli.test-helpers.js';

const output = `${'a'.repeat(40)}!`;

function project(pattern: string): string {
  return tempProject({
    'suite.yaml': `${replayHead('redos')}cases:
  - id: nested-assert
    prompt: "A?"
    assert:
      - regex: '${pattern}'
  - id: nested-extract
    prompt: "B?"
    compare: { kind: label, extract: '(${pattern})' }
`,
    'old.jsonl': ['nested-assert', 'nested-extract'].map((id) => JSON.stringify({ case: id, output })).join('\n'),
    'new.jsonl': ['nested-assert', 'nested-extract'].map((id) => JSON.stringify({ case: id, output: `${output}?` })).join('\n'),
  });
}

describe('catastrophic regexes', () => {
  it('a run with (a+)+$ in an assertion and an extract finishes, with the right verdicts', async () => {
    const cwd = project('(a+)+$');
    const { child, done } = startCli(['run', 'suite.yaml', '--no-html', '--json', 'c.json'], { cwd });
    // Not a measured duration: a backtracking engine would take years, and the test must end.
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const result = await done.finally(() => clearTimeout(guard));
    expect(result.signal, 'the run never finished').toBeNull();
    expect(result.stdout).toContain('compared with old (run 1) on 2 cases');
  });

  it('validate warns of nested quantifiers, naming where the pattern is written', async () => {
    const result = await runCli(['validate', 'suite.yaml'], { cwd: project('(a+)+$') });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "warning suite.yaml:11:9: cases[0].assert[0]: regex /(a+)+$/ nests a repeated group in a repetition ('(a+)+')",
    );
    expect(result.stderr).toContain('warning suite.yaml:14:14: cases[1].compare: regex /((a+)+$)/ nests a repeated group');
  });

  it('a pattern the linear-time engine cannot run is a suite error that names it', async () => {
    const result = await runCli(['validate', 'suite.yaml'], { cwd: project('(a)\\1') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'suite.yaml:11:9: cases[0].assert[0]: invalid regex /(a)\\1/: backreferences (\\1) cannot run in linear time',
    );
  });
});
