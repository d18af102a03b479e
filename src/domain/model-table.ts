// What pinned knows about common OpenAI models without asking anyone: list prices and context
// windows, for estimates, cost figures and context-window warnings. Prices change; a target's
// `price:` in the suite overrides them (an aggregator such as CometAPI charges its own).

/** When these list prices were read from OpenAI's pricing pages. Shown next to every estimate. */
export const PRICE_TABLE_DATE = '2025-08-07';

/**
 * OpenAI's Batch API charges half the list price (input and output) for requests sent through it.
 * Applied to the table's prices only: a suite's own price: is what that provider charges.
 */
export const BATCH_DISCOUNT = 0.5;

export type Encoding = 'cl100k_base' | 'o200k_base';

export interface ModelInfo {
  /** The entry that matched, e.g. "gpt-4-0314" or "gpt-4o". */
  name: string;
  encoding: Encoding;
  /** Tokens of prompt plus output the model accepts. */
  contextWindow: number;
  /** USD per million tokens. */
  price: { input: number; output: number };
  /**
   * When OpenAI shut the snapshot down (YYYY-MM-DD), for the snapshots whose date is known here;
   * an endpoint that still answers to the name after it is an aggregator's, and may serve
   * something else (pinned verify checks).
   */
  retired?: string;
}

type Entry = Omit<ModelInfo, 'name'> & { name: string; prefix?: boolean };

// Most specific first: the first entry whose name equals the model id, or is a prefix of it when
// `prefix` is set (dated snapshots such as gpt-4o-2024-08-06 fall under their family).
//
// Shutdown dates (`retired`), as OpenAI published them (deprecations page and the notices it
// e-mailed): gpt-4-0314 on 2026-03-26 (notice of 2025-09-26), gpt-4-0613 on 2026-10-23 (notice of
// 2026-04-22); gpt-3.5-turbo-0301, -0613 and -16k-0613 were announced for 2024-06-13 and fully
// decommissioned on 2024-09-13 after a grace period for recent users, which is the date given.
// gpt-4-32k-0314 and gpt-4-32k-0613 have no date here: no published source for their final
// shutdown could be confirmed, and a wrong date would warn (or stay silent) wrongly.
const TABLE: Entry[] = [
  { name: 'gpt-4-0314', encoding: 'cl100k_base', contextWindow: 8_192, price: { input: 30, output: 60 }, retired: '2026-03-26' },
  { name: 'gpt-4-0613', encoding: 'cl100k_base', contextWindow: 8_192, price: { input: 30, output: 60 }, retired: '2026-10-23' },
  { name: 'gpt-4-32k', encoding: 'cl100k_base', contextWindow: 32_768, price: { input: 60, output: 120 }, prefix: true },
  { name: 'gpt-4-turbo', encoding: 'cl100k_base', contextWindow: 128_000, price: { input: 10, output: 30 }, prefix: true },
  { name: 'gpt-4-1106-preview', encoding: 'cl100k_base', contextWindow: 128_000, price: { input: 10, output: 30 } },
  { name: 'gpt-4-0125-preview', encoding: 'cl100k_base', contextWindow: 128_000, price: { input: 10, output: 30 } },
  { name: 'gpt-4o-mini', encoding: 'o200k_base', contextWindow: 128_000, price: { input: 0.15, output: 0.6 }, prefix: true },
  { name: 'gpt-4o-2024-05-13', encoding: 'o200k_base', contextWindow: 128_000, price: { input: 5, output: 15 } },
  { name: 'gpt-4o', encoding: 'o200k_base', contextWindow: 128_000, price: { input: 2.5, output: 10 }, prefix: true },
  { name: 'gpt-4.1-nano', encoding: 'o200k_base', contextWindow: 1_047_576, price: { input: 0.1, output: 0.4 }, prefix: true },
  { name: 'gpt-4.1-mini', encoding: 'o200k_base', contextWindow: 1_047_576, price: { input: 0.4, output: 1.6 }, prefix: true },
  { name: 'gpt-4.1', encoding: 'o200k_base', contextWindow: 1_047_576, price: { input: 2, output: 8 }, prefix: true },
  { name: 'gpt-5-nano', encoding: 'o200k_base', contextWindow: 400_000, price: { input: 0.05, output: 0.4 }, prefix: true },
  { name: 'gpt-5-mini', encoding: 'o200k_base', contextWindow: 400_000, price: { input: 0.25, output: 2 }, prefix: true },
  { name: 'gpt-5', encoding: 'o200k_base', contextWindow: 400_000, price: { input: 1.25, output: 10 }, prefix: true },
  { name: 'o1-mini', encoding: 'o200k_base', contextWindow: 128_000, price: { input: 1.1, output: 4.4 }, prefix: true },
  { name: 'o1', encoding: 'o200k_base', contextWindow: 200_000, price: { input: 15, output: 60 }, prefix: true },
  { name: 'o3-mini', encoding: 'o200k_base', contextWindow: 200_000, price: { input: 1.1, output: 4.4 }, prefix: true },
  { name: 'o3', encoding: 'o200k_base', contextWindow: 200_000, price: { input: 2, output: 8 }, prefix: true },
  { name: 'o4-mini', encoding: 'o200k_base', contextWindow: 200_000, price: { input: 1.1, output: 4.4 }, prefix: true },
  { name: 'gpt-4', encoding: 'cl100k_base', contextWindow: 8_192, price: { input: 30, output: 60 } },
  { name: 'gpt-3.5-turbo-0301', encoding: 'cl100k_base', contextWindow: 4_096, price: { input: 1.5, output: 2 }, retired: '2024-09-13' },
  { name: 'gpt-3.5-turbo-0613', encoding: 'cl100k_base', contextWindow: 4_096, price: { input: 1.5, output: 2 }, retired: '2024-09-13' },
  {
    name: 'gpt-3.5-turbo-16k-0613',
    encoding: 'cl100k_base',
    contextWindow: 16_385,
    price: { input: 3, output: 4 },
    retired: '2024-09-13',
  },
  { name: 'gpt-3.5-turbo-1106', encoding: 'cl100k_base', contextWindow: 16_385, price: { input: 1, output: 2 } },
  { name: 'gpt-3.5-turbo', encoding: 'cl100k_base', contextWindow: 16_385, price: { input: 0.5, output: 1.5 }, prefix: true },
  // Embeddings models (the embeddings: setting): input tokens only.
  { name: 'text-embedding-3-small', encoding: 'cl100k_base', contextWindow: 8_191, price: { input: 0.02, output: 0 } },
  { name: 'text-embedding-3-large', encoding: 'cl100k_base', contextWindow: 8_191, price: { input: 0.13, output: 0 } },
  { name: 'text-embedding-ada-002', encoding: 'cl100k_base', contextWindow: 8_191, price: { input: 0.1, output: 0 } },
];

/**
 * The table's entry for a model id. Aggregators often prefix ids with a provider
 * ("openai/gpt-4o"); that prefix is ignored. Unknown models get undefined: no guessed prices.
 */
export function modelInfo(model: string): ModelInfo | undefined {
  const id = model.toLowerCase().replace(/^[a-z0-9-]+\//, '');
  const entry = TABLE.find(
    (e) =>
      id === e.name ||
      (e.prefix === true && id.startsWith(`${e.name}-`)) ||
      (e.prefix === true && id.startsWith(e.name) && /^[.\d]*$/.test(id.slice(e.name.length))),
  );
  if (!entry) return undefined;
  const { prefix: _prefix, ...info } = entry;
  return info;
}

/** The tokenizer a model uses; models the table does not know are assumed to be recent (o200k). */
export function encodingFor(model: string): Encoding {
  return modelInfo(model)?.encoding ?? (/gpt-4(?!o|\.)|gpt-3\.5|text-embedding/.test(model) ? 'cl100k_base' : 'o200k_base');
}
