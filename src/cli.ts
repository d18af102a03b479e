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
  SINCE_FLAGS,
  sinceOption,
  resumeCommand,
  VERIFY_FLAGS,
  IMPORT_FLAGS,
  verifyResumeCommand,
} from './cli-options.js';
import { STDOUT } from './report/stdout.js';
import type { ReportPaths } from './report/write-reports.js';
import { errorExitCode, EXIT } from './exit-codes.js';
import { displayPath } from './suite/display-path.js';
import type { Io } from './terminal/io.js';
import { HELP } from './cli-help.js';
import { terminalSafe } from './terminal/safe-text.js';
import { toolVersion } from './version.js';
import { limitHeapGrowth } from './heap-growth.js';

/** The terminal; with a report going to stdout ('-'), everything else printed goes to stderr. */
function io(reports?: ReportPaths): Io {
  const line = (stream: NodeJS.WriteStream) => (text: string) => stream.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`));
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
    .addHelpText('after', HELP['pinned'])
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
    FLAGS.stopEarly,
    FLAGS.noStopEarly,
    FLAGS.seed,
    ...REPORT_FLAGS,
    FLAGS.noHtml,
    ...GATE_FLAGS,
    ...SINCE_FLAGS,
  ])
    .addHelpText('after', HELP['run'])
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
          ...(opts.stopEarly !== undefined && { stopEarly: opts.stopEarly as boolean }),
          ...(opts.seed !== undefined && { seed: opts.seed as number }),
          ...reports,
          html: opts.html,
          gate: gateOverrides(opts),
          since: sinceOption(opts),
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
    .addHelpText('after', HELP['estimate'])
    .action(async (suite: string, opts) => {
      const { estimateCommand } = await import('./commands/estimate.js');
      process.exitCode = await estimateCommand({ suite, db: opts.db, json: opts.json, ...planOptions(opts) }, io());
    });

  cli
    .command('init')
    .description('write a starter suite, a GitHub Actions workflow and .gitignore entries; never overwrites')
    .argument('[dir]', 'project folder (default: the current folder)')
    .addHelpText('after', HELP['init'])
    .action(async (dir: string | undefined) => {
      const { initProject } = await import('./commands/init.js');
      process.exitCode = await initProject({ dir }, io());
    });

  const compare = cli
    .command('compare')
    .description("compare a stored run's candidates with the baseline: verdicts per case, a decision per candidate")
    .argument(...runArgument)
    .option('--against <run[:target]>', "take the baseline's outputs from another run, e.g. an import: 4 or 4:gpt-4-0314");
  addFlags(compare, [FLAGS.db, ...REPORT_FLAGS, ...GATE_FLAGS, ...SINCE_FLAGS])
    .addHelpText('after', HELP['compare'])
    .action(async (run: number | undefined, opts) => {
      const { compareCommand } = await import('./commands/compare.js');
      const reports = reportPaths(opts);
      process.exitCode = await compareCommand(
        {
          run,
          db: opts.db,
          against: opts.against,
          reports,
          gate: gateOverrides(opts),
          since: sinceOption(opts),
          signal: interruptSignal(),
        },
        io(reports),
      );
    });

  const report = cli
    .command('report')
    .description("write a stored run's reports from its latest comparison, without calling any model")
    .argument(...runArgument);
  addFlags(report, [FLAGS.db, ...REPORT_FLAGS])
    .addHelpText('after', HELP['report'])
    .action(async (run: number | undefined, opts) => {
      const { reportCommand } = await import('./commands/report.js');
      const reports = reportPaths(opts);
      process.exitCode = await reportCommand({ run, db: opts.db, ...reports }, io(reports));
    });

  cli
    .command('validate')
    .description('check a suite without running it: schema, cases, templating, targets, environment')
    .argument('<suite>', 'suite YAML file')
    .addHelpText('after', HELP['validate'])
    .action(async (suite: string) => {
      const { validateSuite } = await import('./commands/validate.js');
      process.exitCode = await validateSuite({ suite }, io());
    });

  const importing = cli
    .command('import')
    .description(
      'store a recording (JSONL outputs or OpenAI-style logs) as a run of one target; with --cases, create the cases from a log too',
    )
    .argument('<suite>', 'suite YAML file')
    .option('--target <name>', "the target the outputs belong to, e.g. the retired baseline (default: the suite's baseline)")
    .requiredOption('--from <file>', 'recording or log file (.jsonl), relative to the current folder');
  addFlags(importing, [...IMPORT_FLAGS, FLAGS.db])
    .addHelpText('after', HELP['import'])
    .action(async (suite: string, opts) => {
      const { importCommand } = await import('./commands/import.js');
      process.exitCode = await importCommand(
        {
          suite,
          from: opts.from,
          ...(opts.target !== undefined && { target: opts.target }),
          ...(opts.db !== undefined && { db: opts.db }),
          ...(opts.cases !== undefined && { cases: opts.cases }),
          ...(opts.sample !== undefined && { sample: opts.sample }),
          ...(opts.seed !== undefined && { seed: opts.seed }),
          ...(opts.tagBy !== undefined && { tagBy: opts.tagBy }),
        },
        io(),
      );
    });

  const verify = cli
    .command('verify')
    .description('check that an endpoint naming a snapshot behaves like recordings of it (is the baseline really gpt-4-0314?)')
    .argument('<suite>', 'suite YAML file: the target is one of its endpoint targets')
    .requiredOption('--target <name>', 'the endpoint target to check, e.g. the baseline reached through an aggregator')
    .requiredOption('--reference <file>', 'recordings of the genuine snapshot (.jsonl), relative to the current folder');
  addFlags(verify, [...VERIFY_FLAGS, FLAGS.json, FLAGS.maxCost, FLAGS.db, FLAGS.new, FLAGS.cache, FLAGS.concurrency, FLAGS.progress])
    .addHelpText('after', HELP['verify'])
    .action(async (suite: string, opts) => {
      const { verifyCommand } = await import('./commands/verify.js');
      const suitePath = displayPath(resolve(suite));
      process.exitCode = await verifyCommand(
        {
          suite,
          target: opts.target,
          reference: opts.reference,
          prompts: opts.prompts,
          seed: opts.seed,
          alpha: opts.alpha,
          json: opts.json,
          maxCost: opts.maxCost,
          db: opts.db,
          new: opts.new === true,
          cache: opts.cache !== false,
          stated: {
            ...(opts.temperature !== undefined && { temperature: opts.temperature }),
            ...(opts.topP !== undefined && { top_p: opts.topP }),
            ...(opts.maxTokens !== undefined && { max_tokens: opts.maxTokens }),
          },
          concurrency: opts.concurrency,
          progress: opts.progress,
          signal: interruptSignal(),
          resumeCommand: (seed: number) => verifyResumeCommand(suitePath, opts, seed),
        },
        io(),
      );
    });

  cli
    .command('merge')
    .description('combine the databases of shard runs (pinned run --shard I/N) into one run that compares like an unsharded run')
    .argument('<out>', 'database to write the merged run to (created if needed)')
    .argument('<inputs...>', 'shard databases, one per shard')
    .addHelpText('after', HELP['merge'])
    .action(async (out: string, inputs: string[]) => {
      const { mergeCommand } = await import('./commands/merge.js');
      process.exitCode = mergeCommand({ out, inputs }, io());
    });

  const review = cli
    .command('review')
    .description("review the cases no check settles (accept, reject), kept in the suite's review file as evidence")
    .argument(...runArgument)
    .option('--accept <case>', "record that the candidate's answer on this case is as good as the baseline's (no terminal needed)")
    .option('--reject <case>', "record that the candidate's answer on this case is worse than the baseline's")
    .option('--candidate <name>', 'the candidate reviewed (needed when the run has several)')
    .option('--note <text>', 'why, in a few words: shown in every report with the verdict')
    .option('--by <name>', 'who reviews (default: git user.name <user.email>)');
  addFlags(review, [FLAGS.db])
    .addHelpText('after', HELP['review'])
    .action(async (run: number | undefined, opts) => {
      const { reviewCommand } = await import('./commands/review.js');
      const { default: pc } = await import('picocolors');
      const onTerminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      process.exitCode = await reviewCommand(
        {
          run,
          db: opts.db,
          accept: opts.accept,
          reject: opts.reject,
          candidate: opts.candidate,
          note: opts.note,
          by: opts.by,
          ...(onTerminal && {
            terminal: {
              input: process.stdin,
              write: (text: string) => process.stdout.write(terminalSafe(text)),
              colour: pc.isColorSupported,
            },
          }),
        },
        { ...io(), columns: process.stdout.columns || 80 },
      );
    });

  const runs = cli.command('runs').description('list the runs in the database').option('--json', 'print JSON instead of a table');
  addFlags(runs, [FLAGS.db])
    .addHelpText('after', HELP['runs'])
    .action(async (opts) => {
      const { listRuns } = await import('./commands/runs.js');
      process.exitCode = listRuns({ db: opts.db, json: opts.json }, io());
    });

  return cli;
}

async function main(argv: string[]): Promise<void> {
  limitHeapGrowth();
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its own message already.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const { describeError } = await import('./terminal/describe-error.js');
    process.stderr.write(terminalSafe(`${describeError(error)}\n`));
    process.exitCode = errorExitCode(error);
  }
}

void main(process.argv);
