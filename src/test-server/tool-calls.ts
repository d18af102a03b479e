// Tool calls the test server makes, deterministic from the request: a script rule's calls, else,
// when the request offers tools and the last message is not a tool's answer, a call of the tool
// that tool_choice names, or the first tool whose name the last user message mentions (the first
// tool at all under tool_choice "required"), with arguments read from "name=value" or
// "name: value" in that message for each parameter the tool's schema declares.
import { contentText } from './tokens.js';

export interface ServerToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** As a script rule or respond() writes a call: arguments as JSON text (sent as written, valid or not) or a value. */
export interface WrittenToolCall {
  name: string;
  arguments?: string | Record<string, unknown>;
}

interface ToolRequest {
  model: string;
  messages: Array<{ role: string; content?: unknown }>;
  tools?: unknown;
  tool_choice?: unknown;
  functions?: unknown;
}

export function toServerCalls(calls: readonly WrittenToolCall[], seed: string): ServerToolCall[] {
  return calls.map((call, index) => ({
    id: callId(seed, index),
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    },
  }));
}

/** Ids depend on the request only, so a replayed conversation sends the same tool_call_id again. */
export function callId(seed: string, index: number): string {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  return `call_${hash.toString(36)}${index}`;
}

export function lastIsToolResult(messages: ToolRequest['messages']): boolean {
  const last = messages[messages.length - 1];
  return last?.role === 'tool' || last?.role === 'function';
}

/** The call the server makes on its own, or undefined (it answers with text). */
export function defaultToolCalls(body: ToolRequest): ServerToolCall[] | undefined {
  const tools = functionsOf(body);
  if (tools.length === 0 || lastIsToolResult(body.messages) || body.tool_choice === 'none') return undefined;
  const text = lastUserText(body.messages);
  const named = namedChoice(body.tool_choice);
  const tool =
    (named && tools.find((t) => t.name === named)) ??
    tools.find((t) => text.includes(t.name)) ??
    (body.tool_choice === 'required' ? tools[0] : undefined);
  if (!tool) return undefined;
  const args: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(tool.properties)) {
    const value = readArgument(text, name, schema);
    if (value !== undefined) args[name] = value;
    else if (tool.required.includes(name)) args[name] = emptyOf(schema);
  }
  return toServerCalls([{ name: tool.name, arguments: args }], `${body.model}\u0000${JSON.stringify(body.messages)}`);
}

interface FunctionTool {
  name: string;
  properties: Record<string, { type?: unknown }>;
  required: string[];
}

function functionsOf(body: ToolRequest): FunctionTool[] {
  const list = Array.isArray(body.tools)
    ? body.tools.map((tool) => (isObject(tool) && isObject(tool['function']) ? tool['function'] : undefined))
    : Array.isArray(body.functions)
      ? body.functions
      : [];
  return list.filter(isObject).flatMap((fn) => {
    if (typeof fn['name'] !== 'string') return [];
    const parameters = isObject(fn['parameters']) ? fn['parameters'] : {};
    const properties = isObject(parameters['properties']) ? (parameters['properties'] as FunctionTool['properties']) : {};
    const required = Array.isArray(parameters['required']) ? parameters['required'].filter((r): r is string => typeof r === 'string') : [];
    return [{ name: fn['name'], properties, required }];
  });
}

function namedChoice(choice: unknown): string | undefined {
  if (!isObject(choice)) return undefined;
  const fn = choice['function'];
  return isObject(fn) && typeof fn['name'] === 'string' ? fn['name'] : typeof choice['name'] === 'string' ? choice['name'] : undefined;
}

function readArgument(text: string, name: string, schema: { type?: unknown }): unknown {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const match = new RegExp(`${escaped}\\s*[=:]\\s*("[^"]*"|[^\\s,;]+)`, 'u').exec(text);
  if (!match) return undefined;
  // A value at the end of a sentence ("order_id=A-1.") ends before the full stop.
  const raw = match[1]!.startsWith('"') ? match[1]!.slice(1, -1) : match[1]!.replace(/[.!?)]+$/u, '');
  if (schema.type === 'integer' || schema.type === 'number') return Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (schema.type === 'boolean') return raw === 'true';
  return raw;
}

function emptyOf(schema: { type?: unknown }): unknown {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return '';
  }
}

function lastUserText(messages: ToolRequest['messages']): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return contentText(messages[i]!.content);
  return '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
