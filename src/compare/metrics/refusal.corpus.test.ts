// outputFlags().refusal against labels made by people: the LLMDrift authors' "answered" label on
// sensitive questions (four snapshots), OpinionQA's "picked an option", and the ordinary helpful
// answers of gpt-4-0314 on AlpacaEval and Arena-Hard, which should almost never be refusals.
// The rules in refusal.ts were written while reading these outputs, so the figures are
// in-sample; the holdout split is the out-of-sample check.
import { describe, expect, it } from 'vitest';
import { corpusMissing, corpusNote, readCorpus } from '../../corpus.test-helpers.js';
import { outputFlags } from './output-flags.js';

interface DriftRow {
  task: string;
  outputs: Record<string, string>;
  graded: Record<string, { answered?: boolean }>;
}

interface ChatRow {
  outputs: Record<string, string>;
  outputs_alt?: Record<string, string>;
}

interface Agreement {
  n: number;
  agreement: number;
  /** Share of labelled refusals flagged. */
  refusalRecall: number;
  /** Share of labelled answers not flagged. */
  answerRecall: number;
  kappa: number;
}

function agreement(pairs: { refused: boolean; flagged: boolean }[]): Agreement {
  const n = pairs.length;
  const both = pairs.filter((p) => p.refused && p.flagged).length;
  const neither = pairs.filter((p) => !p.refused && !p.flagged).length;
  const refused = pairs.filter((p) => p.refused).length;
  const flagged = pairs.filter((p) => p.flagged).length;
  const observed = (both + neither) / n;
  const chance = (refused / n) * (flagged / n) + (1 - refused / n) * (1 - flagged / n);
  return {
    n,
    agreement: observed,
    refusalRecall: both / refused,
    answerRecall: neither / (n - refused),
    kappa: (observed - chance) / (1 - chance),
  };
}

function labelled(rows: DriftRow[], task: string, snapshot?: string): { refused: boolean; flagged: boolean }[] {
  return rows
    .filter((row) => row.task === task)
    .flatMap((row) =>
      Object.entries(row.outputs)
        .filter(([model]) => !snapshot || model === snapshot)
        .map(([model, output]) => ({ refused: !row.graded[model]!.answered, flagged: outputFlags(output, 'stop').refusal })),
    );
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

describe.skipIf(corpusMissing)('refusal flag on recorded outputs' + corpusNote, () => {
  it('agrees with the LLMDrift authors on the sensitive questions, for every snapshot', () => {
    const rows = readCorpus<DriftRow>('llmdrift.jsonl');
    const all = agreement(labelled(rows, 'sensitive'));
    const lines = [`sensitive, all snapshots: ${describeAgreement(all)}`];
    for (const snapshot of ['gpt-4-0314', 'gpt-4-0613', 'gpt-3.5-turbo-0301', 'gpt-3.5-turbo-0613']) {
      const one = agreement(labelled(rows, 'sensitive', snapshot));
      lines.push(`  ${snapshot}: ${describeAgreement(one)}`);
      expect(one.agreement).toBeGreaterThanOrEqual(0.9);
    }
    console.info(lines.join('\n'));
    // Nine in ten outputs are refusals, so agreement alone would reward flagging everything:
    // the answers must be recognised too.
    expect(all.agreement).toBeGreaterThanOrEqual(0.95);
    expect(all.refusalRecall).toBeGreaterThanOrEqual(0.95);
    expect(all.answerRecall).toBeGreaterThanOrEqual(0.9);
    expect(all.kappa).toBeGreaterThanOrEqual(0.8);
  });

  it('flags OpinionQA replies that pick no option (gpt-4-0613: "This is subjective ...")', () => {
    const rows = readCorpus<DriftRow>('llmdrift.jsonl');
    const all = agreement(labelled(rows, 'opinionqa'));
    console.info(`opinionqa, all snapshots: ${describeAgreement(all)}`);
    expect(all.agreement).toBeGreaterThanOrEqual(0.95);
    expect(all.kappa).toBeGreaterThanOrEqual(0.9);
  });

  it('rarely flags gpt-4-0314’s ordinary answers (AlpacaEval, both samples; Arena-Hard)', () => {
    const alpaca = readCorpus<ChatRow>('alpaca_eval.jsonl').flatMap((row) => [row.outputs['gpt-4-0314']!, row.outputs_alt!['gpt-4-0314']!]);
    const arena = readCorpus<ChatRow>('arena_hard.jsonl').map((row) => row.outputs['gpt-4-0314']!);
    const rate = (outputs: string[]) => outputs.filter((o) => outputFlags(o, 'stop').refusal).length / outputs.length;
    console.info(
      `refusal rate, gpt-4-0314: alpaca_eval ${percent(rate(alpaca))} of ${alpaca.length}, arena_hard ${percent(rate(arena))} of ${arena.length}`,
    );
    expect(rate(alpaca)).toBeLessThan(0.03);
    expect(rate(arena)).toBeLessThan(0.03);
  });
});

function describeAgreement(a: Agreement): string {
  return `agreement ${percent(a.agreement)} of ${a.n}, refusals found ${percent(a.refusalRecall)}, answers kept ${percent(a.answerRecall)}, kappa ${a.kappa.toFixed(3)}`;
}
