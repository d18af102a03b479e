import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault } from './faults.js';
import {
  INVALID_JSON,
  invalidRequest,
  latencyFor,
  parseJson,
  readBody,
  recordRequest,
  sendError,
  sendJson,
  trackInFlight,
  wait,
} from './http-io.js';
import { admitRequest, rateLimitHeaders } from './rate-limits.js';
import { pickRecorded } from './recordings.js';
import { buildCompletion, countPromptTokens, lastUserText, type ChatBody, type ChatCompletion } from './responder.js';
import { noteModel, type ServerState } from './state.js';
import { sendStream } from './stream.js';
import { rejectedParam, validateChatBody } from './validate-chat.js';

/** POST /v1/chat/completions: validate, reject params, rate limits, faults, latency, reply (that order). */
export async function handleChat(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  /** An Azure deployment's path: the body may leave model out, the deployment names it. */
  deployment?: string,
): Promise<void> {
  const attribute = trackInFlight(state, res);
  const raw = await readBody(req);
  const parsed = parseJson(raw);
  if (parsed.ok && deployment && typeof parsed.value === 'object' && parsed.value !== null && !('model' in parsed.value)) {
    (parsed.value as Record<string, unknown>).model = deployment;
  }
  const record = recordRequest(state, req, path, parsed.ok ? parsed.value : raw);
  if (!parsed.ok) return sendError(state, res, INVALID_JSON);
  const invalid = validateChatBody(parsed.value);
  if (invalid) return sendError(state, res, invalid);

  const body = parsed.value as ChatBody;
  const { model } = body;
  attribute(model);
  noteModel(state, model);
  state.stats.byModel[model] = (state.stats.byModel[model] ?? 0) + 1;

  const rejected = rejectedParam(parsed.value as Record<string, unknown>, state.options.rejectParams?.[model]);
  if (rejected) return sendError(state, res, rejected);
  const admitted = admitRequest(state, model, countPromptTokens(body.messages));
  if (admitted && !admitted.ok) return sendError(state, res, admitted.error, admitted.headers);
  const fault = state.faults.pick(path, model, lastUserText(body.messages));
  if (fault) return applyFault(state, req, res, fault, model);

  const latency = latencyFor(state, model);
  if (latency > 0) await wait(state, latency);
  if (res.destroyed) return; // the client gave up while we waited

  const header = req.headers['x-sample'];
  const sample = Array.isArray(header) ? header.join(',') : header;
  const recorded = state.options.respond ? undefined : pickRecorded(state.recordings, body, state.options.serveAs, sample);
  if (recorded && !recorded.ok) return sendError(state, res, invalidRequest(recorded.message, 'messages', 'no_recording'));
  let completion: ChatCompletion;
  try {
    completion = await buildCompletion(body, state.options, {
      id: `chatcmpl-test${state.nextId++}`,
      request: state.chatIndex++,
      sample,
      recorded: recorded?.outputs,
    });
  } catch (err) {
    // A throwing respond() is a bug in the test that wrote it: say so in the answer.
    const message = `respond() failed: ${err instanceof Error ? err.message : String(err)}`;
    return sendError(state, res, { status: 500, message, type: 'server_error', param: null, code: null });
  }
  if (res.destroyed) return;
  if (admitted) {
    admitted.entry.tokens = completion.usage.total_tokens;
    if (record) record.tokens = admitted.entry.tokens;
  }
  if (body.stream === true) sendStream(state, res, completion, body.stream_options?.include_usage === true);
  else sendJson(state, res, 200, completion, rateLimitHeaders(state, model));
  state.stats.completions++;
}
