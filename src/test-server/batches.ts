import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault } from './faults.js';
import { invalidRequest, parseJson, readBody, recordRequest, sendError, sendJson, sendRaw } from './http-io.js';
import type { ApiError, StoredBatch, StoredFile } from './types.js';
import { pickRecorded } from './recordings.js';
import { buildCompletion, type ChatBody } from './responder.js';
import type { ServerState } from './state.js';
import { validateChatBody } from './validate-chat.js';

const ENDPOINT = '/v1/chat/completions';

// OpenAI's Files and Batch APIs, enough for pinned's batch mode: upload a JSONL file, create a
// batch from it, retrieve it until it completes (after `batchDelayMs`), download output and error files.

/** Routes /v1/files and /v1/batches; false when the path is neither. */
export function handleBatchApi(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
): Promise<void> | false {
  if (!path.startsWith('/v1/files') && !path.startsWith('/v1/batches')) return false;
  return (async () => {
    const raw = await readBody(req);
    recordRequest(
      state,
      req,
      path,
      path === '/v1/files' ? '(multipart upload)' : raw === '' ? undefined : ((parseJson(raw) as { value?: unknown }).value ?? raw),
    );
    const fault = state.faults.pick(path, undefined);
    if (fault) return applyFault(state, req, res, fault);
    const parts = path.split('/').filter(Boolean); // ['v1', 'files', id, 'content']
    if (method === 'POST' && path === '/v1/files') return uploadFile(state, req, res, raw);
    if (method === 'GET' && parts[1] === 'files' && parts.length === 3)
      return withFile(state, res, parts[2]!, (file) => sendJson(state, res, 200, fileObject(file)));
    if (method === 'GET' && parts[1] === 'files' && parts[3] === 'content' && parts.length === 4) {
      return withFile(state, res, parts[2]!, (file) => sendRaw(state, res, 200, file.content, 'application/octet-stream'));
    }
    if (method === 'POST' && path === '/v1/batches') return createBatch(state, req, res, raw);
    if (method === 'GET' && path === '/v1/batches') {
      const data = [...state.batches.values()].reverse().map(batchObject);
      return sendJson(state, res, 200, {
        object: 'list',
        data,
        first_id: idAt(data, 0),
        last_id: idAt(data, data.length - 1),
        has_more: false,
      });
    }
    if (method === 'GET' && parts[1] === 'batches' && parts.length === 3) {
      const batch = state.batches.get(parts[2]!);
      if (!batch) return sendError(state, res, { ...invalidRequest(`No batch found with id '${parts[2]}'.`), status: 404 });
      await settle(state, batch);
      return sendJson(state, res, 200, batchObject(batch));
    }
    sendError(state, res, { ...invalidRequest(`Invalid URL (${method} ${path})`), status: 404 });
  })();
}

async function uploadFile(state: ServerState, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
  } catch {
    return sendError(state, res, invalidRequest('expected a multipart/form-data upload with file and purpose'));
  }
  const file = form.get('file');
  const purpose = form.get('purpose');
  if (typeof file === 'string' || file === null)
    return sendError(state, res, invalidRequest("Missing required parameter: 'file'.", 'file'));
  if (purpose !== 'batch')
    return sendError(state, res, invalidRequest(`purpose must be 'batch' on this test server, got ${JSON.stringify(purpose)}`, 'purpose'));
  const stored = saveFile(state, file.name, 'batch', await file.text());
  state.stats.files++;
  sendJson(state, res, 200, fileObject(stored));
}

function createBatch(state: ServerState, req: IncomingMessage, res: ServerResponse, raw: string): void {
  const parsed = parseJson(raw);
  const body = (parsed.ok ? parsed.value : {}) as Record<string, unknown>;
  const file = typeof body.input_file_id === 'string' ? state.files.get(body.input_file_id) : undefined;
  if (!file)
    return sendError(state, res, {
      ...invalidRequest(`No file found with id ${JSON.stringify(body.input_file_id)}.`, 'input_file_id'),
      status: 404,
    });
  if (body.endpoint !== ENDPOINT)
    return sendError(state, res, invalidRequest(`endpoint must be ${ENDPOINT} on this test server`, 'endpoint'));
  if (body.completion_window !== '24h')
    return sendError(state, res, invalidRequest("completion_window must be '24h'", 'completion_window'));
  const lines = file.content.split('\n').filter((line) => line.trim() !== '');
  const batch: StoredBatch = {
    id: `batch_test${state.nextId++}`,
    inputFileId: file.id,
    endpoint: ENDPOINT,
    metadata: (body.metadata as Record<string, string> | undefined) ?? null,
    createdAt: Date.now(),
    status: 'in_progress',
    counts: { total: lines.length, completed: 0, failed: 0 },
  };
  state.batches.set(batch.id, batch);
  state.stats.batches++;
  // The batch exists but its answer never arrives: what a timeout after the provider acted looks like.
  if (state.droppedCreates < (state.options.batchDropCreateAnswers ?? 0)) {
    state.droppedCreates++;
    req.socket.destroy();
    return;
  }
  sendJson(state, res, 200, batchObject(batch));
}

/** Completes the batch once `batchDelayMs` (as configured now) has passed since it was created. */
async function settle(state: ServerState, batch: StoredBatch): Promise<void> {
  if (batch.status !== 'in_progress' || Date.now() < batch.createdAt + (state.options.batchDelayMs ?? 0)) return;
  batch.finishing ??= finish(state, batch);
  await batch.finishing;
}

async function finish(state: ServerState, batch: StoredBatch): Promise<void> {
  const outputs: string[] = [];
  const errors: string[] = [];
  const lines = state.files
    .get(batch.inputFileId)!
    .content.split('\n')
    .filter((line) => line.trim() !== '');
  for (const [index, line] of lines.entries()) {
    const parsed = parseJson(line);
    const item = (parsed.ok ? parsed.value : null) as { custom_id?: unknown; url?: unknown; body?: unknown } | null;
    if (!item || typeof item.custom_id !== 'string' || item.url !== ENDPOINT) {
      batch.status = 'failed';
      batch.errors = [
        { code: 'invalid_request', message: `line ${index + 1}: expected {custom_id, method, url: ${ENDPOINT}, body}`, line: index + 1 },
      ];
      return;
    }
    state.stats.batchLines++;
    const id = `batch_req_${state.nextId++}`;
    const invalid = validateChatBody(item.body);
    const recorded =
      invalid || state.options.respond
        ? undefined
        : pickRecorded(state.recordings, item.body as ChatBody, state.options.serveAs, undefined);
    const unrecorded = recorded && !recorded.ok ? invalidRequest(recorded.message, 'messages', 'no_recording') : undefined;
    const failure: ApiError | undefined =
      invalid ?? unrecorded ?? (state.batchFailRoll() < (state.options.batchFailRate ?? 0) ? SERVER_ERROR : undefined);
    if (failure) {
      const { status, ...error } = failure;
      errors.push(
        JSON.stringify({
          id,
          custom_id: item.custom_id,
          response: { status_code: status, request_id: `req_${id}`, body: { error } },
          error: null,
        }),
      );
      batch.counts.failed++;
      continue;
    }
    const completion = await buildCompletion(item.body as ChatBody, state.options, {
      id: `chatcmpl-test${state.nextId++}`,
      request: state.chatIndex++,
      sample: undefined,
      recorded: recorded?.ok ? recorded.outputs : undefined,
    });
    outputs.push(
      JSON.stringify({
        id,
        custom_id: item.custom_id,
        response: { status_code: 200, request_id: `req_${id}`, body: completion },
        error: null,
      }),
    );
    batch.counts.completed++;
  }
  if (outputs.length > 0) batch.outputFileId = saveFile(state, `${batch.id}_output.jsonl`, 'batch_output', `${outputs.join('\n')}\n`).id;
  if (errors.length > 0) batch.errorFileId = saveFile(state, `${batch.id}_error.jsonl`, 'batch_output', `${errors.join('\n')}\n`).id;
  batch.status = 'completed';
}

const SERVER_ERROR: ApiError = {
  status: 500,
  message: 'The server had an error while processing your request. Sorry about that!',
  type: 'server_error',
  param: null,
  code: null,
};

function saveFile(state: ServerState, filename: string, purpose: string, content: string): StoredFile {
  const file: StoredFile = { id: `file-test${state.nextId++}`, filename, purpose, content, createdAt: Date.now() };
  state.files.set(file.id, file);
  return file;
}

function withFile(state: ServerState, res: ServerResponse, id: string, found: (file: StoredFile) => void): void {
  const file = state.files.get(id);
  if (!file) return sendError(state, res, { ...invalidRequest(`No such File object: ${id}`, 'id'), status: 404 });
  found(file);
}

function fileObject(file: StoredFile): object {
  return {
    id: file.id,
    object: 'file',
    bytes: Buffer.byteLength(file.content),
    created_at: Math.floor(file.createdAt / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
  };
}

function idAt(list: object[], index: number): string | null {
  return (list[index] as { id?: string } | undefined)?.id ?? null;
}

function batchObject(batch: StoredBatch): object {
  const created = Math.floor(batch.createdAt / 1000);
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    errors: batch.errors ? { object: 'list', data: batch.errors } : null,
    input_file_id: batch.inputFileId,
    completion_window: '24h',
    status: batch.status,
    output_file_id: batch.outputFileId ?? null,
    error_file_id: batch.errorFileId ?? null,
    created_at: created,
    in_progress_at: created,
    expires_at: created + 24 * 3600,
    completed_at: batch.status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    failed_at: batch.status === 'failed' ? Math.floor(Date.now() / 1000) : null,
    request_counts: batch.counts,
    metadata: batch.metadata,
  };
}
