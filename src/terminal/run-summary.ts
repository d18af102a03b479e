import pc from 'picocolors';
import type { RunCells } from '../store/types.js';
import type { TargetLimits } from '../domain/limits.js';
import { formatLimitLines } from './limits-summary.js';
import { formatTable } from './table.js';
import { formatDuration } from '../domain/format.js';
import { escapeControlCharacters as shown } from '../domain/control-characters.js';
import { formatPrice, formatUsd } from '../domain/prices.js';
import { costRatio, costTally } from '../domain/target-cost.js';

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
  const tallies = tally(data);
  const rows = data.targets.map((target) => {
    const t = tallies.get(target.name)!;
    const latencies = t.latencies.sort((a, b) => a - b);
    return [
      shown(target.name),
      target.role,
      `${t.ok}/${expected[target.name] ?? t.cells}`,
      sent[target.name] ?? 0,
      t.reused,
      t.errors,
      t.missing,
      t.promptTokens,
      t.completionTokens,
      latencies.length ? formatDuration(latencies[Math.floor((latencies.length - 1) / 2)]!) : '-',
    ];
  });
  lines.push(formatTable(['target', 'role', 'done', 'sent', 'reused', 'errors', 'missing', 'prompt tok', 'output tok', 'p50'], rows));
  lines.push(...costLines(data, tallies));
  const failures = [...tallies.values()].flatMap((t) => [...t.failures.values()]).sort((a, b) => b.count - a.count);
  if (failures.length > 0) {
    lines.push('', pc.yellow('failed cells:'));
    for (const group of failures.slice(0, 8)) lines.push(`  ${shown(group.target)}: ${group.count} × ${shown(group.message)}`);
    if (failures.length > 8) lines.push(`  … and ${failures.length - 8} other kinds of failure`);
  }
  lines.push(...formatLimitLines(data, limits));
  return lines.join('\n');
}

/** Per target what its outputs cost (usage x price), and each candidate's cost relative to the baseline. */
function costLines(data: RunCells, tallies: Map<string, TargetTally>): string[] {
  const costs = data.targets.map((target) => ({ target, ...tallies.get(target.name)!.cost.cost(target) }));
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

type TargetTally = ReturnType<typeof emptyTally>;

function emptyTally(target: string) {
  return {
    cells: 0,
    ok: 0,
    reused: 0,
    errors: 0,
    missing: 0,
    promptTokens: 0,
    completionTokens: 0,
    latencies: [] as number[],
    cost: costTally(),
    failures: new Map<string, { target: string; message: string; count: number }>(),
    target,
  };
}

/** Everything the summary says of each target, in one pass over the cells (a big run's are read as they go, not held). */
function tally(data: RunCells): Map<string, TargetTally> {
  const tallies = new Map(data.targets.map((t) => [t.name, emptyTally(t.name)]));
  for (const cell of data.cells) {
    let t = tallies.get(cell.target);
    if (!t) tallies.set(cell.target, (t = emptyTally(cell.target)));
    t.cells++;
    t.cost.add(cell);
    const response = cell.response;
    if (cell.status === 'ok') {
      t.ok++;
      if (cell.reused) t.reused++;
      t.promptTokens += response?.usage?.promptTokens ?? 0;
      t.completionTokens += response?.usage?.completionTokens ?? 0;
      if (Number.isFinite(response?.latencyMs ?? NaN)) t.latencies.push(response!.latencyMs!);
      continue;
    }
    if (cell.status === 'error') t.errors++;
    else t.missing++;
    const message =
      cell.status === 'missing'
        ? (cell.error ?? 'no recording')
        : [response?.errorStatus, response?.errorCode, response?.errorMessage ?? response?.errorKind].filter(Boolean).join(' ');
    const group = t.failures.get(message) ?? { target: cell.target, message, count: 0 };
    group.count++;
    t.failures.set(message, group);
  }
  return tallies;
}
