import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RecordedRequest, ApiError } from './types.js';
import type { ServerState } from './state.js';

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
  return { status: 400, message, type: 'invalid_request_error', param, code };
}

/** Every answer goes through here so byStatus counts each response exactly once. */
export function sendRaw(
  state: ServerState,
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json',
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.destroyed || res.headersSent) return;
  countStatus(state, status);
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-request-id': `req_${state.nextId++}`,
  });
  res.end(body);
}

export function sendJson(state: ServerState, res: ServerResponse, status: number, payload: unknown, headers?: OutgoingHttpHeaders): void {
  sendRaw(state, res, status, JSON.stringify(payload), 'application/json', headers);
}

export function sendError(state: ServerState, res: ServerResponse, error: ApiError, headers?: OutgoingHttpHeaders): void {
  const { status, ...body } = error;
  sendJson(state, res, status, { error: body }, headers);
}

export function countStatus(state: ServerState, status: number): void {
  const key = String(status);
  state.stats.byStatus[key] = (state.stats.byStatus[key] ?? 0) + 1;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export type Parsed = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

// OpenAI's own wording, so clients that match on it behave as they would in production.
export const INVALID_JSON = invalidRequest(
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
    'The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
);

export function recordRequest(state: ServerState, req: IncomingMessage, path: string, body: unknown): RecordedRequest | undefined {
  if (state.options.recordRequests === false) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const at = (req.url ?? '').indexOf('?');
  const record: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    ...(at >= 0 && { query: req.url!.slice(at + 1) }),
    headers,
    body,
    at: Date.now(),
  };
  state.requests.push(record);
  return record;
}

/**
 * Counts a chat/embeddings request in flight from arrival until its response finishes or its
 * connection closes, whichever comes first, exactly once. Returns a function that attributes
 * the request to a model once the body is parsed.
 */
export function trackInFlight(state: ServerState, res: ServerResponse): (model: string) => void {
  const { stats } = state;
  stats.inFlight++;
  if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
  let model: string | undefined;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    stats.inFlight--;
    if (model !== undefined) state.inFlightByModel.set(model, (state.inFlightByModel.get(model) ?? 1) - 1);
  };
  res.once('finish', finish);
  res.once('close', finish);
  return (name) => {
    if (done || model !== undefined) return;
    model = name;
    const now = (state.inFlightByModel.get(name) ?? 0) + 1;
    state.inFlightByModel.set(name, now);
    if (now > (stats.maxInFlightByModel[name] ?? 0)) stats.maxInFlightByModel[name] = now;
  };
}

export function latencyFor(state: ServerState, model: string): number {
  return state.options.latencyByModel?.[model] ?? state.options.latencyMs ?? 0;
}

/** A delay that close() can cancel; the awaiting handler is then simply never resumed. */
export function wait(state: ServerState, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      resolve();
    }, ms);
    state.timers.add(timer);
  });
}
