import type { ToolCall } from '../domain/outcome.js';

/**
 * The calls in a chat completion's message, in order: `tool_calls` (function calls; a `custom`
 * tool's call keeps its raw input as its arguments), or the legacy `function_call` of the
 * functions API (gpt-4-0613), which has no id. Arguments are kept as the model wrote them, valid
 * JSON or not: invalid arguments are the model's answer, which the comparison judges. A call
 * that is not shaped like one is the provider's bug, reported as a problem, never dropped.
 */
export function messageToolCalls(message: Record<string, unknown>, where: string): ToolCall[] | { problem: string } {
  const calls: ToolCall[] = [];
  const toolCalls = message['tool_calls'];
  if (toolCalls !== undefined && toolCalls !== null) {
    if (!Array.isArray(toolCalls)) return { problem: `${where}.tool_calls is ${kindOf(toolCalls)}, not a list` };
    for (const [index, item] of toolCalls.entries()) {
      const call = toolCall(item, `${where}.tool_calls[${index}]`);
      if ('problem' in call) return call;
      calls.push(call);
    }
  }
  const legacy = message['function_call'];
  if (legacy !== undefined && legacy !== null) {
    const call = functionCall(legacy, null, `${where}.function_call`);
    if ('problem' in call) return call;
    calls.push(call);
  }
  return calls;
}

function toolCall(item: unknown, where: string): ToolCall | { problem: string } {
  if (!isObject(item)) return { problem: `${where} is ${kindOf(item)}, not a tool call` };
  const id = typeof item['id'] === 'string' ? item['id'] : null;
  if (item['type'] === 'custom' && isObject(item['custom'])) {
    const custom = item['custom'];
    if (typeof custom['name'] !== 'string') return { problem: `${where}.custom.name is not text` };
    return { id, name: custom['name'], arguments: typeof custom['input'] === 'string' ? custom['input'] : '' };
  }
  return functionCall(item['function'], id, `${where}.function`);
}

function functionCall(value: unknown, id: string | null, where: string): ToolCall | { problem: string } {
  if (!isObject(value)) return { problem: `${where} is ${kindOf(value)}, not a function call` };
  const name = value['name'];
  if (typeof name !== 'string' || name === '') return { problem: `${where}.name is ${kindOf(name)}, not a function name` };
  const args = value['arguments'];
  // Some providers send the arguments already parsed; the API's own form is their JSON text.
  const text = typeof args === 'string' ? args : args === undefined || args === null ? '' : JSON.stringify(args);
  return { id, name, arguments: text };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
