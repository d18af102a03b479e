// `pinned review` on a real pseudo-terminal (node-pty): the built CLI sees a TTY on stdin and
// stdout, draws each case, and takes single keys, exactly as with a person at the keyboard.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type IPty } from 'node-pty';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cliPath, exampleProject, runCli, waitFor } from './cli.test-helpers.js';

/** The CLI on a pseudo-terminal: everything it draws, keys to press, and its exit. */
function onTerminal(args: string[], cwd: string, env: Record<string, string> = {}) {
  const term: IPty = spawn(process.execPath, [cliPath, ...args], {
    name: 'xterm-256color',
    cols: 140,
    rows: 50,
    cwd,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, NO_COLOR: '1', ...env },
  });
  let screen = '';
  let mark = 0;
  term.onData((data) => (screen += data));
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    /** Waits until `text` appears after the last thing waited for, and returns what was drawn since. */
    async see(text: string): Promise<string> {
      await waitFor(() => screen.indexOf(text, mark) >= 0, 30_000).catch(() => {
        throw new Error(`never saw ${JSON.stringify(text)}; the terminal shows:\n${screen.slice(mark)}`);
      });
      const at = screen.indexOf(text, mark) + text.length;
      const seen = screen.slice(mark, at);
      mark = at;
      return seen;
    },
    press: (keys: string) => term.write(keys),
    exited,
    screen: () => screen,
  };
}

describe('pinned review on a terminal (node-pty)', () => {
  it('walks the cases critical and worst first, side by side with the word diff; a, r, s, n and q do what they say', async () => {
    const cwd = exampleProject();
    expect((await runCli(['run', 'suites/example.yaml', '--db', 'p.db', '--no-html'], { cwd })).code).toBe(1);
    const t = onTerminal(['review', '--db', 'p.db', '--by', 'Ada Lovelace'], cwd);

    await t.see('13 cases of run 1 need a person (worst first); reviews go to suites/example.reviews.yaml as you make them');
    // The critical regressions come first: gpt-4o's wrong answers on billing cases.
    const first = await t.see('[a] accept  [r] reject  [s] skip  [n] note  [q] quit');
    expect(first).toContain('case 1 of 13 · escalate-chargeback · gpt-4o vs gpt-4-0314 · regressed · critical');
    expect(first).toContain('• fails expected: Yes where the baseline passes (baseline 2/2, candidate 0/1): gives No');
    expect(first).toMatch(/baseline gpt-4-0314 \(sample 1 of 2\) +candidate gpt-4o/);
    // No colour (NO_COLOR): the word diff is bracketed, the baseline's words [-…-], the candidate's {+…+}.
    expect(first).toMatch(/\[-Yes\S*-\]/);
    expect(first).toMatch(/\{\+No\S*\+\}/);

    // A note, typed with a slip and a backspace, then reject.
    t.press('n');
    await t.see('note: ');
    t.press('wrong on a chargebacz');
    t.press('\u007f');
    t.press('k\r');
    await t.see('note kept: wrong on a chargeback; now [a] accept or [r] reject');
    t.press('x');
    await t.see('([a] accept');
    t.press('r');
    await t.see('rejected: escalate-chargeback (gpt-4o) → suites/example.reviews.yaml');

    const second = await t.see('[q] quit');
    expect(second).toContain('case 2 of 13 · partial-refund · gpt-4o vs gpt-4-0314 · regressed · critical');
    t.press('s');
    await t.see('skipped');
    const third = await t.see('[q] quit');
    const accepted = /case 3 of 13 · ([\w-]+) · (gpt-4[.\w]*) vs/.exec(third)!;
    t.press('a');
    await t.see(`accepted: ${accepted[1]} (${accepted[2]})`);
    await t.see('case 4 of 13');
    t.press('q');
    await t.see('2 reviews written (1 accepted, 1 rejected), 1 skipped, 10 left for later.');
    expect(await t.exited).toBe(0);

    const file = parse(readFileSync(join(cwd, 'suites/example.reviews.yaml'), 'utf8')) as { reviews: Array<Record<string, string>> };
    expect(file.reviews).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          case: 'escalate-chargeback',
          candidate: 'gpt-4o',
          decision: 'reject',
          by: 'Ada Lovelace',
          note: 'wrong on a chargeback',
        }),
        expect.objectContaining({ case: accepted[1], candidate: accepted[2], decision: 'accept', by: 'Ada Lovelace' }),
      ]),
    );
    expect(file.reviews).toHaveLength(2);

    // Asked again, the reviewed cases are settled: 8 are left, and the next compare rests two verdicts on the reviews.
    const again = onTerminal(['review', '--db', 'p.db', '--by', 'Ada Lovelace'], cwd);
    await again.see('11 cases of run 1 need a person');
    again.press('q');
    expect(await again.exited).toBe(0);
    const compared = await runCli(['compare', '--db', 'p.db'], { cwd });
    expect(accepted.slice(1)).toEqual(['late-order-apology', 'gpt-4o']);
    expect(compared.stdout).toContain("reviewed: 2 verdicts rest on a person's review (1 accepted, 1 rejected; by Ada Lovelace)");
  });

  it('says there is nothing to review once every case is settled by evidence or a review', async () => {
    const cwd = exampleProject();
    await runCli(['run', 'suites/example.yaml', '--db', 'p.db', '--no-html', '--only', 'baseline,gpt-4.1'], { cwd });
    const t = onTerminal(['review', '--db', 'p.db', '--by', 'Ada'], cwd);
    await t.see('4 cases of run 1 need a person');
    for (const n of [1, 2, 3, 4]) {
      await t.see(`case ${n} of 4`);
      await t.see('[q] quit');
      t.press('a');
    }
    await t.see('4 reviews written (4 accepted, 0 rejected), 0 skipped.');
    expect(await t.exited).toBe(0);
    const done = onTerminal(['review', '--db', 'p.db', '--by', 'Ada'], cwd);
    await done.see('nothing to review in run 1: every case is settled by evidence or by a review in suites/example.reviews.yaml');
    expect(await done.exited).toBe(0);
    // Accepted, the four verdicts are confirmed: nothing is left to lexical evidence.
    const compared = await runCli(['compare', '--db', 'p.db', '--json', '-'], { cwd });
    const json = JSON.parse(compared.stdout) as { candidates: Array<{ unconfirmed: number; reviewed: { accepted: number } }> };
    expect(json.candidates[0]).toMatchObject({ unconfirmed: 0, reviewed: { accepted: 4 } });
  });
});
