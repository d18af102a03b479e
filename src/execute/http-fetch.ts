import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * The `fetch` the SDK sends chat completions with: node:http(s) over a keep-alive agent, the
 * answer read whole into a Response. Node's built-in fetch (undici) keeps every request's
 * Request, AbortSignals and streams reachable through WeakRefs and a FinalizationRegistry until
 * a full GC, so at hundreds of requests a second they all reach the old generation and the heap
 * grows to several times what is live; it also costs about twice the CPU per request.
 *
 * Only what the SDK sends is handled here (a string or no body); anything else, and any
 * redirect, goes to the built-in fetch, which follows it as it always did. So does everything
 * when NODE_USE_ENV_PROXY asks Node (24+) to send its requests through HTTP(S)_PROXY, which
 * an agent of our own would not do.
 */
export function createHttpFetch(env: Record<string, string | undefined> = process.env): typeof fetch {
  if (env['NODE_USE_ENV_PROXY'] && env['NODE_USE_ENV_PROXY'] !== '0') return fetch;
  // keepAlive: sockets are reused across requests; idle ones do not keep the process alive.
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

  return (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const body = init?.body;
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      !(typeof input === 'string' || input instanceof URL) ||
      (body !== undefined && body !== null && typeof body !== 'string')
    ) {
      return fetch(input, init);
    }
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = requestHeaders(init?.headers, url, body);

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const agent = agents[url.protocol as 'http:' | 'https:'];
      const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, agent }, (response) => {
        const status = response.statusCode ?? 0;
        if (REDIRECTS.has(status)) {
          // Rare for an API; the built-in fetch handles it exactly as before (the request is sent again).
          response.resume();
          settle(() => resolve(fetch(input, init)));
          return;
        }
        const chunks: Buffer[] = [];
        const stream = decoded(response);
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => settle(() => reject(new TypeError('fetch failed', { cause: error }))));
        stream.on('end', () => {
          if (!response.complete) {
            const error = Object.assign(new Error('other side closed'), { code: 'ECONNRESET' });
            settle(() => reject(new TypeError('fetch failed', { cause: error })));
            return;
          }
          settle(() => {
            try {
              resolve(toResponse(status, response.statusMessage ?? '', response.rawHeaders, Buffer.concat(chunks)));
            } catch (error) {
              reject(new TypeError('fetch failed', { cause: error }));
            }
          });
        });
        response.on('aborted', () => {
          const error = Object.assign(new Error('other side closed'), { code: 'ECONNRESET' });
          settle(() => reject(new TypeError('fetch failed', { cause: error })));
        });
      });
      const onAbort = (): void => {
        request.destroy();
        settle(() => reject(abortReason(signal!)));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error) => settle(() => reject(new TypeError('fetch failed', { cause: error }))));
      request.end(body ?? undefined);
    });
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function requestHeaders(init: ConstructorParameters<typeof Headers>[0], url: URL, body: string | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of new Headers(init)) headers[name] = value;
  // What the built-in fetch adds when the caller did not: a known length (never chunked) and compression.
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  headers['accept-encoding'] ??= url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate';
  return headers;
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

function toResponse(status: number, statusText: string, rawHeaders: string[], body: Buffer): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.append(rawHeaders[i]!, rawHeaders[i + 1]!);
  return new Response(NULL_BODY.has(status) ? null : body, { status, statusText, headers });
}
