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

/** The parts of a chat message a reader needs (structurally the suite's ChatMessage). */
interface MessageLike {
  content: string | Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } }> | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
}

/**
 * A prompt message as people read it: its text, each image as `[image: URL]` (a data URL shortened
 * to its type and size: reports never fetch or embed images), its tool calls as outputs show them
 * with their ids, and for a tool message the call it answers.
 */
export function shownMessage(message: MessageLike): string {
  const lines: string[] = [];
  if (message.tool_call_id !== undefined) lines.push(`[answers ${message.tool_call_id}]`);
  if (typeof message.content === 'string') lines.push(message.content);
  else if (message.content) {
    for (const part of message.content)
      lines.push(
        part.type === 'text'
          ? part.text
          : `[image: ${shownImageUrl(part.image_url.url)}${part.image_url.detail ? `, detail ${part.image_url.detail}` : ''}]`,
      );
  }
  for (const call of message.tool_calls ?? [])
    lines.push(`[tool call ${call.id}] ${call.function.name}(${prettyArguments(call.function.arguments)})`);
  return lines.join('\n\n');
}

function shownImageUrl(url: string): string {
  const data = /^data:([^;,]+)[^,]*,/u.exec(url);
  if (!data) return url.length > 200 ? `${url.slice(0, 199)}…` : url;
  const kb = Math.round(((url.length - data[0].length) * 3) / 4 / 1024);
  return `${data[1]} data URL, ${kb} KB`;
}

/**
 * A conversation as people read it: each turn's user message, then the target's answer (shown as
 * an output is), and where it ended early, why.
 */
export function shownConversation(
  turns: ReadonlyArray<{ output: string; toolCalls?: readonly ToolCall[]; ended?: string; requests?: number }>,
  users: readonly string[],
): string {
  const shown = turns.map((turn, t) => {
    // A turn answered with tool results made its calls before it wrote its text.
    const answer =
      (turn.requests ?? 1) > 1 && turn.toolCalls?.length
        ? [shownOutput('', turn.toolCalls), ...(turn.output.trim() ? [turn.output] : [])].join('\n\n')
        : shownOutput(turn.output, turn.toolCalls);
    const ended = turn.ended ? `\n\n[the conversation ended here: ${turn.ended}]` : '';
    return `[turn ${t + 1}] user: ${users[t] ?? ''}\n\n${answer}${ended}`;
  });
  return shown.join('\n\n');
}
