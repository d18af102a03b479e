// verifyEndpoint: does an endpoint that names a snapshot behave like recordings of it?
//
// Data in, data out: the caller draws the prompts (drawPrompts), sends them with the
// reference's messages and settings, and passes the answers here with the recordings. Two
// tests, each valid on any mix of prompts because its null distribution comes from the
// exchangeability of a genuine answer with a recording, not from a calibration:
// - the paired test (paired-test.ts), when at least minPrompts prompts have two recordings;
// - the style test (style-test.ts), always.
// The endpoint is inconsistent when either one-sided p is below alpha / 2 (Bonferroni: the
// chance that a genuine endpoint is called inconsistent stays below alpha). With one test the
// threshold stays alpha / 2, so it does not depend on what the reference holds and the measured
// catch rates (catch-rates.ts) apply as stated.
import { tokenF1 } from '../metrics/token-f1.js';
import { tokenize } from '../metrics/tokenize.js';
import { decodingMismatches } from './decoding.js';
import { MIN_PROMPTS } from './draw-prompts.js';
import { pairedTest } from './paired-test.js';
import { repeatWarnings } from './repeats.js';
import { styleTest } from './style-test.js';
import type { VerifyInput, VerifyResult, VerifyRow } from './types.js';
import { noDifferenceWords, notComparableWords, rejectedWords, tooFewWords } from './verify-words.js';

export const DEFAULT_ALPHA = 0.05;

export function verifyEndpoint(input: VerifyInput): VerifyResult {
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`verifyEndpoint: alpha must be between 0 and 1, got ${alpha}`);
  const minPrompts = input.minPrompts ?? MIN_PROMPTS;
  const empty = { snapshot: input.snapshot, alpha, paired: null, style: null, warnings: [], rows: [] };

  const mismatches = decodingMismatches(input.reference, input.request);
  if (mismatches.length > 0) {
    return { ...empty, outcome: 'not-comparable', prompts: 0, mismatches, ...notComparableWords(input.snapshot, mismatches) };
  }
  const usable = input.prompts.filter((p) => p.answers.length > 0 && p.recordings.length > 0);
  if (usable.length < minPrompts) {
    return { ...empty, outcome: 'too-few-prompts', prompts: usable.length, mismatches, ...tooFewWords(usable.length, minPrompts) };
  }

  const warnings = repeatWarnings(usable, input.request.temperature ?? 1);
  // Each text is tokenized once: the answer, the first recording, the second where there is one.
  const tokens = usable.map((p) => ({
    answer: tokenize(p.answers[0]!),
    first: tokenize(p.recordings[0]!),
    second: p.recordings[1] === undefined ? null : tokenize(p.recordings[1]),
  }));
  const twoRecordings = usable.flatMap((p, i) => (p.recordings.length >= 2 ? [i] : []));
  const paired =
    twoRecordings.length >= minPrompts
      ? pairedTest(twoRecordings.map((i) => ({ endpoint: tokens[i]!.answer, first: tokens[i]!.first, second: tokens[i]!.second! })))
      : null;
  const style = styleTest(
    usable.map((p) => ({ endpoint: p.answers[0]!, recording: p.recordings[0]! })),
    { seed: input.seed ?? 1, ...(input.flips === undefined ? {} : { flips: input.flips }) },
  );

  const pairedRows = new Map(paired ? twoRecordings.map((i, j) => [i, paired.rows[j]!] as const) : []);
  const rows: VerifyRow[] = usable.map((p, i) => {
    const row = pairedRows.get(i);
    const { answer, first } = tokens[i]!;
    return {
      id: p.id,
      similarity: row?.similarity ?? tokenF1(answer, first),
      recordedSimilarity: row?.recordedSimilarity ?? null,
      difference: row?.difference ?? null,
      words: answer.length,
      recordedWords: first.length,
    };
  });

  const rejected = (paired !== null && paired.result.pValue < alpha / 2) || style.pValue < alpha / 2;
  const words = rejected
    ? rejectedWords(input.snapshot, paired?.result ?? null, style)
    : noDifferenceWords({
        snapshot: input.snapshot,
        k: usable.length,
        paired: paired?.result ?? null,
        alpha,
        pairedPrompts: twoRecordings.length,
        minPrompts,
      });
  return {
    outcome: rejected ? 'inconsistent' : 'no-detectable-difference',
    snapshot: input.snapshot,
    prompts: usable.length,
    alpha,
    paired: paired?.result ?? null,
    style,
    mismatches,
    warnings,
    rows,
    ...words,
  };
}
