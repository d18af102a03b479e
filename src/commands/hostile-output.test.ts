// Model output is untrusted in the terminal too: an output that holds terminal escape sequences
// (set the window title, clear the screen, move the cursor, ring the bell) must reach the screen
// or the CI log as visible text, never as a command to the terminal.
import { describe, expect, it } from 'vitest';
import { runCli, tempProject, replayHead } from './cli.test-helpers.js';

const hostile = 'Sure\u001b]0;PWNED\u0007\u001b[2J\u001b[1;1H\u009b2J\u202Eevil';

const suite = `${replayHead('hostile')}cases:
  - id: reply
    prompt: "Reply?"
    assert:
      - one-of: [Sure]
`;

describe('model output in the terminal', () => {
  it('control characters in a reason are shown escaped, never sent to the terminal', async () => {
    const cwd = tempProject({
      'suite.yaml': suite,
      'old.jsonl': `${JSON.stringify({ case: 'reply', output: 'Sure' })}\n`,
      'new.jsonl': `${JSON.stringify({ case: 'reply', output: hostile })}\n`,
    });
    const result = await runCli(['run', 'suite.yaml', '--no-html'], { cwd });
    expect(result.code, result.stderr).toBe(3);
    const printed = result.stdout + result.stderr;
    // The reason is there, with the sequences spelled out.
    expect(result.stdout).toContain('regressed reply: ');
    expect(result.stdout).toContain('\\u001b]0;PWNED\\u0007\\u001b[2J');
    // NO_COLOR is set by the helper, so nothing pinned prints holds a control character at all.
    expect(printed).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });

  it('control characters in a provider error and a case id are escaped too', async () => {
    const cwd = tempProject({
      'suite.yaml': suite.replace('id: reply', 'id: "re\\u001b[2Jply"'),
      'old.jsonl': `${JSON.stringify({ case: 're\u001b[2Jply', output: 'Sure' })}\n`,
      'new.jsonl': '',
    });
    const result = await runCli(['run', 'suite.yaml', '--no-html'], { cwd });
    const printed = result.stdout + result.stderr;
    expect(printed).toContain('re\\u001b[2Jply');
    expect(printed).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });
});
