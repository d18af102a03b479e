// A toy "model" for simulating verifications without a corpus: per prompt, answers are words
// drawn from a prompt-specific vocabulary with model-specific weights, cut into sentences and
// paragraphs, sometimes as a Markdown list with bold titles. Two answers of one model to one
// prompt are independent draws of one distribution, which is all the tests' null hypothesis
// says; a substitute is the same machinery with shifted parameters.
import { mulberry32 } from './prng.js';

export interface ToyModel {
  /** Mean answer length in words (per prompt it varies around this). */
  words: number;
  /** Chance that an answer is a numbered list with bold titles. */
  listRate: number;
  /** How far this model's word weights are from the reference model's, 0..1 (0: the same). */
  vocabularyShift: number;
  /** Chance of an em-dash per sentence. */
  dashRate: number;
}

export const REFERENCE: ToyModel = { words: 90, listRate: 0.3, vocabularyShift: 0, dashRate: 0.02 };

export interface ToyPrompt {
  id: string;
  /** Word weights of the reference model, and the alternative weights a shifted model mixes in. */
  weights: number[];
  shifted: number[];
  vocabulary: string[];
  /** Prompts differ in how long and how listy their answers are, like real prompt categories. */
  lengthFactor: number;
  listFactor: number;
}

export function toyPrompts(count: number, seed: number): ToyPrompt[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, p) => {
    const size = 40 + Math.floor(random() * 60);
    const vocabulary = Array.from({ length: size }, (_, w) => `w${p}x${w}`);
    // Zipf-like weights in a random order, so a few words dominate each prompt's answers.
    const weights = vocabulary.map((_, w) => 1 / (1 + w)).sort(() => random() - 0.5);
    const shifted = vocabulary.map(() => random() ** 3);
    const kind = random();
    return {
      id: `p${p}`,
      weights,
      shifted,
      vocabulary,
      lengthFactor: kind < 0.3 ? 0.2 : kind < 0.7 ? 1 : 2.5,
      listFactor: kind < 0.3 ? 0 : 2 * random(),
    };
  });
}

export function toyAnswer(model: ToyModel, prompt: ToyPrompt, random: () => number): string {
  const length = Math.max(1, Math.round(model.words * prompt.lengthFactor * Math.exp(0.35 * gaussian(random))));
  const cumulative = cumulativeWeights(prompt, model.vocabularyShift);
  const total = cumulative[cumulative.length - 1]!;
  const pick = (): string => {
    const r = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return prompt.vocabulary[lo]!;
  };
  const sentences: string[] = [];
  for (let left = length; left > 0; ) {
    const n = Math.min(left, 6 + Math.floor(random() * 14));
    const words = Array.from({ length: n }, pick);
    if (random() < model.dashRate) words.splice(Math.floor(n / 2), 0, '—');
    sentences.push(`${words.join(' ')}.`);
    left -= n;
  }
  if (random() < Math.min(1, model.listRate * prompt.listFactor) && sentences.length > 2) {
    return [sentences[0], ...sentences.slice(1).map((s, i) => `${i + 1}. **${s.split(' ')[0]}**: ${s}`)].join('\n');
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) paragraphs.push(sentences.slice(i, i + 3).join(' '));
  return paragraphs.join('\n\n');
}

const cumulativeCache = new WeakMap<ToyPrompt, Map<number, Float64Array>>();

function cumulativeWeights(prompt: ToyPrompt, shift: number): Float64Array {
  let byShift = cumulativeCache.get(prompt);
  if (!byShift) cumulativeCache.set(prompt, (byShift = new Map()));
  let cumulative = byShift.get(shift);
  if (!cumulative) {
    cumulative = new Float64Array(prompt.weights.length);
    let sum = 0;
    prompt.weights.forEach((w, i) => (cumulative![i] = sum += (1 - shift) * w + shift * prompt.shifted[i]!));
    byShift.set(shift, cumulative);
  }
  return cumulative;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Upper end of a one-sided binomial tolerance: rate + 3 standard errors over n trials. */
export function upperTolerance(rate: number, n: number): number {
  return rate + 3 * Math.sqrt((rate * (1 - rate)) / n);
}
