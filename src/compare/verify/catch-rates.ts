// What a verification at K prompts can and cannot catch, as measured by bench/verify.bench.mjs
// on ../shared/corpus/alpaca_eval.jsonl (662 prompts, general-purpose instructions, every
// snapshot sampled at temperature 0.7): for each later OpenAI snapshot served in place of
// gpt-4-0314, the share of random draws of K prompts in which verify rejected at alpha = 0.05.
// The words after "no detectable difference" quote these figures; rerun the benchmark and
// update them when either test changes.
//
// The figures are for those snapshots on those prompts, at matched decoding. They say nothing
// about other models or other kinds of prompts, and nothing about partial substitution.

export interface CatchRates {
  /** Prompts per draw. */
  k: number;
  /** Both tests (the reference has two recordings per prompt): snapshot -> share of draws rejected. */
  bothTests: Record<string, number>;
  /** The style test alone (one recording per prompt). */
  styleOnly: Record<string, number>;
}

// 200 draws per K; K = 20 and 50 are the first prompts of the K = 100
// draw (drawPrompts), as when a user raises --prompts with the same seed.
export const MEASURED = {
  snapshot: 'gpt-4-0314',
  corpus: 'alpaca_eval',
  alpha: 0.05,
  draws: 200,
  rates: [
    {
      k: 20,
      bothTests: {
        'gpt-4-0613': 0.98,
        'gpt-4-1106-preview': 1,
        'gpt-4-0125-preview': 1,
        'gpt-4-turbo-2024-04-09': 1,
        'gpt-4o-2024-05-13': 1,
        'gpt-4o-mini-2024-07-18': 1,
        'gpt-3.5-turbo-0301': 0.995,
        'gpt-3.5-turbo-0613': 0.93,
        'gpt-3.5-turbo-1106': 1,
      },
      styleOnly: {
        'gpt-4-0613': 0.41,
        'gpt-4-1106-preview': 1,
        'gpt-4-0125-preview': 0.995,
        'gpt-4-turbo-2024-04-09': 1,
        'gpt-4o-2024-05-13': 1,
        'gpt-4o-mini-2024-07-18': 1,
        'gpt-3.5-turbo-0301': 0.885,
        'gpt-3.5-turbo-0613': 0.08,
        'gpt-3.5-turbo-1106': 0.965,
      },
    },
    {
      k: 50,
      bothTests: {
        'gpt-4-0613': 1,
        'gpt-4-1106-preview': 1,
        'gpt-4-0125-preview': 1,
        'gpt-4-turbo-2024-04-09': 1,
        'gpt-4o-2024-05-13': 1,
        'gpt-4o-mini-2024-07-18': 1,
        'gpt-3.5-turbo-0301': 1,
        'gpt-3.5-turbo-0613': 1,
        'gpt-3.5-turbo-1106': 1,
      },
      styleOnly: {
        'gpt-4-0613': 0.865,
        'gpt-4-1106-preview': 1,
        'gpt-4-0125-preview': 1,
        'gpt-4-turbo-2024-04-09': 1,
        'gpt-4o-2024-05-13': 1,
        'gpt-4o-mini-2024-07-18': 1,
        'gpt-3.5-turbo-0301': 1,
        'gpt-3.5-turbo-0613': 0.31,
        'gpt-3.5-turbo-1106': 1,
      },
    },
    {
      k: 100,
      bothTests: {
        'gpt-4-0613': 1,
        'gpt-4-1106-preview': 1,
        'gpt-4-0125-preview': 1,
        'gpt-4-turbo-2024-04-09': 1,
        'gpt-4o-2024-05-13': 1,
        'gpt-4o-mini-2024-07-18': 1,
        'gpt-3.5-turbo-0301': 1,
        'gpt-3.5-turbo-0613': 1,
        'gpt-3.5-turbo-1106': 1,
      },
      styleOnly: {
        'gpt-4-0613': 1,
        'gpt-4-1106-preview': 1,
        'gpt-4-0125-preview': 1,
        'gpt-4-turbo-2024-04-09': 1,
        'gpt-4o-2024-05-13': 1,
        'gpt-4o-mini-2024-07-18': 1,
        'gpt-3.5-turbo-0301': 1,
        'gpt-3.5-turbo-0613': 0.69,
        'gpt-3.5-turbo-1106': 1,
      },
    },
  ] as CatchRates[],
};
