import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import type { RateLimitRule } from './rate-limits.js';
import type { RecordedReply } from './recordings.js';
import { route } from './routes.js';
import { configureState, createState, resetStats } from './state.js';

/**
 * A fault injected instead of the normal answer. Rules are tried in order; the first whose
 * filters match, that still has `times` left and whose `rate` roll passes, is applied.
 */
export interface FaultRule {
  /** Only requests whose body.model equals this (default: any model). */
  model?: string;
  /** Only this path, e.g. '/v1/embeddings' (default: '/v1/chat/completions'). */
  path?: string;
  /** Applied to at most N requests, then used up (default: unlimited). */
  times?: number;
  /** Share of matching requests hit, 0..1, from a PRNG seeded by `seed` (default 1). */
  rate?: number;
  action: 'status' | 'hang' | 'malformed' | 'reset';
  /** For 'status': the HTTP status to answer (default 500). */
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Milliseconds, sent as `retry-after-ms` (OpenAI sends it too). */
  retryAfterMs?: number;
  message?: string;
  code?: string;
  /** Error `type` in the body; defaults to what OpenAI uses for that status. */
  type?: string;
}

/** A canned reply; usable over the HTTP control API, unlike `respond`. */
export interface ScriptRule {
  model?: string;
  /** Substring of the last user message. */
  contains?: string;
  content: string;
  finish_reason?: string;
}

export type RespondResult = string | { content: string; finish_reason?: string; usage?: object };

export interface RespondContext {
  /** Choice index (0..n-1). */
  index: number;
  /** 0-based count of chat requests that reached the reply stage on this server. */
  request: number;
}

export interface TestServerOptions {
  port?: number;
  host?: string;
  /** Delay before answering each chat/embeddings request. */
  latencyMs?: number;
  latencyByModel?: Record<string, number>;
  /** In-process only: computes each choice's reply. */
  respond?: (body: any, ctx: RespondContext) => RespondResult | Promise<RespondResult>;
  script?: ScriptRule[];
  faults?: FaultRule[];
  /** model -> param names it rejects with a 400, like OpenAI's reasoning models. */
  rejectParams?: Record<string, string[]>;
  /** model -> rpm/tpm enforced per short window with 429 + Retry-After, optionally x-ratelimit-* headers. */
  rateLimits?: Record<string, RateLimitRule>;
  /** Keep every request in `requests` (default true); turn off for benchmarks. */
  recordRequests?: boolean;
  /** Seeds the fault `rate` rolls (default 1). */
  seed?: number;
  /** Batch API: a batch completes once this long has passed since it was created (default 0). */
  batchDelayMs?: number;
  /** Batch API: share of lines answered with a 500 in the error file, 0..1 (default 0), seeded by `seed`. */
  batchFailRate?: number;
  /** Batch API: the first N batch creations make the batch, then drop the connection instead of answering. */
  batchDropCreateAnswers?: number;
  /**
   * Answers from recorded outputs per (model, messages), several outputs served in rotation
   * (recordings.ts). A recorded model's unrecorded messages get a 400 `no_recording`.
   */
  recordings?: RecordedReply[];
  /** A JSONL file of recordings (corpus rows or OpenAI log rows), read when set; joins `recordings`. */
  recordingsFile?: string;
  /** requested model -> recorded model whose recordings answer it (the response still names the requested one). */
  serveAs?: Record<string, string>;
  /** requested model -> the `model` its responses report (default: the requested name). */
  responseModel?: Record<string, string>;
  /** requested model -> the `system_fingerprint` its responses report (default "fp_test"; null sends null). */
  systemFingerprint?: Record<string, string | null>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: any;
  /** Date.now() when the body had arrived. */
  at: number;
  /** Tokens charged to the model's rate-limit window (models with `rateLimits` only). */
  tokens?: number;
}

export interface TestServerStats {
  /** All HTTP requests except /__control. */
  requests: number;
  /** Successful chat completions answered. */
  completions: number;
  /** Chat and embeddings requests being handled now, and the peak. */
  inFlight: number;
  maxInFlight: number;
  maxInFlightByModel: Record<string, number>;
  byStatus: Record<string, number>;
  /** Chat requests per model. */
  byModel: Record<string, number>;
  /** Batch API: batches created (submissions), files uploaded, batch lines answered or failed. */
  batches: number;
  files: number;
  batchLines: number;
}

export interface TestServer {
  /** Base URL for the SDK, e.g. http://127.0.0.1:4567/v1 */
  url: string;
  port: number;
  /** Live object, updated in place (also by resetStats). */
  stats: TestServerStats;
  /** Live array, emptied in place by the control API's reset. */
  requests: RecordedRequest[];
  /** Merges options in; `faults` (or `seed`) given here restarts fault bookkeeping. */
  configure(options: Partial<TestServerOptions>): void;
  resetStats(): void;
  /** Destroys open sockets, so it returns promptly even with hanging requests. */
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const state = createState(options);
  const server = createServer((req, res) => route(state, req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Benchmarks reuse connections; a short idle timeout would make clients reconnect mid-run.
  server.keepAliveTimeout = 60_000;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost(host)}:${port}/v1`,
    port,
    stats: state.stats,
    requests: state.requests,
    configure: (partial) => configureState(state, partial),
    resetStats: () => resetStats(state),
    close() {
      closing ??= (async () => {
        for (const timer of state.timers) clearTimeout(timer);
        state.timers.clear();
        // A response hears of its socket closing only on that socket's 'close' event, a loop
        // turn after the server's own close; waiting for those lets inFlight reach 0 first.
        const socketsClosed = [...sockets].map((socket) => once(socket, 'close'));
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Hanging and keep-alive connections would otherwise hold close() open indefinitely.
        for (const socket of sockets) socket.destroy();
        await Promise.all([serverClosed, ...socketsClosed]);
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
