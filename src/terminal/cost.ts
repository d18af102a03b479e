import pc from 'picocolors';
import type { ContextWarning } from '../plan/context-window.js';
import type { Estimate, TargetEstimate } from '../plan/estimate.js';
import { formatPrice, formatUsd } from '../domain/prices.js';
import { formatTable } from './table.js';
import { formatCount } from '../domain/format.js';

/** `pinned estimate`: per target what would be sent and cost, the total, and why anything is unknown. */
export function formatEstimate(estimate: Estimate, title: string): string {
  const rows = estimate.targets.map((t) => [
    t.target,
    t.model ?? '(replay)',
    t.requests,
    t.free,
    t.inputTokens,
    t.outputSource === 'unknown' && t.requests > 0 ? '?' : t.outputTokens,
    t.requests === 0
      ? '-'
      : t.outputSource === 'history'
        ? 'stored runs'
        : t.outputSource === 'max_tokens'
          ? 'max_tokens (upper bound)'
          : 'unknown',
    t.price ? `${formatPrice(t.price)} (${t.price.batch ? 'table, Batch API' : t.price.source})` : t.model === null ? '-' : 'unknown',
    formatUsd(t.costUsd),
  ]);
  const lines = [
    title,
    formatTable(['target', 'model', 'requests', 'free', 'input tok', 'output tok', 'output from', '$/M in / out', 'cost'], rows),
    `total: ${formatUsd(estimate.totalUsd)}  (prices in USD per million tokens: the suite's price: where set, else pinned's table of ${estimate.priceTableDate})`,
  ];
  const notes = unknownCostNotes(estimate.targets);
  if (notes.length > 0) lines.push(...notes.map((note) => `${pc.yellow('note')} ${note}`));
  return lines.join('\n');
}

/** Why a target's cost is unknown, and what would make it known. */
export function unknownCostNotes(targets: TargetEstimate[]): string[] {
  const notes: string[] = [];
  for (const t of targets) {
    if (t.costUsd !== null || t.requests === 0) continue;
    if (t.price === null)
      notes.push(
        `${t.target}: pinned's price table does not know model '${t.model}'; set price: { input, output } (USD per million tokens) on the target`,
      );
    if (t.outputSource === 'unknown')
      notes.push(
        `${t.target}: no max_tokens or max_completion_tokens in params and no stored outputs to learn from, so output tokens are unknown; set one to bound them`,
      );
  }
  return notes;
}

/** One line per (case, target) whose prompt and output budget exceed the model's context window. */
export function formatContextWarnings(warnings: ContextWarning[], limit = 10): string {
  const lines = warnings
    .slice(0, limit)
    .map(
      (w) =>
        `${pc.yellow('warning')} case '${w.caseId}' on ${w.target}: prompt ${formatCount(w.promptTokens)} tokens + output budget ${formatCount(w.outputBudget)} ` +
        `exceeds ${w.model}'s context window of ${formatCount(w.contextWindow)}; the provider will reject or cut it (shorten the prompt or lower max_tokens)`,
    );
  if (warnings.length > limit) lines.push(`${pc.yellow('warning')} … and ${warnings.length - limit} more cases over a context window`);
  return lines.join('\n');
}
