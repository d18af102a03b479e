#!/usr/bin/env node
// The only place that parses argv, prints errors and sets exit codes. Commands are imported
// lazily so `pinned --version` does not pay for the SDK, SQLite or the YAML parser.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { toolVersion } from './version.js';
import type { Io } from './commands/io.js';
import { parseShard, type Shard } from './plan/shard.js';

const EXIT = { ok: 0, gate: 1, usage: 2, inconclusive: 3, infrastructure: 4, interrupted: 130 } as const;

function io(): Io {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    isTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns ?? 80,
    env: process.env,
  };
}

function positiveInt(flag: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number >= 1, got '${value}'`);
    return n;
  };
}

function usdAmount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0)) throw new InvalidArgumentError(`--max-cost takes an amount in USD >= 0, e.g. 5 or 0.5, got '${value}'`);
  return n;
}

function gateOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser((value: string) => {
    const n = Number(value);
    if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`${flags.split(' ')[0]} takes a number between 0 and 1, got '${value}'`);
    return n;
  });
}

function gateOverrides(opts: Record<string, unknown>) {
  const overrides = {
    ...(opts.maxRegressionRate !== undefined && { maxRegressionRate: opts.maxRegressionRate as number }),
    ...(opts.minEquivalenceRate !== undefined && { minEquivalenceRate: opts.minEquivalenceRate as number }),
    ...(opts.criticalTags !== undefined && { criticalTags: opts.criticalTags as string[] }),
    ...(opts.confidence !== undefined && { confidence: opts.confidence as number }),
  };
  return Object.keys(overrides).length ? overrides : undefined;
}

function shardArgument(value: string): Shard {
  const shard = parseShard(value);
  if ('error' in shard) throw new InvalidArgumentError(shard.error);
  return shard;
}

function collect(value: string, previous: string[] = []) {
  return [...previous, value];
}

/** Ctrl-C once: stop sending, let in-flight requests finish, save. Twice: leave now. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write('\nstopping now; requests in flight are lost and will be redone on resume\n');
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: no new requests; waiting briefly for those in flight (Ctrl-C again to stop now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

const dbOption = () => new Option('--db <path>', 'database file (default: $PINNED_DB or .pinned/pinned.db)');
const mdOption = () => new Option('--md <path>', 'write a Markdown summary, e.g. "$GITHUB_STEP_SUMMARY"');
const junitOption = () => new Option('--junit <path>', 'write JUnit XML: a test suite per candidate, regressions as failures');

function program(): Command {
  const cli = new Command('pinned')
    .description('Can a candidate model replace the pinned snapshot your software depends on? Evidence, case by case.')
    .version(toolVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  pinned init                                  # a starter suite, CI workflow and .gitignore entries
  pinned run suites/example.yaml               # runs offline: recorded outputs, no key needed
  pinned estimate suites/starter.yaml          # requests, tokens and cost before sending anything
  pinned <command> --help                      # options and examples of one command`,
    )
    .exitOverride();

  cli
    .command('run')
    .description('run a suite against its baseline and candidates, storing every output; resumes an unfinished run')
    .argument('<suite>', 'suite YAML file')
    .addOption(dbOption())
    .addOption(new Option('-c, --concurrency <n>', 'cap on requests in flight across all targets (default 32)').argParser(positiveInt('--concurrency')))
    .addOption(new Option('--samples <n>', 'responses per case and target, overriding the suite').argParser(positiveInt('--samples')))
    .addOption(new Option('--only <targets>', 'only these targets: baseline, candidates or names (repeatable, comma-separated)').argParser(collect))
    .option('--new', 'start a new run instead of resuming the latest unfinished one')
    .option('--no-cache', 'send every request even when an identical one has a stored output')
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--no-compare', 'store outputs only; compare later with pinned compare')
    .option('--json <path>', 'write the comparison as JSON')
    .addOption(new Option('--max-cost <usd>', 'refuse to start (nothing sent) when the estimated cost of what would be sent exceeds this').argParser(usdAmount))
    .option('--html <path>', 'write the HTML report here (default: reports/<suite>-<run>.html)')
    .option('--no-html', 'do not write the HTML report')
    .addOption(mdOption())
    .addOption(junitOption())
    .addOption(gateOption('--max-regression-rate <rate>', 'regression rate a replaceable candidate must stay below (0..1)'))
    .addOption(gateOption('--min-equivalence-rate <rate>', 'equivalence rate a replaceable candidate must reach (0..1)'))
    .option('--critical-tags <tags>', 'comma-separated tags whose cases must not regress', (v: string) => v.split(',').map((t) => t.trim()).filter(Boolean))
    .addOption(gateOption('--confidence <level>', 'confidence of the intervals and tests, e.g. 0.95'))
    .option('--batch', "send endpoint targets' cells through the Batch API (about half price, answers within 24 h)")
    .addOption(new Option('--shard <I/N>', 'run only the I-th of N parts of the cases (CI matrix); not compared on its own, see pinned merge').argParser(shardArgument))
    .addHelpText(
      'after',
      `
Examples:
  pinned run suites/example.yaml
  pinned run suites/support.yaml --max-cost 5        # exit 2, nothing sent, if it would cost more
  pinned run suites/support.yaml --md "$GITHUB_STEP_SUMMARY" --junit reports/pinned.xml
  pinned run suites/support.yaml --only baseline --concurrency 16   # stores outputs; not compared
  pinned run suites/support.yaml --samples 3 --new
  pinned run suites/support.yaml --shard 2/4 --db shard-2.db
  pinned run suites/support.yaml --batch       # PINNED_BATCH_POLL_MS sets the first poll interval
Exit codes: 0 gate passed, 1 gate failed (a candidate is keep-pinned), 2 suite or usage error,
3 inconclusive (review), 4 cells failed or missing (rerun to retry them), 130 interrupted.`,
    )
    .action(async (suite: string, opts) => {
      const { runSuite } = await import('./commands/run.js');
      const result = await runSuite(
        {
          suite,
          db: opts.db,
          concurrency: opts.concurrency,
          samples: opts.samples,
          only: opts.only,
          new: opts.new,
          cache: opts.cache,
          progress: opts.progress,
          compare: opts.compare,
          json: opts.json,
          html: opts.html,
          md: opts.md,
          junit: opts.junit,
          gate: gateOverrides(opts),
          maxCost: opts.maxCost,
          signal: interruptSignal(),
          ...(opts.shard && { shard: opts.shard }),
          ...(opts.batch && { batch: true }),
        },
        io(),
      );
      process.exitCode = result.exitCode;
    });

  cli
    .command('estimate')
    .description('count the requests, tokens and cost a run would send, per target, without sending anything')
    .argument('<suite>', 'suite YAML file')
    .addOption(dbOption())
    .addOption(new Option('--samples <n>', 'responses per case and target, overriding the suite').argParser(positiveInt('--samples')))
    .addOption(new Option('--only <targets>', 'only these targets: baseline, candidates or names (repeatable, comma-separated)').argParser(collect))
    .option('--new', 'price a new run instead of the rest of the latest unfinished one')
    .option('--no-cache', 'price every request even when an identical one has a stored output')
    .option('--json', 'print JSON instead of a table')
    .option('--batch', 'price endpoint targets as sent through the Batch API (pinned run --batch): half the table price')
    .addHelpText(
      'after',
      `
Input tokens are counted with the model's tokenizer; output tokens are the mean of this target's
stored outputs, else max_tokens / max_completion_tokens (an upper bound). Cells already done or
answered by a stored identical request are free. Prices: the target's price:, else pinned's table.

Examples:
  pinned estimate suites/support.yaml
  pinned estimate suites/support.yaml --only candidates --samples 3
  pinned estimate suites/support.yaml --json > estimate.json`,
    )
    .action(async (suite: string, opts) => {
      const { estimateSuite } = await import('./commands/estimate.js');
      process.exitCode = await estimateSuite({ suite, db: opts.db, only: opts.only, samples: opts.samples, new: opts.new, cache: opts.cache, json: opts.json, batch: opts.batch }, io());
    });

  cli
    .command('init')
    .description('write a starter suite, a GitHub Actions workflow and .gitignore entries; never overwrites')
    .argument('[dir]', 'project folder (default: the current folder)')
    .addHelpText(
      'after',
      `
Writes suites/starter.yaml (baseline gpt-4-0314 through an OpenAI-compatible aggregator, one
candidate, three example cases), .github/workflows/pinned.yml, and .pinned/ and reports/ in
.gitignore. Existing files are left as they are and listed as skipped.

Examples:
  pinned init
  pinned init my-service`,
    )
    .action(async (dir: string | undefined) => {
      const { initProject } = await import('./commands/init.js');
      process.exitCode = await initProject({ dir }, io());
    });

  cli
    .command('compare')
    .description('compare a stored run\'s candidates with the baseline: verdicts per case, a decision per candidate')
    .argument('[run]', 'run id, as pinned runs lists them (default: the latest run or merge)', positiveInt('run'))
    .addOption(dbOption())
    .option('--against <run[:target]>', "take the baseline's outputs from another run, e.g. an import: 4 or 4:gpt-4-0314")
    .option('--json <path>', 'write the comparison as JSON')
    .option('--html <path>', 'write the HTML report')
    .addOption(mdOption())
    .addOption(junitOption())
    .addOption(gateOption('--max-regression-rate <rate>', 'regression rate a replaceable candidate must stay below (0..1)'))
    .addOption(gateOption('--min-equivalence-rate <rate>', 'equivalence rate a replaceable candidate must reach (0..1)'))
    .option('--critical-tags <tags>', 'comma-separated tags whose cases must not regress', (v: string) => v.split(',').map((t) => t.trim()).filter(Boolean))
    .addOption(gateOption('--confidence <level>', 'confidence of the intervals and tests, e.g. 0.95'))
    .addHelpText(
      'after',
      `
Examples:
  pinned compare                       # the latest run
  pinned compare 7 --json comparison.json
  pinned compare 7 --against 4:gpt-4-0314   # candidates of run 7 against an imported baseline
Exit codes: 0 gate passed, 1 gate failed, 2 usage error, 3 inconclusive, 4 cases without outputs.`,
    )
    .action(async (run: number | undefined, opts) => {
      const { compareCommand } = await import('./commands/compare.js');
      const reports = { html: opts.html, md: opts.md, json: opts.json, junit: opts.junit };
      process.exitCode = await compareCommand({ run, db: opts.db, against: opts.against, reports, gate: gateOverrides(opts), signal: interruptSignal() }, io());
    });

  cli
    .command('report')
    .description("write a stored run's reports from its latest comparison, without calling any model")
    .argument('[run]', 'run id, as pinned runs lists them (default: the latest run or merge)', positiveInt('run'))
    .addOption(dbOption())
    .option('--html <path>', 'write the HTML report (the default when no other report is asked for: reports/<suite>-<run>.html)')
    .addOption(mdOption())
    .option('--json <path>', 'write the comparison as JSON')
    .addOption(junitOption())
    .addHelpText(
      'after',
      `
Examples:
  pinned report                        # the latest run's HTML report, in reports/
  pinned report 7 --md summary.md --junit pinned.xml --json comparison.json
Exit codes: 0 reports written (not a gate: pinned compare exits with the gate's code), 2 usage error.`,
    )
    .action(async (run: number | undefined, opts) => {
      const { reportCommand } = await import('./commands/report.js');
      process.exitCode = await reportCommand({ run, db: opts.db, html: opts.html, md: opts.md, json: opts.json, junit: opts.junit }, io());
    });

  cli
    .command('validate')
    .description('check a suite without running it: schema, cases, templating, targets, environment')
    .argument('<suite>', 'suite YAML file')
    .addHelpText(
      'after',
      `
Loads the suite as a run would and lists every problem as file:line:col (exit 2), plus warnings
and the key variables that are not set (exit 0). Sends nothing, writes nothing.

Example:
  pinned validate suites/example.yaml`,
    )
    .action(async (suite: string) => {
      const { validateSuite } = await import('./commands/validate.js');
      process.exitCode = await validateSuite({ suite }, io());
    });

  cli
    .command('import')
    .description('store a recording (JSONL outputs or OpenAI-style logs) as a run of one target')
    .argument('<suite>', 'suite YAML file')
    .requiredOption('--target <name>', 'the target the outputs belong to, e.g. the retired baseline')
    .requiredOption('--from <file>', 'recording file (.jsonl), relative to the current folder')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  pinned import suites/support.yaml --target gpt-4-0314 --from logs/gpt-4-0314.jsonl')
    .action(async (suite: string, opts) => {
      const { importRecording } = await import('./commands/import.js');
      process.exitCode = await importRecording({ suite, target: opts.target, from: opts.from, db: opts.db }, io());
    });

  cli
    .command('merge')
    .description('combine the databases of shard runs (pinned run --shard I/N) into one run that compares like an unsharded run')
    .argument('<out>', 'database to write the merged run to (created if needed)')
    .argument('<inputs...>', 'shard databases, one per shard')
    .addHelpText('after', '\nExample:\n  pinned merge merged.db shard-1.db shard-2.db shard-3.db shard-4.db && pinned compare --db merged.db')
    .action(async (out: string, inputs: string[]) => {
      const { mergeCommand } = await import('./commands/merge.js');
      process.exitCode = mergeCommand({ out, inputs }, io());
    });

  cli
    .command('runs')
    .description('list the runs in the database')
    .addOption(dbOption())
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', '\nExample:\n  pinned runs --db .pinned/pinned.db')
    .action(async (opts) => {
      const { listRuns } = await import('./commands/runs.js');
      process.exitCode = listRuns({ db: opts.db, json: opts.json }, io());
    });

  return cli;
}

async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    process.exitCode = await report(error);
  }
}

async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has printed its own message already.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const { describeError } = await import('./terminal/describe-error.js');
  const { text, exitCode } = describeError(error);
  process.stderr.write(`${text}\n`);
  return exitCode;
}

void main(process.argv);
