import pc from 'picocolors';
import type { RunCells } from '../store/types.js';
import type { TargetLimits } from '../domain/limits.js';
import { formatLimitLines } from './limits-summary.js';
import { formatTable } from './table.js';
import { formatDuration } from '../domain/format.js';
import { escapeControlCharacters as shown } from '../domain/control-characters.js';
import { formatPrice, formatUsd } from '../domain/prices.js';
import { costRatio, targetCost } from '../domain/target-cost.js';

export interface SummaryInput {
  data: RunCells;
  /** Cells each target is meant to fill in this run. */
  expected: Record<string, number>;
  /** Requests answered in this invocation, per target. */
  sent: Record<string, number>;
  elapsedMs: number;
  /** How the rate limits bit, per target that sent (this invocation only). */
  limits?: Record<string, TargetLimits>;
}

/** The few lines a user reads after a run: per target what got done, what it cost, what failed. */
export function formatRunSummary({ data, expected, sent, elapsedMs, limits }: SummaryInput): string {
  const { run } = data;
  const status = run.status === 'completed' ? pc.green(run.status) : pc.yellow(run.status);
  const lines = [`run ${run.id} · ${shown(run.suiteName)} · ${status} in ${formatDuration(elapsedMs)}`];
  const rows = data.targets.map((target) => {
    const cells = data.cells.filter((cell) => cell.target === target.name);
    const ok = cells.filter((cell) => cell.status === 'ok');
    const latencies = ok
      .map((cell) => cell.response?.latencyMs ?? NaN)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const tokens = (pick: 'promptTokens' | 'completionTokens') => ok.reduce((sum, cell) => sum + (cell.response?.usage?.[pick] ?? 0), 0);
    return [
      shown(target.name),
      target.role,
      `${ok.length}/${expected[target.name] ?? cells.length}`,
      sent[target.name] ?? 0,
      ok.filter((cell) => cell.reused).length,
      cells.filter((cell) => cell.status === 'error').length,
      cells.filter((cell) => cell.status === 'missing').length,
      tokens('promptTokens'),
      tokens('completionTokens'),
      latencies.length ? formatDuration(latencies[Math.floor((latencies.length - 1) / 2)]!) : '-',
    ];
  });
  lines.push(formatTable(['target', 'role', 'done', 'sent', 'reused', 'errors', 'missing', 'prompt tok', 'output tok', 'p50'], rows));
  lines.push(...costLines(data));
  const failures = failureGroups(data);
  if (failures.length > 0) {
    lines.push('', pc.yellow('failed cells:'));
    for (const group of failures.slice(0, 8)) lines.push(`  ${shown(group.target)}: ${group.count} × ${shown(group.message)}`);
    if (failures.length > 8) lines.push(`  … and ${failures.length - 8} other kinds of failure`);
  }
  lines.push(...formatLimitLines(data, limits));
  return lines.join('\n');
}

/** Per target what its outputs cost (usage x price), and each candidate's cost relative to the baseline. */
function costLines(data: RunCells): string[] {
  const costs = data.targets.map((target) => ({
    target,
    ...targetCost(
      target,
      data.cells.filter((cell) => cell.target === target.name),
    ),
  }));
  const baseline = costs.find((c) => c.target.role === 'baseline');
  const width = Math.max(...costs.map((c) => c.target.name.length));
  return costs.map((c, i) => {
    const source = !c.price
      ? ''
      : c.price.source === 'suite'
        ? 'suite price'
        : `table ${c.price.tableDate ?? ''}`.trim() + (c.price.fromRecording ? `, the model the recording names: ${c.price.model}` : '');
    const where = !c.price
      ? ` (${c.noPrice ?? 'no price known'})`
      : ` at ${formatPrice(c.price)} $/M (${source})${c.costUsd === null ? ', but some outputs have no usage' : ''}`;
    const ratio = c.target.role === 'candidate' ? costRatio(c, baseline) : null;
    const relative = ratio === null ? '' : `: ${formatPercent(ratio)} of the baseline per output`;
    return `${i === 0 ? 'cost' : '    '}  ${shown(c.target.name).padEnd(width)}  ${formatUsd(c.costUsd)}${where}${relative}`;
  });
}

function formatPercent(ratio: number): string {
  return `${ratio < 0.1 ? (ratio * 100).toPrecision(2) : Math.round(ratio * 100)}%`;
}

function failureGroups(data: RunCells): Array<{ target: string; message: string; count: number }> {
  const groups = new Map<string, { target: string; message: string; count: number }>();
  for (const cell of data.cells) {
    if (cell.status === 'ok') continue;
    const response = cell.response;
    const message =
      cell.status === 'missing'
        ? (cell.error ?? 'no recording')
        : [response?.errorStatus, response?.errorCode, response?.errorMessage ?? response?.errorKind].filter(Boolean).join(' ');
    const key = `${cell.target}\u0000${message}`;
    const group = groups.get(key) ?? { target: cell.target, message, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
