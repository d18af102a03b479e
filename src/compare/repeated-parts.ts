import type { CaseComparison, OutputFlags } from './types.js';

/** Beyond this many distinct sentences, new ones are kept as they are: a suite whose reasons never repeat does not grow a table for nothing. */
const MAX_SENTENCES = 20_000;

/**
 * What case comparisons repeat from case to case, held once: the reasons' sentences ("similarity
 * 0.93 within the suite's noise floor (...)" recurs with every similarity to two decimals) and
 * whole lists of them, the output flags (eight combinations a side, 64 pairs), the sample counts,
 * and an empty list of assertions. Each comparison built its own (the sentences as strings
 * concatenated from parts): at 100,000 cases about 50 MB of copies. What is shared is never
 * changed in place: a change makes a new list or object.
 */
export function repeatedParts(): (comparison: CaseComparison) => CaseComparison {
  const sentences = new Map<string, string>();
  const flags = new Map<number, OutputFlags>();
  const flagPairs = new Map<string, NonNullable<CaseComparison['flags']>>();
  const counts = new Map<string, CaseComparison['samples']>();
  const sentence = (text: string): string => {
    const known = sentences.get(text);
    if (known !== undefined) return known;
    if (sentences.size >= MAX_SENTENCES) return text;
    sentences.set(text, text);
    return text;
  };
  const bits = (value: OutputFlags): number => (value.refusal ? 1 : 0) | (value.codeFence ? 2 : 0) | (value.truncated ? 4 : 0);
  const flagsOf = (value: OutputFlags): OutputFlags => {
    const key = bits(value);
    const known = flags.get(key);
    if (known) return known;
    flags.set(key, value);
    return value;
  };
  const pairOf = (pair: NonNullable<CaseComparison['flags']>) => {
    const key = `${bits(pair.baseline)}/${bits(pair.candidate)}`;
    const known = flagPairs.get(key);
    if (known) return known;
    const shared = { baseline: flagsOf(pair.baseline), candidate: flagsOf(pair.candidate) };
    flagPairs.set(key, shared);
    return shared;
  };
  const lists = new Map<string, string[]>();
  const listOf = (reasons: string[]): string[] => {
    const key = reasons.join('\u0000');
    const known = lists.get(key);
    if (known) return known;
    const list = reasons.map(sentence);
    if (lists.size < MAX_SENTENCES) lists.set(key, list);
    return list;
  };
  const noAssertions: CaseComparison['assertions'] = [];
  return (comparison) => {
    // Whole lists of reasons recur too (every case "within the noise floor" at 0.81): held once.
    comparison.reasons = listOf(comparison.reasons);
    if (comparison.assertions.length === 0) comparison.assertions = noAssertions;
    const count = `${comparison.samples.baseline}/${comparison.samples.candidate}`;
    if (!counts.has(count)) counts.set(count, comparison.samples);
    comparison.samples = counts.get(count)!;
    if (comparison.flags) comparison.flags = pairOf(comparison.flags);
    return comparison;
  };
}
