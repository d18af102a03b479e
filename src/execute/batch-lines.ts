import type { Job } from '../plan/types.js';
import type { BatchLine } from '../domain/submitted-batch.js';
import { retryableStatus } from './chat-errors.js';
import { completionResult } from './chat-sender.js';
import type { AttemptResult } from './types.js';

const ENDPOINT = '/v1/chat/completions';

/**
 * The Batch API input for these jobs: one line per cell, its body exactly the body a direct
 * request sends, so the stored request and its hash (the cache key) are the same either way.
 */
export function batchInput(jobs: Job[]): { jsonl: string; lines: BatchLine[] } {
  const lines: BatchLine[] = [];
  const text: string[] = [];
  jobs.forEach((job, index) => {
    if (job.request.kind !== 'chat') throw new Error(`batchInput: case '${job.caseId}' of '${job.target}' is not a chat request`);
    const customId = `cell-${index}`;
    lines.push({ customId, caseId: job.caseId, sample: job.sample, requestHash: job.requestHash });
    text.push(JSON.stringify({ custom_id: customId, method: 'POST', url: ENDPOINT, body: job.request.body }));
  });
  return { jsonl: `${text.join('\n')}\n`, lines };
}

/** The key a line and a planned job share: the same cell asking the same request. */
export function lineKey(cell: { caseId: string; sample: number; requestHash: string }): string {
  return `${cell.caseId}\u0000${cell.sample}\u0000${cell.requestHash}`;
}

/**
 * Results by custom_id from output and error files: each line is either a response (a chat
 * completion, or the provider's error for that request) or an error without a response.
 */
export function readBatchResults(
  texts: string[],
  latencyMs: number,
  redact: (text: string) => string = (t) => t,
): Map<string, AttemptResult> {
  const results = new Map<string, AttemptResult>();
  for (const text of texts) {
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: {
        custom_id?: unknown;
        response?: { status_code?: unknown; body?: unknown } | null;
        error?: { code?: unknown; message?: unknown } | null;
      };
      try {
        line = JSON.parse(raw) as typeof line;
      } catch {
        continue; // a line that is not JSON answers nothing; its cell is reported as unanswered
      }
      if (typeof line.custom_id !== 'string') continue;
      results.set(line.custom_id, lineResult(line.response ?? null, line.error ?? null, latencyMs, redact));
    }
  }
  return results;
}

function lineResult(
  response: { status_code?: unknown; body?: unknown } | null,
  error: { code?: unknown; message?: unknown } | null,
  latencyMs: number,
  redact: (text: string) => string,
): AttemptResult {
  const status = typeof response?.status_code === 'number' ? response.status_code : undefined;
  if (status !== undefined && status >= 200 && status < 300) {
    const result = completionResult(response!.body, latencyMs);
    return result.ok ? { ...result, source: 'batch' } : result;
  }
  const body = (response?.body ?? {}) as { error?: { message?: unknown; code?: unknown } };
  const message = stringOr(
    body.error?.message,
    stringOr(error?.message, `the batch answered this request with status ${status ?? 'none'}`),
  );
  const code = stringOr(body.error?.code, stringOr(error?.code, ''));
  const failure: AttemptResult = {
    ok: false,
    kind: status !== undefined ? 'http' : 'unknown',
    message: redact(message),
    // Without a status the provider could not run the line (expired, cancelled): asking again may work.
    retryable: status !== undefined ? retryableStatus(status) : true,
    latencyMs,
  };
  if (status !== undefined) failure.status = status;
  if (code !== '') failure.code = code;
  return failure;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
