import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusMissing, corpusNote, readCorpus } from '../corpus.test-helpers.js';
import { runCli, tempProject } from './cli.test-helpers.js';

// The built CLI on a suite made from real recorded outputs (../shared/corpus, LLMDrift
// happy_number), written the way the README says: a case file with an expected column, and
// gpt-4-0314 and gpt-4-0613 replayed from recordings.

interface DriftRow {
  id: string;
  task: string;
  messages: Array<{ role: string; content: string }>;
  expected: number | null;
  outputs: Record<string, string>;
  graded: Record<string, { correct?: boolean }>;
}

const SUITE = (withExpected: boolean) => `name: happy-numbers
baseline: gpt-4-0314
candidates: [gpt-4-0613]
targets:
  gpt-4-0314: { replay: gpt-4-0314.jsonl }
  gpt-4-0613: { replay: gpt-4-0613.jsonl }
cases:
  - file: ${withExpected ? 'cases.jsonl' : 'cases-without-expected.jsonl'}
    compare: { kind: number, extract: '\\\\boxed\\{([^}]*)\\}' }
`;

describe.skipIf(corpusMissing)(`pinned run on recorded LLMDrift outputs (built CLI)${corpusNote}`, () => {
  const rows = corpusMissing
    ? []
    : readCorpus<DriftRow>('llmdrift.jsonl')
        .filter((row) => row.task === 'happy_number')
        .slice(0, 60);
  const jsonl = (items: object[]) => `${items.map((item) => JSON.stringify(item)).join('\n')}\n`;
  const project = () =>
    tempProject({
      'with.yaml': SUITE(true),
      'without.yaml': SUITE(false),
      'cases.jsonl': jsonl(rows.map((row) => ({ id: row.id, prompt: row.messages.at(-1)!.content, expected: row.expected }))),
      'cases-without-expected.jsonl': jsonl(rows.map((row) => ({ id: row.id, prompt: row.messages.at(-1)!.content }))),
      'gpt-4-0314.jsonl': jsonl(rows.map((row) => ({ case: row.id, output: row.outputs['gpt-4-0314'], finish_reason: 'stop' }))),
      'gpt-4-0613.jsonl': jsonl(rows.map((row) => ({ case: row.id, output: row.outputs['gpt-4-0613'], finish_reason: 'stop' }))),
    });

  it('with expected: every answer that got worse is regressed, every one that got better improved, and the candidate stays pinned', async () => {
    const cwd = project();
    const result = await runCli(['run', 'with.yaml', '--no-progress', '--json', 'c.json', '--md', 'summary.md'], { cwd });
    expect(result.code, result.stderr).toBe(1);
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    const verdict = new Map(json.cases.map((c: { case: string; verdict: string }) => [c.case, c.verdict]));
    const worse = rows.filter((r) => r.graded['gpt-4-0314']!.correct && !r.graded['gpt-4-0613']!.correct);
    const better = rows.filter((r) => !r.graded['gpt-4-0314']!.correct && r.graded['gpt-4-0613']!.correct);
    const same = rows.filter((r) => r.graded['gpt-4-0314']!.correct === r.graded['gpt-4-0613']!.correct);
    expect(worse.length).toBeGreaterThan(10);
    expect(worse.every((r) => verdict.get(r.id) === 'regressed')).toBe(true);
    expect(better.every((r) => verdict.get(r.id) === 'improved')).toBe(true);
    expect(same.filter((r) => ['regressed', 'improved'].includes(verdict.get(r.id) as string))).toEqual([]);
    expect(json.candidates[0]).toMatchObject({ decision: 'keep-pinned', casesNeeded: null });
    expect(result.stdout).toMatch(/gpt-4-0613: keep-pinned — regresses on more cases than the gate allows/);
  });

  it('without expected: the changed counts are changes, not regressions: review (exit 3), saying what would settle them', async () => {
    const cwd = project();
    const result = await runCli(['run', 'without.yaml', '--no-progress', '--json', 'c.json', '--md', 'summary.md'], { cwd });
    expect(result.code, result.stderr).toBe(3);
    const json = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    const [decision] = json.candidates;
    expect(decision.decision).toBe('review');
    expect(decision.counts.changed).toBeGreaterThan(20);
    expect(decision.reasons[0]).toBe(
      `${decision.counts.changed} answers changed with nothing saying which side is right: expected: answers or assertions on those cases (or a judge, for text) would settle them`,
    );
    expect(result.stdout).toContain(`gpt-4-0613: review — ${decision.counts.changed} answers changed`);
    expect(readFileSync(join(cwd, 'summary.md'), 'utf8')).toContain(`🟡 **gpt-4-0613**: ${decision.counts.changed} answers changed`);
  });
});
