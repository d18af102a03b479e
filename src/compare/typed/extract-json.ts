// JSON in a chat answer: the whole output, a fenced block, or an object/array inside prose.
import { findCodeBlocks } from './code-fences.js';
import { parseJson } from './json-error.js';
import type { Extracted } from './types.js';

const displayLimit = 200;

export function extractJson(output: string): Extracted {
  const { text, fenced, firstLine } = jsonText(output);
  if (text === undefined) return failed('no JSON found', false);
  const parsed = parseJson(text);
  if (parsed.ok) return found(parsed.value, fenced);
  if (fenced) {
    // Line numbers in the output, not in the block: its lines before are blank for the parser.
    const positioned = parseJson('\n'.repeat(firstLine + 1) + text);
    return failed(`invalid JSON: ${positioned.ok ? parsed.error : positioned.error}`, true);
  }
  // Prose around unfenced JSON: "Here it is: {...} Let me know". Try the outermost object and
  // array, earlier one first, so "[note] {...}" still finds the object. The prose before a span is
  // blanked, line breaks kept, so error positions are the output's.
  const spans = [span(output, '{', '}'), span(output, '[', ']')]
    .filter((s): s is [number, number] => s !== undefined)
    .sort((a, b) => a[0] - b[0]);
  let best: { error: string; progress: number } | undefined;
  for (const [start, end] of spans) {
    const inner = parseJson(output.slice(0, start).replace(/[^\n]/gu, ' ') + output.slice(start, end));
    if (inner.ok) return found(inner.value, false);
    // The span that parsed furthest is the one the model meant as JSON: "[as requested] {bad}" is about {bad}.
    if (!best || inner.position - start > best.progress) best = { error: inner.error, progress: inner.position - start };
  }
  return failed(best ? `invalid JSON: ${best.error}` : 'no JSON found', false);
}

/** The JSON-bearing text: the fenced block (the first `json` one if there are several: a model
 * may show a shell command before the payload), else the whole output. */
function jsonText(output: string): { text: string | undefined; fenced: boolean; firstLine: number } {
  const blocks = findCodeBlocks(output);
  const block = blocks.find((b) => b.info.toLowerCase().startsWith('json')) ?? blocks[0];
  if (block) return { text: block.content, fenced: true, firstLine: block.firstLine };
  return { text: output.trim() === '' ? undefined : output, fenced: false, firstLine: 0 };
}

/** From the first `open` to the last `close`, or to the end when it never closes (a truncated answer). */
function span(text: string, open: string, close: string): [number, number] | undefined {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  if (start < 0) return undefined;
  return [start, end > start ? end + 1 : text.length];
}

/** Keys sorted at every level, so display and equality do not depend on the order a model chose. */
function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, inner]) => [key, canonicalJson(inner)]));
  }
  return value;
}

function found(value: unknown, fenced: boolean): Extracted {
  const canonical = canonicalJson(value);
  const json = JSON.stringify(canonical);
  return { ok: true, value: canonical, display: json.length > displayLimit ? `${json.slice(0, displayLimit - 1)}…` : json, fenced };
}

function failed(error: string, fenced: boolean): Extracted {
  return { ok: false, value: undefined, display: '', error, fenced };
}
