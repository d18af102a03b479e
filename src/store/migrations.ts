import type { Database } from 'better-sqlite3';
import { StoreError } from '../errors.js';

/**
 * The schema, one step per version: `migrations[0]` brings an empty file to version 1, and so on.
 * Steps are append-only: once released, a step is never edited; a change is a new step.
 *
 * Enum-like text columns (kind, status, role, source) carry no CHECK constraint on purpose:
 * SQLite cannot alter a constraint without rebuilding the table, and later versions will add
 * values. Booleans do, since they will never be anything but 0 or 1.
 */
export const migrations: readonly string[] = [
  /* 1: suites, runs, cells and the responses they point to */ `
  CREATE TABLE suites (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    yaml TEXT NOT NULL,
    files TEXT NOT NULL, -- JSON: included files by relative path
    settings TEXT NOT NULL DEFAULT '{}', -- JSON: gate, judge and embeddings (no secrets)
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE cases (
    suite_hash TEXT NOT NULL REFERENCES suites(hash),
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    messages TEXT NOT NULL, -- JSON
    vars TEXT NOT NULL, -- JSON
    tags TEXT NOT NULL, -- JSON
    description TEXT,
    compare TEXT NOT NULL DEFAULT '{"kind":"text"}', -- JSON: CompareSpec
    assertions TEXT NOT NULL DEFAULT '[]', -- JSON: Assertion[]
    PRIMARY KEY (suite_hash, id)
  ) STRICT;

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    suite_hash TEXT NOT NULL REFERENCES suites(hash),
    suite_name TEXT NOT NULL,
    suite_path TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    tool_version TEXT NOT NULL,
    options TEXT NOT NULL, -- JSON
    provenance TEXT, -- JSON
    total_cells INTEGER NOT NULL,
    pid INTEGER,
    host TEXT
  ) STRICT;
  CREATE INDEX runs_by_suite ON runs (suite_hash, kind, id);

  CREATE TABLE run_targets (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL, -- order given at creation: baseline first
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    config TEXT NOT NULL, -- JSON, secrets redacted
    PRIMARY KEY (run_id, name)
  ) STRICT;

  CREATE TABLE requests (
    hash TEXT PRIMARY KEY,
    spec TEXT NOT NULL -- JSON: the RequestSpec, as sent
  ) STRICT;

  CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    request_hash TEXT NOT NULL REFERENCES requests(hash),
    sample INTEGER NOT NULL,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    output TEXT,
    finish_reason TEXT,
    model TEXT,
    system_fingerprint TEXT,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    total_tokens INTEGER,
    usage TEXT, -- JSON of the provider's raw usage; NULL only when there was no usage at all
    latency_ms REAL,
    attempts INTEGER NOT NULL,
    error_kind TEXT,
    error_status INTEGER,
    error_code TEXT,
    error_message TEXT,
    source TEXT NOT NULL,
    provenance TEXT, -- JSON
    created_at TEXT NOT NULL
  ) STRICT;
  -- Partial: the cache only ever asks for successful responses, newest (highest id) first.
  CREATE INDEX responses_cache ON responses (request_hash, sample, id) WHERE ok = 1;

  -- No foreign key to run_targets: a resumed run may bring a target its creation did not list.
  CREATE TABLE cells (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    case_id TEXT NOT NULL,
    sample INTEGER NOT NULL,
    request_hash TEXT NOT NULL REFERENCES requests(hash),
    response_id INTEGER REFERENCES responses(id),
    status TEXT NOT NULL,
    reused INTEGER NOT NULL CHECK (reused IN (0, 1)),
    error TEXT,
    PRIMARY KEY (run_id, target, case_id, sample)
  ) STRICT;

  -- A comparison of a run's candidates with a baseline (of the same run, or of another one).
  CREATE TABLE comparisons (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    baseline_run_id INTEGER NOT NULL REFERENCES runs(id),
    baseline_target TEXT NOT NULL,
    created_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    summary TEXT NOT NULL -- JSON: gate, candidates, decisions, helper usage
  ) STRICT;
  CREATE INDEX comparisons_by_run ON comparisons (run_id, id);

  CREATE TABLE verdicts (
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    candidate TEXT NOT NULL,
    case_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
    unstable INTEGER NOT NULL CHECK (unstable IN (0, 1)),
    similarity REAL,
    detail TEXT NOT NULL, -- JSON: the whole CaseComparison
    PRIMARY KEY (comparison_id, candidate, case_id)
  ) STRICT;

  -- Embeddings of output texts, so a comparison never pays twice for the same text.
  CREATE TABLE embeddings (
    endpoint TEXT NOT NULL,
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL, -- float32, little-endian
    tokens INTEGER,
    created_at TEXT NOT NULL,
    PRIMARY KEY (endpoint, model, text_hash)
  ) STRICT;
  `,
  /* 2, batches: jobs submitted to a provider's Batch API, so an interrupted run polls them again instead of resubmitting */ `
  CREATE TABLE batches (
    id TEXT NOT NULL, -- the provider's batch id
    endpoint TEXT NOT NULL, -- base URL: a batch id means something only there
    target TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL, -- the run that submitted it
    input_file_id TEXT NOT NULL,
    status TEXT NOT NULL, -- 'pending' until its results are stored, then the provider's final status
    lines TEXT NOT NULL, -- JSON: [{customId, caseId, sample, requestHash}]
    submitted_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (endpoint, id)
  ) STRICT;
  CREATE INDEX batches_pending ON batches (endpoint, target) WHERE status = 'pending';
  `,
  /* 3, param_rewrites: what params_compat: auto changed in a target's params, and why */ `
  CREATE TABLE param_rewrites (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    param TEXT NOT NULL,
    action TEXT NOT NULL, -- renamed or dropped
    renamed_to TEXT,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, target, param)
  ) STRICT;
  `,
  /* 4, run_limits: how often the providers' rate limits bit each target, summed over the run's invocations */ `
  CREATE TABLE run_limits (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    rate_limited INTEGER NOT NULL, -- 429 answers
    paused_ms REAL NOT NULL, -- held by 429s and spent x-ratelimit windows
    concurrency INTEGER NOT NULL, -- as the suite set it
    lowest_concurrency INTEGER NOT NULL, -- the lowest the 429s brought it to
    PRIMARY KEY (run_id, target)
  ) STRICT;
  `,
  /* 5, cases.expected: the case's right answer (expected:), which the comparison checks both sides against */ `
  ALTER TABLE cases ADD COLUMN expected TEXT; -- JSON: the value as the compare kind reads it; NULL when the case gives none
  `,
  /* 6, verifications: whether an endpoint that names a snapshot behaved like recordings of it (pinned verify) */ `
  CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, -- the run of kind 'verify' that holds the answers
    target TEXT NOT NULL,
    model TEXT NOT NULL, -- the model the target asks for, and where: what a later run's baseline is matched on
    base_url TEXT NOT NULL,
    snapshot TEXT NOT NULL, -- the snapshot the reference records
    reference_file TEXT NOT NULL,
    reference_sha256 TEXT NOT NULL,
    prompts INTEGER NOT NULL, -- K: prompts tested
    seed INTEGER NOT NULL, -- draws the same prompts again
    alpha REAL NOT NULL,
    outcome TEXT NOT NULL, -- no-detectable-difference or inconsistent
    paired_p REAL, -- NULL when the reference has one recording per prompt
    style_p REAL,
    summary TEXT NOT NULL, -- the result in words, as printed
    detail TEXT NOT NULL, -- JSON: the test figures, warnings, the model names the endpoint reported, when the answers were given
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX verifications_by_endpoint ON verifications (model, base_url, id);
  `,
  /* 7, responses.tool_calls and responses.refusal: outputs are text, refusal and tool calls, stored as such */ `
  ALTER TABLE responses ADD COLUMN tool_calls TEXT; -- JSON: [{id, name, arguments}] in the order the model made them (arguments as written, valid JSON or not); NULL when none
  ALTER TABLE responses ADD COLUMN refusal TEXT; -- the API's refusal field, when the model refused through it (output holds the same text)
  `,
  /* 8, cases.params: a case's own request parameters (its tools, tool_choice...), sent over each target's */ `
  ALTER TABLE cases ADD COLUMN params TEXT; -- JSON; NULL when the case sets none
  `,
  /* 9, conversations: a case's user turns, a response's answers turn by turn, and each request of a conversation as it is answered */ `
  ALTER TABLE cases ADD COLUMN turns TEXT; -- JSON: [{user, toolResults, assert, expected}]; NULL for a single request
  ALTER TABLE responses ADD COLUMN turns TEXT; -- JSON: [{output, refusal, toolCalls, finishReason, requests, ended}]; NULL for a single request
  -- The requests of a conversation cell, kept as each is answered: a resumed run continues at the one it stopped at.
  CREATE TABLE conversation_steps (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    case_id TEXT NOT NULL,
    sample INTEGER NOT NULL,
    step INTEGER NOT NULL, -- 0-based: every request of the conversation, tool rounds included
    request_hash TEXT NOT NULL REFERENCES requests(hash),
    response_id INTEGER NOT NULL REFERENCES responses(id),
    PRIMARY KEY (run_id, target, case_id, sample, step)
  ) STRICT;
  `,
  /* 10, deciding while running: evidence kept as answers arrive, and candidates a run stopped sending early */ `
  -- Per-case evidence (metrics, assertions) by a hash of what it is computed from: the case's checks and the outputs.
  -- Any run with the same outputs reuses it, so a resumed run does not compute it again.
  CREATE TABLE kept_evidence (
    key TEXT PRIMARY KEY,
    evidence TEXT NOT NULL, -- JSON: compare/case-evidence.ts SideEvidence or PairEvidence
    created_at TEXT NOT NULL -- when it was last computed
  ) STRICT;
  -- The sequential rule's decision on a candidate (--stop-early): the run sent it nothing more.
  CREATE TABLE early_stops (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    candidate TEXT NOT NULL,
    stop TEXT NOT NULL, -- JSON: compare/types.ts EarlyStop
    PRIMARY KEY (run_id, candidate)
  ) STRICT;
  `,
];

export const schemaVersion = migrations.length;

/**
 * Brings the database up to `schemaVersion`. The whole check-and-apply happens under one
 * write lock, so two processes opening a fresh file at once cannot both migrate it.
 */
export function migrate(db: Database, path: string): void {
  const apply = db.transaction(() => {
    let current = readVersion(db, path);
    if (current === undefined) {
      db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
      current = 0;
    }
    refuseNewer(current, path);
    const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
    for (let version = current + 1; version <= schemaVersion; version++) {
      db.exec(migrations[version - 1]!);
      record.run(version, new Date().toISOString());
    }
  });
  apply.immediate();
}

/**
 * For a command that only reads: the database must be at this pinned's version already, since
 * migrating it would write. `command` names the command in the message.
 */
export function requireCurrentSchema(db: Database, path: string, command: string): void {
  const current = readVersion(db, path) ?? 0;
  refuseNewer(current, path);
  if (current < schemaVersion) {
    throw new StoreError(
      'STORE_VERSION',
      `${path} was written by an older pinned (database schema version ${current}; this pinned reads version ${schemaVersion}). ` +
        `pinned ${command} only reads it and does not migrate it: a command that writes to it (pinned run, import, or compare) migrates it first, ` +
        'or use the pinned that wrote it.',
    );
  }
}

function refuseNewer(current: number, path: string): void {
  if (current > schemaVersion) {
    throw new StoreError(
      'STORE_VERSION',
      `${path} was written by a newer pinned (database schema version ${current}, this pinned knows up to ${schemaVersion}). Upgrade pinned to use this database.`,
    );
  }
}

/** One row per applied step, so the file itself tells when each version arrived; undefined for an empty file. */
function readVersion(db: Database, path: string): number | undefined {
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
  if (!tables.includes('schema_version')) {
    // Refuse to add our tables to some other program's database.
    if (tables.length > 0) throw new StoreError('STORE_OPEN', `${path} is a SQLite database, but not one of pinned's`);
    return undefined;
  }
  return db.prepare<[], number | null>('SELECT MAX(version) FROM schema_version').pluck().get() ?? 0;
}
