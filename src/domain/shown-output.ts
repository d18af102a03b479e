import type { ToolCall } from './outcome.js';

/**
 * An output as people read it in reports: its text, then each tool call on lines of its own,
 * `[tool call] get_order({ ... })` with the arguments pretty-printed (one key per line, so a
 * line diff shows the argument that changed); arguments that are not JSON are shown as written.
 */
export function shownOutput(text: string, toolCalls: readonly ToolCall[] | undefined): string {
  if (!toolCalls || toolCalls.length === 0) return text;
  const calls = toolCalls.map((call) => `[tool call] ${call.name}(${prettyArguments(call.arguments)})`);
  return [...(text.trim() === '' ? [] : [text]), ...calls].join('\n\n');
}

function prettyArguments(text: string): string {
  if (text.trim() === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return `${text} [not valid JSON]`;
  }
}
