import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault } from './faults.js';
import { fnv1a } from './hash.js';
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
import { type ApiError } from './types.js';
import { noteModel, type ServerState } from './state.js';
import { countTokens, lowerWords } from './tokens.js';

export const DEFAULT_DIMENSIONS = 64;

/**
 * A hashed bag of lower-cased words, L2-normalised: texts sharing words get a high cosine,
 * unrelated texts a cosine near 0. Each word lands in one bucket with a hashed sign, so
 * collisions between unrelated words cancel out on average instead of adding up.
 */
export function embedText(text: string, dimensions = DEFAULT_DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const word of lowerWords(text)) {
    const h = fnv1a(word);
    vector[h % dimensions]! += h & 0x80000000 ? -1 : 1;
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  if (norm === 0) {
    vector[0] = 1; // a text without words still needs a unit vector
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i]! *= scale;
  return vector;
}

/** POST /v1/embeddings. */
export async function handleEmbeddings(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const attribute = trackInFlight(state, res);
  const raw = await readBody(req);
  const parsed = parseJson(raw);
  recordRequest(state, req, path, parsed.ok ? parsed.value : raw);
  if (!parsed.ok) return sendError(state, res, INVALID_JSON);
  const problem = validateEmbeddingsBody(parsed.value);
  if (problem) return sendError(state, res, problem);

  const body = parsed.value as { model: string; input: string | string[]; dimensions?: number; encoding_format?: string };
  attribute(body.model);
  noteModel(state, body.model);
  const fault = state.faults.pick(path, body.model);
  if (fault) return applyFault(state, req, res, fault, body.model);
  const latency = latencyFor(state, body.model);
  if (latency > 0) await wait(state, latency);
  if (res.destroyed) return;

  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
  // The openai SDK asks for base64 unless told otherwise and decodes little-endian float32.
  const base64 = body.encoding_format === 'base64';
  let tokens = 0;
  const data = inputs.map((text, index) => {
    tokens += countTokens(text);
    const vector = embedText(text, dimensions);
    const embedding = base64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  sendJson(state, res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function validateEmbeddingsBody(body: unknown): ApiError | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidRequest('Request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string') return invalidRequest('you must provide a model parameter');
  const { input } = b;
  const valid =
    (typeof input === 'string' && input.length > 0) ||
    (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === 'string' && s.length > 0));
  if (!valid) {
    return invalidRequest(
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      'input',
      'invalid_value',
    );
  }
  const { dimensions, encoding_format } = b;
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && (dimensions as number) >= 1 && (dimensions as number) <= 4096)) {
    return invalidRequest("Invalid 'dimensions': expected an integer from 1 to 4096.", 'dimensions', 'invalid_value');
  }
  if (encoding_format !== undefined && encoding_format !== 'float' && encoding_format !== 'base64') {
    return invalidRequest("Invalid value for 'encoding_format': expected 'float' or 'base64'.", 'encoding_format', 'invalid_value');
  }
  return undefined;
}
