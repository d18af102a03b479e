import { FaultBook, checkFaultRules } from './fault-book.js';
import type { StoredBatch, StoredFile, RateEntry, RecordedRequest, TestServerOptions, TestServerStats } from './types.js';
import { fnv1a, mulberry32 } from './hash.js';
import { checkRecordings, indexRecordings, readRecordingsFile, type RecordingIndex } from './recordings.js';

/** Everything one server instance mutates; handlers receive it instead of closing over it. */
export interface ServerState {
  options: TestServerOptions;
  faults: FaultBook;
  stats: TestServerStats;
  requests: RecordedRequest[];
  inFlightByModel: Map<string, number>;
  seenModels: Set<string>;
  /** Feeds `x-request-id` and completion ids. */
  nextId: number;
  /** Chat requests that reached the reply stage; passed to `respond` as ctx.request. */
  chatIndex: number;
  /** Latency timers, cleared by close() so a closed server keeps no event-loop work. */
  timers: Set<NodeJS.Timeout>;
  /** Batch API: uploaded and result files, batches by id. */
  files: Map<string, StoredFile>;
  batches: Map<string, StoredBatch>;
  /** Rolls which batch lines fail (batchFailRate); restarted by configure like the fault rolls. */
  batchFailRoll: () => number;
  /** Batch creations answered by a dropped connection so far (batchDropCreateAnswers). */
  droppedCreates: number;
  /** Requests admitted per model under `rateLimits`, oldest first. */
  rateWindows: Map<string, RateEntry[]>;
  /** `recordings` and `recordingsFile` indexed, with the rotation's counters; rebuilt by configure. */
  recordings: RecordingIndex;
}

// Models seen are listed by GET /v1/models; the cap keeps a long benchmark with generated
// model names from growing memory without bound.
const MAX_SEEN_MODELS = 1000;

export function createState(options: TestServerOptions): ServerState {
  checkOptions(options);
  return {
    options: { ...options },
    faults: new FaultBook(options.faults ?? [], options.seed ?? 1),
    stats: {
      requests: 0,
      completions: 0,
      inFlight: 0,
      maxInFlight: 0,
      maxInFlightByModel: {},
      byStatus: {},
      byModel: {},
      batches: 0,
      files: 0,
      batchLines: 0,
    },
    requests: [],
    inFlightByModel: new Map(),
    seenModels: new Set(),
    nextId: 1,
    chatIndex: 0,
    timers: new Set(),
    files: new Map(),
    batches: new Map(),
    batchFailRoll: batchRoll(options.seed ?? 1),
    droppedCreates: 0,
    rateWindows: new Map(),
    recordings: buildRecordings(options),
  };
}

function buildRecordings(options: TestServerOptions): RecordingIndex {
  const file = options.recordingsFile === undefined ? [] : readRecordingsFile(options.recordingsFile);
  return indexRecordings([...(options.recordings ?? []), ...file]);
}

function batchRoll(seed: number): () => number {
  return mulberry32(fnv1a('batch', seed));
}

export function configureState(state: ServerState, partial: Partial<TestServerOptions>): void {
  checkOptions(partial);
  const next = { ...state.options };
  for (const [key, value] of Object.entries(partial)) {
    if (key === 'port' || key === 'host') continue; // the socket is already bound
    (next as Record<string, unknown>)[key] = value;
  }
  state.options = next;
  if ('faults' in partial || 'seed' in partial) state.faults = new FaultBook(next.faults ?? [], next.seed ?? 1);
  if ('batchFailRate' in partial || 'seed' in partial) state.batchFailRoll = batchRoll(next.seed ?? 1);
  if ('batchDropCreateAnswers' in partial) state.droppedCreates = 0;
  if ('recordings' in partial || 'recordingsFile' in partial) state.recordings = buildRecordings(next);
}

/** Resets counters in place; requests still in flight stay counted so the gauge stays exact. */
export function resetStats(state: ServerState): void {
  const { stats } = state;
  stats.requests = 0;
  stats.completions = 0;
  stats.maxInFlight = stats.inFlight;
  stats.byStatus = {};
  stats.byModel = {};
  stats.maxInFlightByModel = {};
  stats.batches = 0;
  stats.files = 0;
  stats.batchLines = 0;
  for (const [model, count] of state.inFlightByModel) if (count > 0) stats.maxInFlightByModel[model] = count;
}

export function noteModel(state: ServerState, model: string): void {
  if (state.seenModels.size < MAX_SEEN_MODELS) state.seenModels.add(model);
}

/** Throws on options a caller could only have gotten wrong, e.g. over the control API. */
function checkOptions(options: Partial<TestServerOptions>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError('options must be an object');
  }
  const o = options as Record<string, unknown>;
  for (const key of ['port', 'latencyMs', 'seed', 'batchDelayMs', 'batchFailRate', 'batchDropCreateAnswers'] as const) {
    if (o[key] !== undefined && (typeof o[key] !== 'number' || !Number.isFinite(o[key]))) {
      throw new TypeError(`${key} must be a number`);
    }
  }
  if (o.respond !== undefined && typeof o.respond !== 'function') throw new TypeError('respond must be a function');
  if (o.latencyByModel !== undefined) checkRecord(o.latencyByModel, 'latencyByModel', (v) => typeof v === 'number');
  if (o.rejectParams !== undefined) {
    checkRecord(o.rejectParams, 'rejectParams', (v) => Array.isArray(v) && v.every((p) => typeof p === 'string'));
  }
  if (o.script !== undefined) {
    const ok =
      Array.isArray(o.script) &&
      o.script.every((r) => typeof r === 'object' && r !== null && (typeof r.content === 'string' || Array.isArray(r.tool_calls)));
    if (!ok) throw new TypeError('script must be an array of { model?, contains?, content } or { model?, contains?, tool_calls }');
  }
  if (o.faults !== undefined) checkFaultRules(o.faults);
  if (o.rateLimits !== undefined) checkRateLimits(o.rateLimits);
  if (o.recordings !== undefined) checkRecordings(o.recordings);
  if (o.recordingsFile !== undefined && typeof o.recordingsFile !== 'string') throw new TypeError('recordingsFile must be a path');
  for (const key of ['serveAs', 'responseModel'] as const) {
    if (o[key] !== undefined) checkRecord(o[key], key, (v) => typeof v === 'string');
  }
  if (o.systemFingerprint !== undefined) checkRecord(o.systemFingerprint, 'systemFingerprint', (v) => typeof v === 'string' || v === null);
}

function checkRecord(value: unknown, name: string, valid: (v: unknown) => boolean): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every(valid)) {
    throw new TypeError(`${name} has an invalid value`);
  }
}

function checkRateLimits(value: unknown): void {
  const valid =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(
      (rule) =>
        typeof rule === 'object' &&
        rule !== null &&
        ['rpm', 'tpm', 'windowMs'].every((key) => rule[key] === undefined || (typeof rule[key] === 'number' && rule[key] > 0)),
    );
  if (!valid) throw new TypeError('rateLimits must map model names to { rpm?, tpm?, windowMs?, headers? } with positive numbers');
}
