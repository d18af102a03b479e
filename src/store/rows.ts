// Rows as SQLite returns them (snake_case, JSON as text, booleans as 0/1) and their mapping to
// the types other stages read.
import type { FailureKind, ToolCall, TurnOutput } from '../domain/outcome.js';
import type { ResponseRow, RunKind, RunRow, RunStatus } from './types.js';

export interface RunRecord {
  id: number;
  suite_hash: string;
  suite_name: string;
  suite_path: string;
  kind: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  tool_version: string;
  options: string;
  provenance: string | null;
  total_cells: number;
  pid: number | null;
  host: string | null;
}

export interface ResponseRecord {
  id: number;
  request_hash: string;
  sample: number;
  ok: number;
  output: string | null;
  finish_reason: string | null;
  model: string | null;
  system_fingerprint: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  usage: string | null;
  latency_ms: number | null;
  attempts: number;
  error_kind: string | null;
  error_status: number | null;
  error_code: string | null;
  error_message: string | null;
  source: string;
  provenance: string | null;
  created_at: string;
  tool_calls: string | null;
  refusal: string | null;
  turns: string | null;
}

// Spelled as a record so the compiler checks that no column of ResponseRecord is left out.
const responseColumnSet: Record<keyof ResponseRecord, true> = {
  id: true,
  request_hash: true,
  sample: true,
  ok: true,
  output: true,
  finish_reason: true,
  model: true,
  system_fingerprint: true,
  prompt_tokens: true,
  completion_tokens: true,
  total_tokens: true,
  usage: true,
  latency_ms: true,
  attempts: true,
  error_kind: true,
  error_status: true,
  error_code: true,
  error_message: true,
  source: true,
  provenance: true,
  created_at: true,
  tool_calls: true,
  refusal: true,
  turns: true,
};
export const responseColumnNames = Object.keys(responseColumnSet) as Array<keyof ResponseRecord>;

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function toRunRow(record: RunRecord): RunRow {
  return {
    id: record.id,
    suiteHash: record.suite_hash,
    suiteName: record.suite_name,
    suitePath: record.suite_path,
    kind: record.kind as RunKind,
    status: record.status as RunStatus,
    startedAt: record.started_at,
    finishedAt: record.finished_at,
    toolVersion: record.tool_version,
    options: fromJson<Record<string, unknown>>(record.options) ?? {},
    provenance: fromJson<Record<string, unknown>>(record.provenance),
    totalCells: record.total_cells,
    pid: record.pid,
    host: record.host,
  };
}

export function toResponseRow(record: ResponseRecord): ResponseRow {
  return {
    id: record.id,
    requestHash: record.request_hash,
    sample: record.sample,
    ok: record.ok === 1,
    output: record.output,
    ...(record.refusal !== null && { refusal: record.refusal }),
    ...(record.tool_calls !== null && { toolCalls: fromJson<ToolCall[]>(record.tool_calls)! }),
    ...(record.turns != null && { turns: fromJson<TurnOutput[]>(record.turns)! }),
    finishReason: record.finish_reason,
    model: record.model,
    systemFingerprint: record.system_fingerprint,
    usage:
      record.usage === null
        ? null
        : {
            promptTokens: record.prompt_tokens,
            completionTokens: record.completion_tokens,
            totalTokens: record.total_tokens,
            raw: fromJson<Record<string, unknown>>(record.usage),
          },
    latencyMs: record.latency_ms,
    attempts: record.attempts,
    errorKind: record.error_kind as FailureKind | null,
    errorStatus: record.error_status,
    errorCode: record.error_code,
    errorMessage: record.error_message,
    source: record.source as ResponseRow['source'],
    provenance: fromJson<Record<string, unknown>>(record.provenance),
    createdAt: record.created_at,
  };
}
