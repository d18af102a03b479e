// Every price rule in one place: a target's own `price:`, else the table's list price (halved
// through the Batch API), what usage costs at a price, and how money is written.
import { BATCH_DISCOUNT, modelInfo } from './model-table.js';

export interface Price {
  input: number;
  output: number;
  /** `suite`: the target's own `price:`; `table`: pinned's list prices. */
  source: 'suite' | 'table';
  /** The table's price with the Batch API discount, for a target sent through the Batch API. */
  batch?: true;
}

/** What pricing needs of an endpoint (a target, the judge, the embeddings model). */
export interface PricedEndpoint {
  model: string;
  /** USD per million tokens, when the suite sets `price:`. */
  price?: { input: number; output: number };
}

/** The target's `price:`, else the table's list price for its model (halved through the Batch API), else unknown. */
export function priceOf(
  suite: { targets: Record<string, (PricedEndpoint & { kind: 'endpoint' }) | { kind: 'replay' }> },
  name: string,
  batch = false,
): Price | null {
  const target = suite.targets[name];
  return target && target.kind === 'endpoint' ? endpointPrice(target, batch) : null;
}

/** priceOf for an endpoint outside the suite's targets too (the judge, the embeddings model). */
export function endpointPrice(target: PricedEndpoint, batch = false): Price | null {
  if (target.price) return { ...target.price, source: 'suite' };
  const info = modelInfo(target.model);
  if (!info) return null;
  return batch
    ? { input: info.price.input * BATCH_DISCOUNT, output: info.price.output * BATCH_DISCOUNT, source: 'table', batch: true }
    : { ...info.price, source: 'table' };
}

export function costOf(
  usage: { promptTokens: number; completionTokens: number },
  price: Pick<Price, 'input' | 'output'> | null,
): number | null {
  return price ? (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1e6 : null;
}

/** Dollars with enough digits that a cheap suite does not read as $0.00. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  return `$${usd === 0 ? '0' : usd < 1 ? usd.toLocaleString('en-US', { maximumSignificantDigits: 3 }) : usd.toFixed(2)}`;
}

export function formatPrice(price: Pick<Price, 'input' | 'output'> | null): string {
  return price ? `${price.input} / ${price.output}` : 'unknown';
}
