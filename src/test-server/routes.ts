import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleBatchApi } from './batches.js';
import { handleChat } from './chat-handler.js';
import { handleControl } from './control.js';
import { handleEmbeddings } from './embeddings.js';
import { handleResponses } from './responses-handler.js';
import { applyFault } from './faults.js';
import { invalidRequest, readBody, recordRequest, sendError, sendJson } from './http-io.js';
import type { ServerState } from './state.js';

const FIXED_MODELS = ['gpt-4-0314', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3-mini', 'text-embedding-3-small'];
// A fixed timestamp: listing the same models twice must give the same answer.
const CREATED = 1_700_000_000;

export function route(state: ServerState, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path.startsWith('/__control/')) {
    handleControl(state, req, res, path).catch((err: unknown) => fail(res, err));
    return;
  }
  state.stats.requests++;
  const method = req.method ?? 'GET';
  let handling: Promise<void>;
  const azure = azureRoute(path);
  if (azure && method === 'POST') {
    // Azure OpenAI: /openai/deployments/{deployment}/chat/completions and /openai/responses need
    // ?api-version=; the v1 endpoint (/openai/v1/...) does not.
    const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
    if (!azure.v1 && !query.get('api-version')) {
      handling = readBody(req).then(() => {
        recordRequest(state, req, path, undefined);
        sendError(state, res, {
          ...invalidRequest('Missing required query parameter: api-version', 'api-version', 'missing_api_version'),
          status: 404,
        });
      });
    } else if (azure.api === 'responses') handling = handleResponses(state, req, res, path);
    else handling = handleChat(state, req, res, path, azure.deployment);
  } else if (method === 'POST' && path === '/v1/chat/completions') handling = handleChat(state, req, res, path);
  else if (method === 'POST' && path === '/v1/embeddings') handling = handleEmbeddings(state, req, res, path);
  else if (method === 'POST' && path === '/v1/responses') handling = handleResponses(state, req, res, path);
  else handling = handleBatchApi(state, req, res, path, method) || handleOther(state, req, res, path, method);
  handling.catch((err: unknown) => fail(res, err));
}

/** The Azure OpenAI paths the server answers, and which API each is. */
function azureRoute(path: string): { api: 'chat' | 'responses'; deployment?: string; v1: boolean } | undefined {
  const deployment = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/u.exec(path);
  if (deployment) return { api: 'chat', deployment: decodeURIComponent(deployment[1]!), v1: false };
  if (path === '/openai/responses') return { api: 'responses', v1: false };
  if (path === '/openai/v1/responses') return { api: 'responses', v1: true };
  if (path === '/openai/v1/chat/completions') return { api: 'chat', v1: true };
  return undefined;
}

/** /v1/models and 404s; faults can target these paths too (without a model filter). */
async function handleOther(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<void> {
  const raw = await readBody(req);
  recordRequest(state, req, path, raw === '' ? undefined : raw);
  const fault = state.faults.pick(path, undefined);
  if (fault) return applyFault(state, req, res, fault);
  if (method === 'GET' && path === '/v1/models') {
    const ids = new Set([...FIXED_MODELS, ...state.seenModels]);
    return sendJson(state, res, 200, { object: 'list', data: [...ids].map(modelObject) });
  }
  if (method === 'GET' && path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    if (FIXED_MODELS.includes(id) || state.seenModels.has(id)) return sendJson(state, res, 200, modelObject(id));
    const message = `The model \`${id}\` does not exist or you do not have access to it.`;
    return sendError(state, res, { ...invalidRequest(message, null, 'model_not_found'), status: 404 });
  }
  sendError(state, res, { ...invalidRequest(`Invalid URL (${method} ${path})`), status: 404 });
}

function modelObject(id: string): object {
  return { id, object: 'model', created: CREATED, owned_by: 'pinned-test-server' };
}

// Only reached on a bug here or a request body that failed to arrive; never leave it hanging.
function fail(res: ServerResponse, err: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const message = `test server error: ${err instanceof Error ? err.message : String(err)}`;
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } }));
}
