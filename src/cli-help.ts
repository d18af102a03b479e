// What `pinned <command> --help` prints after the options: examples first, then exit codes.
// Every command has examples (a test checks it).

export const HELP = {
  pinned: `
Examples:
  pinned init                                  # a starter suite, CI workflow and .gitignore entries
  pinned run suites/example.yaml               # runs offline: recorded outputs, no key needed
  pinned estimate suites/starter.yaml          # requests, tokens and cost before sending anything
  pinned verify suites/starter.yaml --target gpt-4-0314 --reference recordings.jsonl   # is the baseline the snapshot?
  pinned <command> --help                      # options and examples of one command`,
  run: `
Examples:
  pinned run suites/example.yaml
  pinned run suites/support.yaml --max-cost 5        # exit 2, nothing sent, if it would cost more
  pinned run suites/support.yaml --md "$GITHUB_STEP_SUMMARY" --junit reports/pinned.xml
  pinned run suites/support.yaml --only baseline --concurrency 16   # stores outputs; not compared
  pinned run suites/support.yaml --samples 3 --new
  pinned run suites/support.yaml --shard 2/4 --db shard-2.db
  pinned run suites/support.yaml --batch       # PINNED_BATCH_POLL_MS sets the first poll interval
  pinned run suites/support.yaml --stop-early --seed 7   # stops sending a candidate once it is decided
  pinned run suites/support.yaml --since-db main.db --md summary.md   # the summary leads with what changed
Exit codes: 0 gate passed, 1 gate failed (a candidate is keep-pinned), 2 suite or usage error,
3 inconclusive (review), 4 cells failed or missing (rerun to retry them), 130 interrupted.`,
  estimate: `
Input tokens are counted with the model's tokenizer; output tokens are the mean of this target's
stored outputs, else max_tokens / max_completion_tokens (an upper bound). Cells already done or
answered by a stored identical request are free. Prices: the target's price:, else pinned's table.

Examples:
  pinned estimate suites/support.yaml
  pinned estimate suites/support.yaml --only candidates --samples 3
  pinned estimate suites/support.yaml --json > estimate.json`,
  init: `
Writes suites/starter.yaml (baseline gpt-4-0314 through an OpenAI-compatible aggregator, one
candidate, three example cases), .github/workflows/pinned.yml, and .pinned/ and reports/ in
.gitignore. Existing files are left as they are and listed as skipped.

Examples:
  pinned init
  pinned init my-service`,
  compare: `
Examples:
  pinned compare                       # the latest run
  pinned compare 7 --json comparison.json
  pinned compare 7 --against 4:gpt-4-0314   # candidates of run 7 against an imported baseline
  pinned compare 7 --since 5           # new regressions, fixed ones and verdicts that moved since run 5
  pinned compare --since-db main.db    # since the latest compared run of this suite in main's database
Exit codes: 0 gate passed, 1 gate failed, 2 usage error, 3 inconclusive, 4 cases without outputs.`,
  report: `
Examples:
  pinned report                        # the latest run's HTML report, in reports/
  pinned report 7 --md summary.md --junit pinned.xml --json comparison.json
Exit codes: 0 reports written (not a gate: pinned compare exits with the gate's code), 2 usage error.`,
  validate: `
Loads the suite as a run would and lists every problem as file:line:col (exit 2), plus warnings,
the environment variables it reads (and where each is sent) and the key variables that are not
set (exit 0). Sends no request and writes no file of its own.

A suite with javascript: assertions executes code: validate imports each module (running
whatever it does when loaded), and run and compare call its function on every output. Only
modules in the suite's folder are loaded, unless the suite says allow_outside_modules: true.
Validate a suite from someone else only as you would run their code.

Example:
  pinned validate suites/example.yaml`,
  import:
    '\nExamples:\n  pinned import suites/support.yaml --target gpt-4-0314 --from logs/gpt-4-0314.jsonl\n' +
    '  pinned import suites/support.yaml --from logs/prod-2025-06.jsonl --cases suites/cases/prod.jsonl --sample 200 --tag-by route\n' +
    "      (the log becomes cases in suites/cases/prod.jsonl, added to the suite, and the baseline's recorded outputs, in one step)",
  verify: `
Draws K prompts of the reference (printing the seed), sends each with the recorded messages and
the reference's settings exactly, and tests whether the answers are further from the recordings
than a second recording is (needs two recordings per prompt) or differ in style. The result is
stored with the target: pinned run and every report show it beside a baseline with that model
and base_url. It claims no more than the data: "no detectable difference at K = 50", never
"verified".

Examples:
  pinned verify suites/support.yaml --target gpt-4-0314 --reference recordings/gpt-4-0314.jsonl
  pinned verify suites/support.yaml --target gpt-4-0314 --reference logs.jsonl --prompts 100 --seed 4242 --json verify.json
  pinned verify suites/support.yaml --target gpt-4-0314 --reference cases.jsonl --temperature 0.7 --max-tokens 1024
  pinned verify suites/support.yaml --target gpt-4-0314 --reference logs.jsonl --no-cache --max-cost 2   # nightly in CI
Exit codes: 0 no detectable difference, 1 inconsistent with the recordings, 2 usage, suite or
reference error, 3 not comparable (decoding settings differ) or too few prompts, 4 prompts left
without answers by API errors (rerun to resume), 130 interrupted.`,
  merge: '\nExample:\n  pinned merge merged.db shard-1.db shard-2.db shard-3.db shard-4.db && pinned compare --db merged.db',
  review: `
Walks the cases no check settles (unconfirmed, changed, drifted, regressed; critical and worst
first) on a terminal: the verdict and its reasons, baseline and candidate side by side with the
word diff, then one key: a accept (as good), r reject (worse), s skip, n note, q quit. Each review
goes to the review file next to the suite (support.yaml -> support.reviews.yaml) at once, keyed
by both outputs' hashes: when either output changes, the review lapses and the case is asked
again. Commit the file; pinned compare applies it (equivalent or regressed by review).

Examples:
  pinned review                        # the latest run, on a terminal
  pinned review 7 --accept password-reset --candidate gpt-4.1 --note "both steps work"
  pinned review 7 --reject lost-suitcase-key --candidate gpt-4o --by "Ada Lovelace"
Exit codes: 0 reviews written (or nothing to review), 2 usage error (not a terminal without --accept/--reject).`,
  runs: '\nLists each run with its cost and the decision per candidate of its latest comparison.\n\nExample:\n  pinned runs --db .pinned/pinned.db',
} satisfies Record<string, string>;
