#!/usr/bin/env node
// The only place that parses argv, prints errors and sets exit codes. Flags are declared once in
// cli-options.ts; commands are imported lazily so `pinned --version` does not pay for the SDK,
// SQLite or the YAML parser.
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import {
  addFlags,
  FLAGS,
  GATE_FLAGS,
  gateOverrides,
  PLAN_FLAGS,
  planOptions,
  positiveInt,
  REPORT_FLAGS,
  reportPaths,
  resumeCommand,
} from './cli-options.js';
import { STDOUT } from './report/stdout.js';
import type { ReportPaths } from './report/write-reports.js';
import { errorExitCode, EXIT } from './exit-codes.js';
import { displayPath } from './suite/display-path.js';
import type { Io } from './terminal/io.js';
import { toolVersion } from './version.js';

/** The terminal; with a report going to stdout ('-'), everything else printed goes to stderr. */
function io(reports?: ReportPaths): Io {
  const line = (stream: NodeJS.WriteStream) => (text: string) => stream.write(text.endsWith('\n') ? text : `${text}\n`);
  const reportToStdout = reports !== undefined && Object.values(reports).includes(STDOUT);
  return {
    out: line(reportToStdout ? process.stderr : process.stdout),
    err: line(process.stderr),
    report: (text) => process.stdout.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    // A pseudo-terminal without a size reports 0 columns: unknown, not zero.
    columns: process.stderr.columns || 80,
    env: process.env,
  };
}

/** Ctrl-C once: stop sending, let in-flight requests finish, save. Twice: leave now. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write('\nstopping now; requests in flight are lost and will be redone on resume\n');
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(
      `\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: no new requests; waiting briefly for those in flight (Ctrl-C again to stop now)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

const runArgument = ['[run]', 'run id, as pinned runs lists them (default: the latest run or merge)', positiveInt('run')] as const;

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

  const run = cli
    .command('run')
    .description('run a suite against its baseline and candidates, storing every output; resumes an unfinished run')
    .argument('<suite>', 'suite YAML file');
  addFlags(run, [
    FLAGS.db,
    FLAGS.concurrency,
    ...PLAN_FLAGS,
    FLAGS.progress,
    FLAGS.compare,
    FLAGS.maxCost,
    ...REPORT_FLAGS,
    FLAGS.noHtml,
    ...GATE_FLAGS,
  ])
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
      const { runCommand } = await import('./commands/run.js');
      const reports = reportPaths(opts);
      process.exitCode = await runCommand(
        {
          suite,
          db: opts.db,
          ...planOptions(opts),
          concurrency: opts.concurrency,
          progress: opts.progress,
          compare: opts.compare,
          maxCost: opts.maxCost,
          ...reports,
          html: opts.html,
          gate: gateOverrides(opts),
          signal: interruptSignal(),
          resumeCommand: resumeCommand(displayPath(resolve(suite)), opts),
        },
        io(reports),
      );
    });

  const estimate = cli
    .command('estimate')
    .description('count the requests, tokens and cost a run would send, per target, without sending anything')
    .argument('<suite>', 'suite YAML file')
    .option('--json', 'print JSON instead of a table');
  addFlags(estimate, [FLAGS.db, ...PLAN_FLAGS])
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
      const { estimateCommand } = await import('./commands/estimate.js');
      process.exitCode = await estimateCommand({ suite, db: opts.db, json: opts.json, ...planOptions(opts) }, io());
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

  const compare = cli
    .command('compare')
    .description("compare a stored run's candidates with the baseline: verdicts per case, a decision per candidate")
    .argument(...runArgument)
    .option('--against <run[:target]>', "take the baseline's outputs from another run, e.g. an import: 4 or 4:gpt-4-0314");
  addFlags(compare, [FLAGS.db, ...REPORT_FLAGS, ...GATE_FLAGS])
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
      const reports = reportPaths(opts);
      process.exitCode = await compareCommand(
        { run, db: opts.db, against: opts.against, reports, gate: gateOverrides(opts), signal: interruptSignal() },
        io(reports),
      );
    });

  const report = cli
    .command('report')
    .description("write a stored run's reports from its latest comparison, without calling any model")
    .argument(...runArgument);
  addFlags(report, [FLAGS.db, ...REPORT_FLAGS])
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
      const reports = reportPaths(opts);
      process.exitCode = await reportCommand({ run, db: opts.db, ...reports }, io(reports));
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

  const importing = cli
    .command('import')
    .description('store a recording (JSONL outputs or OpenAI-style logs) as a run of one target')
    .argument('<suite>', 'suite YAML file')
    .requiredOption('--target <name>', 'the target the outputs belong to, e.g. the retired baseline')
    .requiredOption('--from <file>', 'recording file (.jsonl), relative to the current folder');
  addFlags(importing, [FLAGS.db])
    .addHelpText('after', '\nExample:\n  pinned import suites/support.yaml --target gpt-4-0314 --from logs/gpt-4-0314.jsonl')
    .action(async (suite: string, opts) => {
      const { importCommand } = await import('./commands/import.js');
      process.exitCode = await importCommand({ suite, target: opts.target, from: opts.from, db: opts.db }, io());
    });

  cli
    .command('merge')
    .description('combine the databases of shard runs (pinned run --shard I/N) into one run that compares like an unsharded run')
    .argument('<out>', 'database to write the merged run to (created if needed)')
    .argument('<inputs...>', 'shard databases, one per shard')
    .addHelpText(
      'after',
      '\nExample:\n  pinned merge merged.db shard-1.db shard-2.db shard-3.db shard-4.db && pinned compare --db merged.db',
    )
    .action(async (out: string, inputs: string[]) => {
      const { mergeCommand } = await import('./commands/merge.js');
      process.exitCode = mergeCommand({ out, inputs }, io());
    });

  const runs = cli.command('runs').description('list the runs in the database').option('--json', 'print JSON instead of a table');
  addFlags(runs, [FLAGS.db])
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
    if (error instanceof CommanderError) {
      // commander has printed its own message already.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const { describeError } = await import('./terminal/describe-error.js');
    process.stderr.write(`${describeError(error)}\n`);
    process.exitCode = errorExitCode(error);
  }
}

void main(process.argv);
