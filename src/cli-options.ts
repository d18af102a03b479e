// Every flag pinned takes, declared once: how commander parses it, which commands take it (in
// groups), how its value reaches the command, and how a resumed run repeats it.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseShard, formatShard, type Shard } from './plan/shard.js';
import type { PlanOptions } from './pipeline/prepare-run.js';
import { STDOUT } from './report/stdout.js';
import type { ReportPaths } from './report/write-reports.js';
import { UsageError } from './errors.js';
import type { GateOverrides } from './suite/gate-overrides.js';

type Parsed = Record<string, unknown>;

interface Flag {
  /** The option as `command` (run, verify, ...) shows it: a flag several commands share says what it does in each. */
  option: (command: string) => Option;
  /** Repeats the flag in `pinned run ...` that resumes an interrupted run, when it chose which cells the run fills. */
  resume?: (value: unknown) => string[];
}

export function positiveInt(flag: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number >= 1, got '${value}'`);
    return n;
  };
}

function usdAmount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0))
    throw new InvalidArgumentError(`--max-cost takes an amount in USD >= 0, e.g. 5 or 0.5, got '${value}'`);
  return n;
}

function rate(flags: string, description: string): Option {
  return new Option(flags, description).argParser((value: string) => {
    const n = Number(value);
    if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`${flags.split(' ')[0]} takes a number between 0 and 1, got '${value}'`);
    return n;
  });
}

function shardArgument(value: string): Shard {
  const shard = parseShard(value);
  if ('error' in shard) throw new InvalidArgumentError(shard.error);
  return shard;
}

function numberIn(flag: string, low: number, high: number, { open = false, integer = false } = {}) {
  return (value: string) => {
    const n = Number(value);
    const inRange = open ? n > low && n < high : n >= low && n <= high;
    if (value.trim() === '' || !Number.isFinite(n) || !inRange || (integer && !Number.isInteger(n))) {
      const range = open ? `between ${low} and ${high}, exclusive` : `from ${low} to ${high}`;
      throw new InvalidArgumentError(`${flag} takes ${integer ? 'a whole number' : 'a number'} ${range}, got '${value}'`);
    }
    return n;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const quote = (text: string) => (/^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

export const FLAGS = {
  db: {
    option: () =>
      new Option('--db <path>', "database file (default: $PINNED_DB, else the project's .pinned/pinned.db, found upward like .git)"),
    resume: (v) => ['--db', quote(String(v))],
  },
  shard: {
    option: () =>
      new Option(
        '--shard <I/N>',
        'only the I-th of N parts of the cases (CI matrix); a shard run is not compared on its own, see pinned merge',
      ).argParser(shardArgument),
    resume: (v) => ['--shard', formatShard(v as Shard)],
  },
  only: {
    option: () =>
      new Option('--only <targets>', 'only these targets: baseline, candidates or names (repeatable, comma-separated)').argParser(collect),
    resume: (v) => ((v as string[]).length ? ['--only', quote((v as string[]).join(','))] : []),
  },
  samples: {
    option: () => new Option('--samples <n>', 'responses per case and target, overriding the suite').argParser(positiveInt('--samples')),
    resume: (v) => ['--samples', String(v)],
  },
  new: { option: () => new Option('--new', 'start a new run instead of continuing the latest unfinished one') },
  batch: {
    option: () => new Option('--batch', "send endpoint targets' cells through the Batch API (about half price, answers within 24 h)"),
    resume: () => ['--batch'],
  },
  cache: {
    option: () => new Option('--no-cache', 'send every request even when an identical one has a stored output'),
    resume: (v) => (v === false ? ['--no-cache'] : []),
  },
  compare: {
    option: () => new Option('--no-compare', 'store outputs only; compare later with pinned compare'),
    resume: (v) => (v === false ? ['--no-compare'] : []),
  },
  concurrency: {
    option: () =>
      new Option('-c, --concurrency <n>', 'cap on requests in flight across all targets (default 32)').argParser(
        positiveInt('--concurrency'),
      ),
  },
  progress: { option: () => new Option('--no-progress', 'no progress bar or progress lines') },
  stopEarly: {
    option: () =>
      new Option(
        '--stop-early',
        'send cases in a seeded random order and stop sending a candidate once the decision on it is known (as gate.stop_early)',
      ),
    resume: (v) => (v === false ? ['--no-stop-early'] : ['--stop-early']),
  },
  noStopEarly: { option: () => new Option('--no-stop-early', 'send every case even when the suite sets gate.stop_early') },
  maxCost: {
    option: () =>
      new Option('--max-cost <usd>', 'refuse to start (nothing sent) when the estimated cost of what would be sent exceeds this').argParser(
        usdAmount,
      ),
  },
  html: {
    option: () => new Option('--html <path>', 'write the HTML report (pinned run and report: reports/<suite>-<run>.html by default)'),
  },
  noHtml: { option: () => new Option('--no-html', 'do not write the HTML report') },
  md: { option: () => new Option('--md <path>', 'write a Markdown summary, e.g. "$GITHUB_STEP_SUMMARY"') },
  json: {
    option: (command) =>
      new Option(
        '--json <path>',
        command === 'verify' ? 'write the per-prompt rows and the figures as JSON' : 'write the comparison as JSON',
      ),
  },
  junit: { option: () => new Option('--junit <path>', 'write JUnit XML: a test suite per candidate, regressions as failures') },
  comment: {
    option: () =>
      new Option(
        '--comment <path>',
        "write the Markdown summary as a pull-request comment: a marker line to update it by, under GitHub's limit",
      ),
  },
  maxRegressionRate: {
    option: () => rate('--max-regression-rate <rate>', 'regression rate a replaceable candidate must stay below (0..1)'),
  },
  minEquivalenceRate: { option: () => rate('--min-equivalence-rate <rate>', 'equivalence rate a replaceable candidate must reach (0..1)') },
  criticalTags: {
    option: () =>
      new Option('--critical-tags <tags>', 'comma-separated tags whose cases must not regress').argParser((v: string) =>
        v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
  },
  maxCostRatio: {
    option: () =>
      new Option(
        '--max-cost-ratio <ratio>',
        "a candidate's cost per answer may be at most this multiple of the baseline's, e.g. 1.5",
      ).argParser(numberIn('--max-cost-ratio', 0, Number.MAX_SAFE_INTEGER, { open: true })),
  },
  maxP95LatencyRatio: {
    option: () =>
      new Option(
        '--max-p95-latency-ratio <ratio>',
        "a candidate's p95 latency may be at most this multiple of the baseline's, e.g. 1.2",
      ).argParser(numberIn('--max-p95-latency-ratio', 0, Number.MAX_SAFE_INTEGER, { open: true })),
  },
  confidence: { option: () => rate('--confidence <level>', 'confidence of the intervals and tests, e.g. 0.95') },
  maxChangeRate: {
    option: () =>
      rate('--max-change-rate <rate>', 'share of answers allowed to change at all, even with nothing saying which side is right (0..1)'),
  },
  since: {
    option: () =>
      new Option('--since <run>', 'say what changed since that run: new regressions, fixed ones, verdicts that moved').argParser(
        positiveInt('--since'),
      ),
  },
  sinceDb: {
    option: () =>
      new Option('--since-db <path>', "compare with another database's latest compared run of the suite (e.g. main's cached one)"),
  },
  prompts: {
    option: () =>
      new Option(
        '--prompts <k>',
        'prompts to draw from the reference (default 50; at least 20, below which neither test can reject)',
      ).argParser(numberIn('--prompts', 20, 100_000, { integer: true })),
    resume: (v) => ['--prompts', String(v)],
  },
  // The seeded generators are 32-bit (mulberry32): a larger seed would silently draw a smaller one's order.
  seed: {
    option: (command) =>
      new Option(
        '--seed <n>',
        {
          verify: 'draws the same prompts again (default: a random seed, printed)',
          import: 'with --sample, draws the same cases again (default 1)',
        }[command] ?? 'with --stop-early, the order cases are sent in (default 1, printed)',
      ).argParser(numberIn('--seed', 0, 2 ** 32 - 1, { integer: true })),
    resume: (v) => ['--seed', String(v)],
  },
  alpha: {
    option: () =>
      new Option(
        '--alpha <a>',
        'family-wise level of the two tests: the chance of calling a genuine endpoint inconsistent (default 0.05)',
      ).argParser(numberIn('--alpha', 0, 1, { open: true })),
    resume: (v) => ['--alpha', String(v)],
  },
  temperature: {
    option: () =>
      new Option('--temperature <t>', "the reference's temperature, when its rows do not carry their request (case rows)").argParser(
        numberIn('--temperature', 0, 2),
      ),
    resume: (v) => ['--temperature', String(v)],
  },
  topP: {
    option: () =>
      new Option('--top-p <p>', "the reference's top_p, when its rows do not carry it (default: not set)").argParser(
        numberIn('--top-p', 0, 1),
      ),
    resume: (v) => ['--top-p', String(v)],
  },
  maxTokens: {
    option: () =>
      new Option('--max-tokens <m>', "the reference's max_tokens, when its rows do not carry it (default: not set)").argParser(
        positiveInt('--max-tokens'),
      ),
    resume: (v) => ['--max-tokens', String(v)],
  },
  cases: {
    option: () =>
      new Option(
        '--cases <file>',
        "create the cases from the log's requests in this new .jsonl file (relative to the current folder) and add it to the suite",
      ),
  },
  sample: {
    option: () =>
      new Option('--sample <n>', 'with --cases: draw this many of the distinct requests (seeded, see --seed)').argParser(
        positiveInt('--sample'),
      ),
  },
  tagBy: {
    option: () =>
      new Option(
        '--tag-by <field>',
        "with --cases: tag each case with its rows' value of this field (or of metadata.<field>), e.g. route (repeatable, comma-separated)",
      ).argParser((value: string, previous: string[] = []) => [
        ...previous,
        ...value
          .split(',')
          .map((field) => field.trim())
          .filter(Boolean),
      ]),
  },
} satisfies Record<string, Flag>;

/** pinned import --cases: a log becomes cases. */
export const IMPORT_FLAGS = [FLAGS.cases, FLAGS.sample, FLAGS.seed, FLAGS.tagBy];

/** The flags that choose which cells a run fills (and `pinned estimate` prices). */
export const PLAN_FLAGS = [FLAGS.only, FLAGS.samples, FLAGS.new, FLAGS.cache, FLAGS.batch, FLAGS.shard];
export const GATE_FLAGS = [
  FLAGS.maxRegressionRate,
  FLAGS.minEquivalenceRate,
  FLAGS.criticalTags,
  FLAGS.confidence,
  FLAGS.maxChangeRate,
  FLAGS.maxCostRatio,
  FLAGS.maxP95LatencyRatio,
];
export const REPORT_FLAGS = [FLAGS.html, FLAGS.md, FLAGS.json, FLAGS.junit, FLAGS.comment];
/** What changed since an earlier comparison: a run of this database (--since), or of another (--since-db). */
export const SINCE_FLAGS = [FLAGS.since, FLAGS.sinceDb];
/** pinned verify: the draw, the test's level, and the reference's settings for rows that do not carry them. */
export const VERIFY_FLAGS = [FLAGS.prompts, FLAGS.seed, FLAGS.alpha, FLAGS.temperature, FLAGS.topP, FLAGS.maxTokens];

export function addFlags(command: Command, flags: Flag[]): Command {
  for (const flag of flags) command.addOption(flag.option(command.name()));
  return command;
}

export function planOptions(opts: Parsed): PlanOptions {
  return {
    cache: opts.cache !== false,
    ...(opts.only !== undefined && { only: opts.only as string[] }),
    ...(opts.samples !== undefined && { samples: opts.samples as number }),
    ...(opts.new === true && { new: true }),
    ...(opts.batch === true && { batch: true }),
    ...(opts.shard !== undefined && { shard: opts.shard as Shard }),
  };
}

export function gateOverrides(opts: Parsed): GateOverrides | undefined {
  const overrides: GateOverrides = {
    ...(opts.maxRegressionRate !== undefined && { maxRegressionRate: opts.maxRegressionRate as number }),
    ...(opts.minEquivalenceRate !== undefined && { minEquivalenceRate: opts.minEquivalenceRate as number }),
    ...(opts.criticalTags !== undefined && { criticalTags: opts.criticalTags as string[] }),
    ...(opts.confidence !== undefined && { confidence: opts.confidence as number }),
    ...(opts.maxChangeRate !== undefined && { maxChangeRate: opts.maxChangeRate as number }),
    ...(opts.maxCostRatio !== undefined && { maxCostRatio: opts.maxCostRatio as number }),
    ...(opts.maxP95LatencyRatio !== undefined && { maxP95LatencyRatio: opts.maxP95LatencyRatio as number }),
  };
  return Object.keys(overrides).length ? overrides : undefined;
}

export function sinceOption(opts: Parsed): { run?: number; db?: string } | undefined {
  if (opts.since === undefined && opts.sinceDb === undefined) return undefined;
  return {
    ...(opts.since !== undefined && { run: opts.since as number }),
    ...(opts.sinceDb !== undefined && { db: opts.sinceDb as string }),
  };
}

/** The report flags' paths; '-' is stdout, which only one report can have. */
export function reportPaths(opts: Parsed): ReportPaths {
  const path = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const paths: ReportPaths = {
    html: path(opts.html),
    md: path(opts.md),
    json: path(opts.json),
    junit: path(opts.junit),
    comment: path(opts.comment),
  };
  const toStdout = Object.entries(paths).filter(([, value]) => value === STDOUT);
  if (toStdout.length > 1) {
    throw new UsageError(
      `only one report can go to stdout ('-'): ${toStdout.map(([flag]) => `--${flag}`).join(' and ')} both ask for it`,
      'give the others a file path',
    );
  }
  return paths;
}

/** Resumed runs repeat these, in this order; the rest (reports, gate, concurrency) may differ freely. */
const RESUMED: Array<[keyof typeof FLAGS, Flag]> = (
  ['db', 'shard', 'only', 'samples', 'batch', 'cache', 'compare', 'stopEarly', 'seed'] as const
).map((key) => [key, FLAGS[key]]);

/** The command that picks up where an interrupted `pinned run` stopped, quoted for the shell. */
export function resumeCommand(suitePath: string, opts: Parsed): string {
  const words = ['pinned', 'run', quote(suitePath)];
  for (const [key, flag] of RESUMED) {
    const value = opts[key];
    if (value !== undefined && flag.resume) words.push(...flag.resume(value));
  }
  return words.join(' ');
}

/** The command that picks up an interrupted `pinned verify`: the same draw (its seed) and the same settings. */
export function verifyResumeCommand(suitePath: string, opts: Parsed, seed: number): string {
  const words = [
    'pinned',
    'verify',
    quote(suitePath),
    '--target',
    quote(String(opts.target)),
    '--reference',
    quote(String(opts.reference)),
  ];
  const keys = ['db', 'prompts', 'alpha', 'temperature', 'topP', 'maxTokens', 'cache'] as const;
  for (const key of keys) {
    const value = opts[key];
    const flag: Flag = FLAGS[key];
    if (value !== undefined && flag.resume) words.push(...flag.resume(value));
  }
  words.push('--seed', String(seed));
  return words.join(' ');
}
