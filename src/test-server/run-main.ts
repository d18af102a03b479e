import { parseArgs } from 'node:util';
import { startTestServer, type TestServer } from './server.js';

export const USAGE =
  'usage: node dist/test-server/main.js [--port N] [--host H] [--latency MS] [--seed N] [--no-record] [--recordings FILE] [--serve-as NAME=RECORDED]...';

export const HELP = `${USAGE}

pinned's OpenAI-compatible test server (chat completions, embeddings, models, files, batches) on
127.0.0.1. Prints {"url", "port"} as one JSON line once it listens; SIGTERM or Ctrl-C stops it.

  --port N       port to listen on (default 0: any free port)
  --host H       address to listen on (default 127.0.0.1)
  --latency MS   delay before every answer (default 0)
  --seed N       seed of the fault and batch-failure rolls (default 1)
  --no-record    do not keep every request in memory (long benchmarks)
  --recordings FILE
                 answer from recorded outputs per (model, messages): a JSONL file of corpus rows
                 {"messages", "outputs": {model: text}, "outputs_alt"?} or OpenAI log rows
                 {"request": {"model", "messages"}, "response": {"choices"}}; the samples of one
                 prompt are served in turn (a request with seed, or x-sample: N, picks one)
  --serve-as NAME=RECORDED
                 answer requests for model NAME from RECORDED's recordings, still naming NAME in
                 the response (repeatable), e.g. --serve-as gpt-4-0314=gpt-4-0613

Control API (same port): GET /__control/stats, GET /__control/requests, POST /__control/reset,
POST /__control/configure with a JSON body of server options (latencyMs, faults, rejectParams,
rateLimits, batchDelayMs, batchFailRate, recordings, recordingsFile, serveAs, responseModel,
systemFingerprint, ...; see src/test-server/server.ts).
`;

export interface MainIo {
  /** Where the startup line goes (default: stdout). */
  write?: (text: string) => void;
  /** Where SIGTERM/SIGINT come from (default: process); tests pass their own emitter. */
  signals?: Pick<NodeJS.EventEmitter, 'once' | 'off'>;
}

/**
 * Starts a server from command-line flags, prints {"url", "port"} as one JSON line (a parent
 * process waits for it before sending traffic) and closes on SIGTERM/SIGINT, letting the
 * event loop drain so the process exits by itself.
 */
export async function runMain(argv: string[], io: MainIo = {}): Promise<TestServer> {
  const { values } = parseFlags(argv);
  const server = await startTestServer({
    port: numberFlag(values.port, '--port') ?? 0,
    host: values.host ?? '127.0.0.1',
    latencyMs: numberFlag(values.latency, '--latency') ?? 0,
    seed: numberFlag(values.seed, '--seed') ?? 1,
    recordRequests: values['no-record'] !== true,
    ...(values.recordings === undefined ? {} : { recordingsFile: values.recordings }),
    ...(values['serve-as'] === undefined ? {} : { serveAs: serveAsFlags(values['serve-as']) }),
  });
  const write = io.write ?? ((text: string) => void process.stdout.write(text));
  write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);

  const signals = io.signals ?? process;
  const close = server.close;
  const stop = (): void => void server.close();
  server.close = () => {
    signals.off('SIGTERM', stop);
    signals.off('SIGINT', stop);
    return close();
  };
  signals.once('SIGTERM', stop);
  signals.once('SIGINT', stop);
  return server;
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        latency: { type: 'string' },
        seed: { type: 'string' },
        'no-record': { type: 'boolean' },
        recordings: { type: 'string' },
        'serve-as': { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
}

function serveAsFlags(values: string[]): Record<string, string> {
  const serveAs: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) throw new Error(`--serve-as expects NAME=RECORDED, got '${value}'\n${USAGE}`);
    serveAs[value.slice(0, at)] = value.slice(at + 1);
  }
  return serveAs;
}

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${flag} expects a number >= 0, got '${value}'\n${USAGE}`);
  return n;
}
