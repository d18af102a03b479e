import { SUITE_SCHEMA_URL } from './json-schema.js';

// What `pinned init` writes. Kept as text (not generated YAML) so the comments that teach the
// format survive; the init test proves the suite passes `pinned validate` and the JSON Schema.

export const STARTER_SUITE_PATH = 'suites/starter.yaml';
export const WORKFLOW_PATH = '.github/workflows/pinned.yml';
export const GITIGNORE_ENTRIES = ['.pinned/', 'reports/'];

export const STARTER_SUITE = `# yaml-language-server: $schema=${SUITE_SCHEMA_URL}
# (with pinned installed in this project, ../node_modules/pinned/schema/suite.schema.json works offline)
#
# A starter pinned suite: can a newer model replace the one your software is pinned to?
#   pinned validate ${STARTER_SUITE_PATH}    checks this file; sends nothing
#   pinned estimate ${STARTER_SUITE_PATH}    requests, tokens and cost per target; sends nothing
#   pinned run ${STARTER_SUITE_PATH}         runs every case on both targets and compares them
# Every output is kept in .pinned/pinned.db: running again resumes and reuses what is there.
name: starter
description: Replace these cases with the prompts your software really sends.

baseline: gpt-4-0314          # the pinned snapshot every candidate is compared with
candidates: [gpt-4.1]         # models that might replace it

targets:
  gpt-4-0314:
    model: gpt-4-0314
    # Retired at OpenAI; aggregators such as CometAPI still serve it over the same API.
    base_url: \${COMETAPI_BASE_URL:-https://api.cometapi.com/v1}
    api_key_env: COMETAPI_KEY  # the NAME of the variable holding the key, never the key itself
    samples: 2                 # two answers per case measure the baseline's own run-to-run noise
    # price: { input: 24, output: 48 }   # USD per million tokens, if your provider's differs from the list price
  gpt-4.1:
    model: gpt-4.1
    base_url: \${COMETAPI_BASE_URL:-https://api.cometapi.com/v1}
    api_key_env: COMETAPI_KEY
    # Or straight from OpenAI: drop base_url and write api_key_env: OPENAI_API_KEY

defaults:
  system: You are the support assistant of {{company}}. Be concise and friendly.
  vars: { company: Acme }
  params: { temperature: 0, max_tokens: 300 }   # sent exactly as written; max_tokens also bounds cost estimates

gate:                          # when a candidate may replace the baseline
  max_regression_rate: 0.05
  min_equivalence_rate: 0.9
  critical_tags: [billing]     # any regression on these cases keeps the baseline pinned

cases:
  # A free-text reply, compared with the baseline's own noise, plus a check it must pass.
  - id: refund-window
    prompt: "A customer asks: {{question}}"
    vars: { question: Can I get a refund 45 days after delivery? }
    tags: [billing]
    assert:
      - icontains: refund

  # A label: only the label matters, not the wording around it.
  - id: route-ticket
    messages:
      - { role: system, content: "Classify the message. Answer with one word: billing, shipping, account or other." }
      - { role: user, content: "{{text}}" }
    vars: { text: My parcel was supposed to arrive on Monday and it still has not. }
    compare: { kind: label, labels: [billing, shipping, account, other] }

  # JSON: the fields that must match, and the shape every answer must have.
  - id: extract-order
    prompt: >-
      Extract order_id and quantity from this message as a JSON object with exactly those
      keys. Output only the JSON. Message: "{{message}}"
    vars: { message: "I ordered 3 Trail Mugs (order A-33817) and one arrived cracked." }
    compare: { kind: json, keys: [order_id, quantity] }
    assert:
      - json-schema: { type: object, required: [order_id, quantity] }

  # More cases from a file: one per row of a .jsonl, .csv or .yaml next to this suite.
  # - file: cases/tickets.csv
  #   prompt: "A customer writes: {{text}}"
`;

export const WORKFLOW = `# .github/workflows/pinned.yml: runs the pinned suite on every pull request. It fails when a
# candidate must stay pinned (exit 1), when cells lack outputs (4) or the suite is wrong (2).
# Not enough evidence yet (exit 3, review) is a warning, not a failure: a new suite is smaller
# than its gate needs to say "replaceable" (pinned validate says how many cases it needs).
# On a pull request it posts the summary as one comment, updated on each push, that says what
# changed since main. pinned is a devDependency installed from git and pinned in
# package-lock.json; \`npx --no\` runs that copy and never fetches a package of the same name
# from the npm registry.
name: pinned
on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  checks: write # the JUnit report becomes a check run
  pull-requests: write # the summary becomes a comment on the pull request
jobs:
  pinned:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 22, cache: npm }
      - run: npm ci
      # Outputs of identical requests are reused from earlier runs: keep the database between them.
      # A pull request restores main's cache, whose .pinned/main.db is what "since main" compares with.
      - uses: actions/cache@v4
        with:
          path: .pinned
          key: pinned-\${{ hashFiles('suites/**') }}-\${{ github.run_id }}
          restore-keys: pinned-
      - name: Run the suite (its exit code is the gate)
        run: |
          set +e
          since=()
          if [ -f .pinned/main.db ] && [ "$GITHUB_REF" != refs/heads/main ]; then since=(--since-db .pinned/main.db); fi
          npx --no pinned run ${STARTER_SUITE_PATH} --no-progress --max-cost 5 "\${since[@]}" \\
            --html reports/pinned.html --md "$GITHUB_STEP_SUMMARY" --comment reports/comment.md \\
            --junit reports/pinned.xml --json reports/comparison.json
          code=$?
          if [ "$GITHUB_REF" = refs/heads/main ] && [ -f .pinned/pinned.db ]; then cp .pinned/pinned.db .pinned/main.db; fi
          if [ "$code" -eq 3 ]; then
            echo "::warning title=pinned needs more evidence::a candidate is 'review': the run above says how many cases would settle it; add cases, expected: answers or assertions to ${STARTER_SUITE_PATH}"
            exit 0
          fi
          exit "$code"
        env:
          COMETAPI_KEY: \${{ secrets.COMETAPI_KEY }}
      - name: Upload the reports
        if: always()
        uses: actions/upload-artifact@v4
        with: { name: pinned-reports, path: reports/ }
      - name: Publish the verdicts as test results
        if: always()
        uses: mikepenz/action-junit-report@v5
        with: { report_paths: reports/pinned.xml }
      # One comment per suite, found by its first line (a marker) and updated on each push.
      - name: Comment on the pull request
        if: always() && github.event_name == 'pull_request'
        env:
          GH_TOKEN: \${{ github.token }}
          PR: \${{ github.event.pull_request.number }}
        run: |
          [ -f reports/comment.md ] || exit 0
          api="$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/issues"
          marker=$(head -n 1 reports/comment.md)
          body=$(jq -Rs '{body: .}' reports/comment.md)
          call() { curl -fsS -H "Authorization: Bearer $GH_TOKEN" -H "Accept: application/vnd.github+json" "$@"; }
          id="" page=1
          while [ -z "$id" ]; do
            comments=$(call "$api/$PR/comments?per_page=100&page=$page")
            id=$(jq -r --arg marker "$marker" 'map(select(.body | startswith($marker))) | .[0].id // empty' <<<"$comments")
            [ "$(jq length <<<"$comments")" -eq 100 ] || break
            page=$((page + 1))
          done
          if [ -n "$id" ]; then
            call -X PATCH "$api/comments/$id" -d "$body" >/dev/null
          else
            call -X POST "$api/$PR/comments" -d "$body" >/dev/null
          fi
`;
