import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import type { RateLimitRule, TestServerOptions, TestServerStats, RecordedRequest } from './types.js';
import { route } from './routes.js';
import { configureState, createState, resetStats } from './state.js';

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
