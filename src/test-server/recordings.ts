// Answers from recorded outputs, per model: a request for model M with messages X is answered
// with a recorded output of M to X, so tests and benchmarks can serve real outputs of retired
// snapshots. `serveAs` answers one model's requests from another's recordings (gpt-4-0613's
// outputs under the name gpt-4-0314), which is what an aggregator substituting a model does.
//
// Several recordings of one (model, messages) are independent samples; requests rotate through
// them (the first request gets the first, the next the second, ...; choice i of a request with
// n > 1 takes the next in turn), so repeated requests get different samples as from a model at
// temperature > 0. A request with `seed`, or an `x-sample: N` header, picks sample seed + i (or
// N + i) instead, the same one every time.
//
// Messages match on role and trimmed text, as `pinned import` matches log rows.
import { readFileSync } from 'node:fs';
import { contentText } from './tokens.js';

/** One (model, messages) with its recorded outputs, in the order they are served. */
export interface RecordedReply {
  model: string;
  messages: { role: string; content?: unknown }[];
  outputs: string[];
}

export interface RecordingIndex {
  /** model -> messages key -> outputs */
  byModel: Map<string, Map<string, string[]>>;
  /** Samples served so far per model + messages key, for the rotation. */
  turns: Map<string, number>;
}

export function emptyIndex(): RecordingIndex {
  return { byModel: new Map(), turns: new Map() };
}

export function indexRecordings(replies: readonly RecordedReply[]): RecordingIndex {
  const index = emptyIndex();
  for (const reply of replies) {
    let byKey = index.byModel.get(reply.model);
    if (!byKey) index.byModel.set(reply.model, (byKey = new Map()));
    const key = messagesKey(reply.messages);
    byKey.set(key, [...(byKey.get(key) ?? []), ...reply.outputs]);
  }
  return index;
}

export type RecordedPick = { ok: true; outputs: string[] } | { ok: false; message: string } | undefined;

/**
 * The n outputs answering a request, a reason when the model is recorded but these messages are
 * not (a test asking for an unrecorded prompt is a mistake to report, not to paper over), or
 * undefined when the model has no recordings (the server's other rules answer).
 */
export function pickRecorded(
  index: RecordingIndex,
  request: { model: string; messages: { role: string; content?: unknown }[]; n?: number; seed?: number },
  serveAs: Record<string, string> | undefined,
  sample: string | undefined,
): RecordedPick {
  const source = serveAs?.[request.model] ?? request.model;
  const byKey = index.byModel.get(source);
  if (!byKey) return undefined;
  const key = messagesKey(request.messages);
  const outputs = byKey.get(key);
  if (!outputs || outputs.length === 0) {
    const via = source === request.model ? '' : ` (serving ${source}'s recordings)`;
    return { ok: false, message: `test server: no recording of ${source} for these messages${via}` };
  }
  const n = request.n ?? 1;
  const fixed = sample !== undefined && /^\d+$/.test(sample) ? Number(sample) : request.seed;
  let start: number;
  if (fixed !== undefined && Number.isInteger(fixed)) {
    start = fixed;
  } else {
    const turn = `${source}\u0000${key}`;
    start = index.turns.get(turn) ?? 0;
    index.turns.set(turn, start + n);
  }
  return {
    ok: true,
    outputs: Array.from({ length: n }, (_, i) => outputs[(((start + i) % outputs.length) + outputs.length) % outputs.length]!),
  };
}

/**
 * Reads a JSONL file of recordings in either of two row formats:
 * - the corpus format (../shared/corpus): {"messages": [...], "outputs": {model: text},
 *   "outputs_alt"?: {model: text}}; each model's output, then its outputs_alt, are its samples;
 * - an OpenAI-style log row, as `pinned import` reads: {"request": {"model", "messages"},
 *   "response": {"choices": [{"message": {"content"}}]}}; each choice is a sample, and repeated
 *   rows of the same messages add samples.
 */
export function readRecordingsFile(path: string): RecordedReply[] {
  const replies: RecordedReply[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${path}:${i + 1}`;
      let row: any;
      try {
        row = JSON.parse(line);
      } catch (err) {
        throw new TypeError(`${where}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      }
      replies.push(...rowReplies(row, where));
    });
  return replies;
}

function rowReplies(row: any, where: string): RecordedReply[] {
  if (row && typeof row === 'object' && row.request && row.response) {
    const { model, messages } = row.request;
    const choices = row.response.choices;
    if (typeof model !== 'string' || !Array.isArray(messages) || !Array.isArray(choices)) {
      throw new TypeError(`${where}: a log row needs request.model, request.messages and response.choices`);
    }
    return [{ model, messages, outputs: choices.map((c: any) => contentText(c?.message?.content)) }];
  }
  if (row && typeof row === 'object' && Array.isArray(row.messages) && row.outputs && typeof row.outputs === 'object') {
    return Object.entries(row.outputs).map(([model, output]) => ({
      model,
      messages: row.messages,
      outputs: [output, row.outputs_alt?.[model]].filter((o): o is string => typeof o === 'string'),
    }));
  }
  throw new TypeError(`${where}: expected a corpus row {"messages", "outputs"} or a log row {"request", "response"}`);
}

/** Throws unless `value` is a list of { model, messages, outputs } (for options set over HTTP). */
export function checkRecordings(value: unknown): void {
  const ok =
    Array.isArray(value) &&
    value.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        typeof r.model === 'string' &&
        Array.isArray(r.messages) &&
        r.messages.every((m: unknown) => typeof m === 'object' && m !== null && typeof (m as { role?: unknown }).role === 'string') &&
        Array.isArray(r.outputs) &&
        r.outputs.every((o: unknown) => typeof o === 'string'),
    );
  if (!ok) throw new TypeError('recordings must be an array of { model, messages: [{ role, content }], outputs: [string] }');
}

function messagesKey(messages: readonly { role?: unknown; content?: unknown }[]): string {
  return JSON.stringify(messages.map((message) => [message.role, contentText(message.content).trim()]));
}
