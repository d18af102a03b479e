import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpFetch } from './http-fetch.js';

let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

describe('createHttpFetch', () => {
  it('sends method, headers and body with a known length, and answers like fetch', async () => {
    const seen: Array<{ method?: string; headers: IncomingMessage['headers']; body: string }> = [];
    const url = await serve((req, res, body) => {
      seen.push({ method: req.method, headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json', 'x-ratelimit-remaining-requests': '9' });
      res.end(JSON.stringify({ echo: body }));
    });
    const httpFetch = createHttpFetch();
    const headers = new Headers({ 'Content-Type': 'application/json', Authorization: 'Bearer k' });
    const response = await httpFetch(`${url}/v1/chat/completions`, { method: 'post', headers, body: '{"a":"é"}' });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('9');
    expect(await response.json()).toEqual({ echo: '{"a":"é"}' });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"a":"é"}' });
    expect(seen[0]!.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer k', 'content-length': '10' });
    expect(seen[0]!.headers['transfer-encoding']).toBeUndefined();
    // A second request reuses the kept-alive connection.
    await (await httpFetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body: '{}' })).text();
    expect(seen).toHaveLength(2);
  });

  it('asks for compression like the built-in fetch and decodes a gzip body', async () => {
    let accepted: string | undefined;
    const url = await serve((req, res) => {
      accepted = req.headers['accept-encoding'];
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ ok: true })));
    });
    const response = await createHttpFetch()(url, { method: 'POST', body: '{}' });
    expect(accepted).toBe('gzip, deflate');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('gives error statuses and 204 answers to the caller', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/none') res.writeHead(204).end();
      else res.writeHead(429, { 'retry-after': '2' }).end('slow down');
    });
    const httpFetch = createHttpFetch();
    const limited = await httpFetch(`${url}/x`, { method: 'POST', body: '{}' });
    expect([limited.status, limited.ok, limited.headers.get('retry-after'), await limited.text()]).toEqual([429, false, '2', 'slow down']);
    const none = await httpFetch(`${url}/none`, { method: 'GET' });
    expect([none.status, none.body]).toEqual([204, null]);
  });

  it('rejects with the abort reason when the signal aborts, and drops the connection', async () => {
    let closed = false;
    const url = await serve((req) => req.socket.once('close', () => (closed = true)));
    const controller = new AbortController();
    const pending = createHttpFetch()(url, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
    await expect(createHttpFetch()(url, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects like fetch (a TypeError with the network error as cause) when the connection dies', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/midway') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 10);
      } else req.socket.destroy();
    });
    const httpFetch = createHttpFetch();
    for (const path of ['/reset', '/midway']) {
      const error = await httpFetch(`${url}${path}`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('fetch failed');
      expect(((error as Error).cause as { code?: string }).code).toBe('ECONNRESET');
    }
    const refused = await httpFetch('http://127.0.0.1:1/v1', { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(((refused as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('leaves redirects to the built-in fetch, which follows them', async () => {
    const url = await serve((req, res, body) => {
      if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, body }));
    });
    const response = await createHttpFetch()(`${url}/old`, { method: 'POST', body: '{"q":1}' });
    expect(await response.json()).toEqual({ path: '/new', body: '{"q":1}' });
  });

  it('leaves everything to the built-in fetch when Node is asked to use the proxy environment', () => {
    expect(createHttpFetch({ NODE_USE_ENV_PROXY: '1' })).toBe(fetch);
    expect(createHttpFetch({ NODE_USE_ENV_PROXY: '0' })).not.toBe(fetch);
  });
});
