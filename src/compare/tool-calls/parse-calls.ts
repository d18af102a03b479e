// Tool calls as typed values: each call's name and its arguments parsed as JSON, so two calls
// are compared key by key rather than as text ("order_id": "123" and "order_id":"123" are one
// call; "123" and 123 are not).
import type { ToolCall } from '../../domain/outcome.js';
import { parseJson } from '../typed/json-error.js';

export interface ParsedCall {
  name: string;
  /** The arguments as parsed JSON ({} for an empty text, which some providers send for no arguments). */
  args: { ok: true; value: unknown } | { ok: false; error: string };
  /** As written, for reports: `get_order({"order_id":"123"})`, cut at a readable length. */
  display: string;
  /** What identifies the call for matching: name and canonical arguments (the raw text when invalid). */
  key: string;
}

const displayLimit = 160;

export function parseCalls(calls: readonly ToolCall[] | undefined): ParsedCall[] {
  return (calls ?? []).map(parseCall);
}

export function parseCall(call: ToolCall): ParsedCall {
  const text = call.arguments.trim();
  const parsed = text === '' ? ({ ok: true, value: {} } as const) : parseJson(text);
  const args: ParsedCall['args'] = parsed.ok ? { ok: true, value: parsed.value } : { ok: false, error: parsed.error };
  return {
    name: call.name,
    args,
    display: displayCall(call.name, args.ok ? JSON.stringify(args.value) : call.arguments),
    key: `${call.name}\u0000${args.ok ? canonical(args.value) : `\u0001${call.arguments}`}`,
  };
}

/** `get_order({"order_id":"123"})`, arguments cut so a report line stays a line. */
export function displayCall(name: string, args: string): string {
  const shown = args.length > displayLimit ? `${args.slice(0, displayLimit - 1)}…` : args;
  return `${name}(${shown})`;
}

/** The calls of one output as one line: `get_order({...}), get_customer({...})`, or "no tool call". */
export function describeCalls(calls: readonly ParsedCall[]): string {
  return calls.length === 0 ? 'no tool call' : calls.map((call) => call.display).join(', ');
}

/** Identifies an output's calls as a set: parallel calls in one message carry no order the application can rely on. */
export function callsKey(calls: readonly ParsedCall[]): string {
  return calls
    .map((call) => call.key)
    .sort()
    .join('\u0002');
}

/** JSON with object keys sorted, so key order never makes two arguments differ. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
