import type { Outcome } from '../domain/outcome.js';
import type { Job } from '../plan/types.js';
import { formatDuration } from '../domain/format.js';

export interface ProgressOptions {
  write: (text: string) => void;
  /** A live bar redrawn in place; otherwise plain lines for CI logs. */
  tty: boolean;
  /** Jobs to send per target in this invocation. */
  totals: Record<string, number>;
  /** Terminal width for the bar; 0 or undefined: unknown, drawn for 80. */
  columns?: number;
  /** How often a plain progress line is printed (CI). */
  lineIntervalMs?: number;
  now?: () => number;
}

interface Lane {
  total: number;
  done: number;
  errors: number;
  /** Jobs left unsent because the decision they would inform is known (--stop-early). */
  skipped: number;
}

/** What progress listens to: the executor's hooks have this shape, and the pipeline passes them on. */
export interface ProgressHooks {
  onJobEnd(job: Pick<Job, 'target'>, outcome: Pick<Outcome, 'ok'>): void;
  onRetry(...attempt: unknown[]): void;
}

/** A candidate's verdicts so far, as the run compares cases while it sends. */
export interface VerdictCounts {
  regressed: number;
  /** Changed or drifted: different, nothing saying which side is right. */
  changed: number;
  /** Same, equivalent or improved. */
  equivalent: number;
  /** The decision it was stopped with (--stop-early): nothing more is sent to it. */
  stopped?: string;
}

export interface Progress {
  hooks: ProgressHooks;
  /** A job left unsent because its candidate is decided (--stop-early): it counts as settled, not as sent. */
  skipped(job: Pick<Job, 'target'>): void;
  /** The verdicts so far per candidate, shown beside its bar (or in the plain line). */
  verdicts(counts: Record<string, VerdictCounts>): void;
  /** Draws the final state and stops the timer. */
  finish(): void;
}

const BAR_REFRESH_MS = 100;

/** Progress through executor hooks: a redrawn bar on a terminal, a line every so often in CI. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const lanes = new Map<string, Lane>(
    Object.entries(options.totals).map(([name, total]) => [name, { total, done: 0, errors: 0, skipped: 0 }]),
  );
  let retries = 0;
  let verdicts: Record<string, VerdictCounts> = {};
  const briefVerdicts = (counts: VerdictCounts) =>
    `${counts.regressed} regr · ${counts.changed} chg · ${counts.equivalent} eq${counts.stopped ? ` · stopped: ${counts.stopped}` : ''}`;
  const describeVerdicts = (counts: VerdictCounts) =>
    `${counts.regressed} regressed · ${counts.changed} changed · ${counts.equivalent} equivalent${counts.stopped ? ` (stopped: ${counts.stopped})` : ''}`;
  let drawnLines = 0;
  let dirty = true;
  const total = [...lanes.values()].reduce((sum, lane) => sum + lane.total, 0);
  // Skipped jobs are settled: the percentage and the ETA are about what is still to send.
  const done = () => [...lanes.values()].reduce((sum, lane) => sum + lane.done + lane.skipped, 0);
  const skipped = () => [...lanes.values()].reduce((sum, lane) => sum + lane.skipped, 0);
  const errors = () => [...lanes.values()].reduce((sum, lane) => sum + lane.errors, 0);

  const status = () => {
    const finished = done();
    const elapsed = now() - started;
    // Requests per second counts what was answered, not what was left unsent.
    const rate = elapsed > 0 ? ((finished - skipped()) / elapsed) * 1000 : 0;
    const eta = finished > 0 && finished < total ? formatDuration(((total - finished) / finished) * elapsed) : '-';
    const parts = [`${finished}/${total}`, `${total ? Math.floor((finished / total) * 100) : 100}%`];
    if (errors()) parts.push(`${errors()} error${errors() === 1 ? '' : 's'}`);
    if (skipped()) parts.push(`${skipped()} not sent (decided)`);
    if (retries) parts.push(`${retries} retr${retries === 1 ? 'y' : 'ies'}`);
    parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)} req/s`, `elapsed ${formatDuration(elapsed)}`, `ETA ${eta}`);
    return parts.join(' · ');
  };

  const drawBar = () => {
    if (!dirty) return;
    dirty = false;
    // 0 (or no figure) is a terminal that does not know its width, not a zero-width one: assume 80.
    const columns = Math.max(40, options.columns || 80);
    const nameWidth = Math.min(24, Math.max(...[...lanes.keys()].map((name) => name.length)));
    // The verdicts beside a bar (and "stopped: ...") matter more than a long bar: the bar gives
    // way to them, and on a narrow terminal they are said briefly.
    const line = (name: string, lane: Lane, barWidth: number, brief: boolean) => {
      const filled = lane.total ? Math.round(((lane.done + lane.skipped) / lane.total) * barWidth) : barWidth;
      const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
      const err = lane.errors ? `  ${lane.errors} err` : '';
      const counts = verdicts[name];
      const judged = counts ? `  ${brief ? briefVerdicts(counts) : describeVerdicts(counts)}` : '';
      const unsent = lane.skipped && !(brief && counts?.stopped) ? `  ${lane.skipped} not sent` : '';
      return `${name.slice(0, nameWidth).padEnd(nameWidth)}  ${bar}  ${lane.done}/${lane.total}${unsent}${err}${judged}`;
    };
    const longest = (barWidth: number, brief: boolean) =>
      Math.max(...[...lanes].map(([name, lane]) => line(name, lane, barWidth, brief).length));
    const fits = (barWidth: number, brief: boolean) => longest(barWidth, brief) <= columns - 1;
    let barWidth = 40;
    while (barWidth > 10 && !fits(barWidth, false)) barWidth--;
    const brief = !fits(barWidth, false);
    if (brief) while (barWidth > 6 && !fits(barWidth, true)) barWidth--;
    const lines = [...lanes].map(([name, lane]) => line(name, lane, barWidth, brief));
    lines.push(status());
    const clip = (line: string) => (line.length > columns - 1 ? line.slice(0, columns - 1) : line);
    const up = drawnLines > 0 ? `\x1b[${drawnLines}F` : '';
    options.write(up + lines.map((line) => `\x1b[2K${clip(line)}`).join('\n') + '\n');
    drawnLines = lines.length;
  };

  let linesPrinted = 0;
  const printLine = () => {
    linesPrinted++;
    const perTarget = [...lanes]
      .map(([name, lane]) => `${name} ${lane.done}/${lane.total}${lane.skipped ? ` (${lane.skipped} not sent)` : ''}`)
      .join(' · ');
    const judged = Object.entries(verdicts).map(([name, counts]) => ` | ${name}: ${describeVerdicts(counts)}`);
    options.write(`progress ${status()} | ${perTarget}${judged.join('')}\n`);
  };

  const timer = options.tty ? setInterval(drawBar, BAR_REFRESH_MS) : setInterval(printLine, options.lineIntervalMs ?? 10_000);
  timer.unref();
  if (options.tty) drawBar();

  const hooks: ProgressHooks = {
    onJobEnd(job, outcome) {
      const lane = lanes.get(job.target);
      if (!lane) return;
      lane.done++;
      if (!outcome.ok) lane.errors++;
      dirty = true;
    },
    onRetry() {
      retries++;
      dirty = true;
    },
  };

  return {
    hooks,
    skipped(job) {
      const lane = lanes.get(job.target);
      if (!lane) return;
      lane.skipped++;
      dirty = true;
    },
    verdicts(counts) {
      verdicts = counts;
      dirty = true;
    },
    finish() {
      clearInterval(timer);
      dirty = true;
      if (options.tty) drawBar();
      // A run shorter than one interval needs no progress line; the summary follows.
      else if (linesPrinted > 0) printLine();
    },
  };
}
