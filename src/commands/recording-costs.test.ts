// Recorded outputs carry their usage: an imported baseline is costed from it at the price of the
// model its rows say answered, and a replay target is never told to "set price:", which a
// replay target cannot take.
import { describe, expect, it } from 'vitest';
import { runCli, tempProject, replayHead } from './cli.test-helpers.js';

const usage = { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 };
const row = (id: string, extra: Record<string, unknown>) => JSON.stringify({ case: id, output: `${id}.`, usage, ...extra });

describe('costs of recorded outputs', () => {
  it('an imported baseline is costed from its rows’ usage, at the price of the model they name', async () => {
    const cwd = tempProject({
      'suite.yaml': `name: imported
baseline: legacy
candidates: [new]
targets:
  legacy: { model: acme/legacy-gpt4, base_url: "http://127.0.0.1:9/v1", api_key_env: false }
  new: { replay: new.jsonl }
cases:
  - { id: a, prompt: "A?" }
`,
      'legacy.jsonl': `${row('a', { model: 'gpt-4-0314' })}\n`,
      'new.jsonl': `${row('a', { model: 'gpt-4.1' })}\n`,
    });
    expect((await runCli(['import', 'suite.yaml', '--target', 'legacy', '--from', 'legacy.jsonl'], { cwd })).code).toBe(0);
    const result = await runCli(['run', 'suite.yaml', '--no-html'], { cwd });
    // 100 input tokens at $30/M and 50 output tokens at $60/M.
    expect(result.stdout).toMatch(
      /cost {2}legacy {2}\$0\.006 at 30 \/ 60 \$\/M \(table [\d-]+, the model the recording names: gpt-4-0314\)/,
    );
  });

  it('a replay target without a priced model is told how to get a price it can have', async () => {
    const cwd = tempProject({
      'suite.yaml': `${replayHead('replayed')}cases:
  - { id: a, prompt: "A?" }
`,
      'old.jsonl': `${row('a', {})}\n`,
      'new.jsonl': `${row('a', { model: 'house-model-7' })}\n`,
    });
    const result = await runCli(['run', 'suite.yaml', '--no-html'], { cwd });
    expect(result.stdout).not.toContain('set price:');
    expect(result.stdout).toContain('old  unknown (no price known: the recording names no model; add "model" to its rows)');
    expect(result.stdout).toContain('new  unknown (no price known for house-model-7, the model the recording names)');
  });
});
