import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJson, readBody } from './http-io.js';
import { configureState, resetStats, type ServerState } from './state.js';

/**
 * /__control/*: lets a benchmark drive a server running in another process. Answers here
 * are not counted in stats nor recorded, so the control traffic never skews a measurement.
 */
export async function handleControl(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const method = req.method ?? 'GET';
  const raw = await readBody(req);
  if (method === 'GET' && path === '/__control/stats') return reply(res, 200, state.stats);
  if (method === 'GET' && path === '/__control/requests') return reply(res, 200, state.requests);
  if (method === 'POST' && path === '/__control/reset') {
    resetStats(state);
    state.requests.length = 0; // in place: in-process holders of `requests` keep a live array
    return reply(res, 200, { ok: true });
  }
  if (method === 'POST' && path === '/__control/configure') {
    const parsed = parseJson(raw === '' ? '{}' : raw);
    if (!parsed.ok) return reply(res, 400, { error: { message: 'configure expects a JSON object' } });
    try {
      if (typeof parsed.value === 'object' && parsed.value !== null && 'respond' in parsed.value) {
        throw new TypeError('respond cannot be set over HTTP; use script rules');
      }
      configureState(state, parsed.value as object);
    } catch (err) {
      return reply(res, 400, { error: { message: err instanceof Error ? err.message : String(err) } });
    }
    return reply(res, 200, { ok: true });
  }
  reply(res, 404, { error: { message: `unknown control endpoint ${method} ${path}` } });
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
