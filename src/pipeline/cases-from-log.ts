// Cases from an OpenAI-style log: one case per distinct request (its messages, tools and params),
// the responses to it as that case's recorded samples. A row whose request a case cannot hold
// (a message shape the API does not take, another model) is reported with its line, never dropped.
import { createHash } from 'node:crypto';
import { mulberry32 } from '../compare/verify/prng.js';
import type { LogEntry } from '../execute/log-file.js';
import type { RecordedOutput } from '../execute/recording-rows.js';
import { checkMessages } from '../suite/chat-messages.js';
import { canonicalJson } from '../plan/canonical.js';
import { caseSchema } from '../suite/schema.js';
import { pathText } from '../suite/zod-issues.js';

/** What a case is written with in the cases file. */
export interface LoggedCase {
  id: string;
  messages: unknown[];
  tools?: unknown;
  tool_choice?: unknown;
  params?: Record<string, unknown>;
  tags?: string[];
  /** `{{name}}` in a logged prompt is text, not a placeholder: each is given itself as its value. */
  vars?: Record<string, string>;
}

export interface CasesFromLog {
  cases: LoggedCase[];
  /** Case id -> the logged responses, in log order: its samples. */
  outputs: Map<string, RecordedOutput[]>;
  unusable: Array<{ line: number; reason: string }>;
  /** Usable rows, and the distinct requests among them (before sampling). */
  rows: number;
  distinct: number;
}

// Params that shape no answer, or that pinned sets itself: not carried into the case.
const NOT_CARRIED = new Set(['stream', 'stream_options', 'n', 'user', 'metadata', 'store', 'service_tier', 'tools', 'tool_choice']);
const MESSAGE_KEYS = ['role', 'content', 'name', 'tool_calls', 'tool_call_id'];

export interface FromLogOptions {
  /** The model the log's requests must have asked for (the target's). */
  model: string;
  /** Case ids are `<stem>-<8 hex of the request>`. */
  stem: string;
  sample?: number;
  seed: number;
  tagBy: string[];
}

export function casesFromLog(entries: readonly LogEntry[], options: FromLogOptions): CasesFromLog {
  const unusable: CasesFromLog['unusable'] = [];
  const groups = new Map<string, { written: LoggedCase; outputs: RecordedOutput[]; tags: Set<string> }>();
  let rows = 0;
  for (const entry of entries) {
    const reason = problem(entry, options.model);
    const written = reason === undefined ? loggedCase(entry, options.stem) : undefined;
    if (reason !== undefined || !written || 'problem' in written) {
      unusable.push({ line: entry.line, reason: reason ?? (written && 'problem' in written ? written.problem : 'unreadable') });
      continue;
    }
    rows++;
    const group = groups.get(written.id) ?? { written, outputs: [], tags: new Set<string>() };
    group.outputs.push(...entry.row.outputs);
    for (const tag of tagsOf(entry, options.tagBy)) group.tags.add(tag);
    groups.set(written.id, group);
  }
  let chosen = [...groups.values()];
  if (options.sample !== undefined && options.sample < chosen.length) {
    // A seeded shuffle, then log order among the drawn: the same seed draws the same cases.
    const random = mulberry32(options.seed);
    const order = chosen.map((group, index) => ({ group, index, key: random() })).sort((a, b) => a.key - b.key);
    chosen = order
      .slice(0, options.sample)
      .sort((a, b) => a.index - b.index)
      .map((item) => item.group);
  }
  const cases = chosen.map(({ written, tags }) => ({ ...written, ...(tags.size > 0 && { tags: [...tags] }) }));
  return { cases, outputs: new Map(chosen.map((group) => [group.written.id, group.outputs])), unusable, rows, distinct: groups.size };
}

function problem(entry: LogEntry, model: string): string | undefined {
  const asked = entry.raw['request'] && (entry.raw['request'] as Record<string, unknown>)['model'];
  if (typeof asked === 'string' && asked !== model) return `request.model is ${asked}; the target asks for ${model}`;
  if (entry.row.messages.length === 0) return 'request.messages is empty';
  return undefined;
}

function loggedCase(entry: LogEntry, stem: string): LoggedCase | { problem: string } {
  const messages: Array<Record<string, unknown>> = [];
  for (const [i, message] of entry.row.messages.entries()) {
    const extra = Object.keys(message).find((key) => !MESSAGE_KEYS.includes(key) && message[key as keyof typeof message] !== null);
    if (extra && extra !== 'refusal' && extra !== 'annotations')
      return { problem: `request.messages[${i}] has '${extra}', which a case cannot hold` };
    messages.push(
      Object.fromEntries(
        Object.entries(message).filter(([key, value]) => key === 'content' || (MESSAGE_KEYS.includes(key) && value !== null)),
      ),
    );
  }
  const { tools, tool_choice, ...rest } = entry.row.params;
  const params = Object.fromEntries(Object.entries(rest).filter(([key]) => !NOT_CARRIED.has(key)));
  const written = {
    messages,
    ...(tools !== undefined && { tools }),
    ...(tool_choice !== undefined && { tool_choice }),
    ...(Object.keys(params).length > 0 && { params }),
  };
  const parsed = caseSchema.safeParse(written);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `request.${pathText(issue.path as Array<string | number>)}: ${issue.message}` };
  }
  const checked = checkMessages(parsed.data.messages ?? [], () => ({ file: '', line: entry.line }), ['messages']);
  if (checked.length > 0) return { problem: `request.${checked[0]!.message}` };
  const literal = literalPlaceholders(messages);
  if ('problem' in literal) return literal;
  const { vars } = literal;
  const id = `${stem}-${createHash('sha256').update(canonicalJson(written)).digest('hex').slice(0, 8)}`;
  return { id, ...written, ...(Object.keys(vars).length > 0 && { vars }) } as LoggedCase;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/gu;

/** `{{name}}` in logged text stays `{{name}}`: the case gives each such name its own text as value. */
function literalPlaceholders(messages: Array<Record<string, unknown>>): { vars: Record<string, string> } | { problem: string } {
  const vars: Record<string, string> = {};
  const texts = messages.flatMap((m) =>
    typeof m.content === 'string'
      ? [m.content]
      : Array.isArray(m.content)
        ? m.content.map((part) => (typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
        : [],
  );
  for (const text of texts) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1]!;
      if (vars[name] !== undefined && vars[name] !== match[0])
        return { problem: `holds {{${name}}} written two ways, which a case cannot give back as written` };
      vars[name] = match[0];
    }
  }
  return { vars };
}

/** Tag values from the row: `field`, else `metadata.field`, else `request.metadata.field`. */
function tagsOf(entry: LogEntry, fields: readonly string[]): string[] {
  const request = entry.raw['request'] as Record<string, unknown> | undefined;
  const sources = [entry.raw, entry.raw['metadata'], request?.['metadata']];
  return fields.flatMap((field) => {
    for (const source of sources) {
      if (typeof source !== 'object' || source === null) continue;
      const value = (source as Record<string, unknown>)[field];
      if (typeof value === 'string' && value !== '') return [value];
      if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
    }
    return [];
  });
}
