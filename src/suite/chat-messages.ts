// Messages as the Chat Completions API has them: what each role needs, and whether a
// conversation's tool calls and tool answers fit together. The API answers a malformed
// conversation with a 400 only after the run has started: here each problem is a suite error at
// the message that has it.
import type { IssueLocation, SuiteIssue } from '../errors.js';
import type { WrittenMessage } from './schema.js';
import type { ChatMessage, ContentPart } from './types.js';
import { pathText } from './zod-issues.js';
import type { YamlPath } from './yaml-document.js';

/** The message as it is sent: call arguments as JSON text, an image given as a bare URL as { url }, calls typed `function`. */
export function toChatMessage(written: WrittenMessage): ChatMessage {
  const message: ChatMessage = { role: written.role, content: content(written.content) };
  if (written.name !== undefined) message.name = written.name;
  if (written.tool_calls) {
    message.tool_calls = written.tool_calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: {
        name: call.function.name,
        arguments: typeof call.function.arguments === 'string' ? call.function.arguments : JSON.stringify(call.function.arguments ?? {}),
      },
    }));
  }
  if (written.tool_call_id !== undefined) message.tool_call_id = written.tool_call_id;
  return message;
}

function content(written: WrittenMessage['content']): ChatMessage['content'] {
  if (written === undefined || written === null) return null;
  if (typeof written === 'string') return written;
  return written.map(
    (part): ContentPart =>
      part.type === 'text'
        ? { type: 'text', text: part.text }
        : { type: 'image_url', image_url: typeof part.image_url === 'string' ? { url: part.image_url } : part.image_url },
  );
}

const DATA_URL = /^data:image\/[\w.+-]+;base64,[A-Za-z0-9+/\n\r]+=*$/u;

/** Every problem of a case's messages, each at the field that has it. */
export function checkMessages(messages: readonly WrittenMessage[], at: (path: YamlPath) => IssueLocation, base: YamlPath): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  const issue = (path: YamlPath, message: string, hint?: string) =>
    issues.push({ ...at([...base, ...path]), message: `${pathText([...base, ...path])}: ${message}`, ...(hint && { hint }) });
  /** Calls made and not yet answered, by id, with where they were made. */
  let open = new Map<string, number>();
  const ids = new Set<string>();
  for (const [i, message] of messages.entries()) {
    const hasText = message.content !== undefined && message.content !== null;
    if (message.role !== 'tool' && open.size > 0) {
      const [id, made] = [...open.entries()][0]!;
      issue(
        [i],
        `tool call '${id}' of messages[${made}] has no tool message answering it`,
        `add { role: tool, tool_call_id: ${id}, content: ... } after messages[${made}]`,
      );
      open = new Map();
    }
    switch (message.role) {
      case 'assistant':
        if (!hasText && !message.tool_calls?.length) issue([i], 'an assistant message needs content or tool_calls');
        for (const [j, call] of (message.tool_calls ?? []).entries()) {
          if (ids.has(call.id)) issue([i, 'tool_calls', j, 'id'], `tool call id '${call.id}' is used twice`);
          ids.add(call.id);
          open.set(call.id, i);
          if (typeof call.function.arguments === 'string' && call.function.arguments.trim() !== '') {
            try {
              JSON.parse(call.function.arguments);
            } catch {
              issue(
                [i, 'tool_calls', j, 'function', 'arguments'],
                'not valid JSON',
                'write the arguments as a mapping, or as valid JSON text',
              );
            }
          }
        }
        break;
      case 'tool':
        if (message.tool_call_id === undefined) issue([i], 'a tool message needs tool_call_id: the id of the call it answers');
        else if (!open.has(message.tool_call_id)) {
          issue(
            [i, 'tool_call_id'],
            ids.has(message.tool_call_id)
              ? `tool call '${message.tool_call_id}' is already answered`
              : `no assistant message before it made a tool call '${message.tool_call_id}'`,
          );
        } else open.delete(message.tool_call_id);
        if (!hasText) issue([i], 'a tool message needs content: what the tool answered');
        if (Array.isArray(message.content) && message.content.some((part) => part.type !== 'text'))
          issue([i, 'content'], 'a tool message can hold text parts only');
        break;
      default:
        if (!hasText) issue([i], `a ${message.role} message needs content`);
        if (message.role !== 'user' && Array.isArray(message.content) && message.content.some((part) => part.type !== 'text'))
          issue([i, 'content'], `a ${message.role} message can hold text parts only; images go in user messages`);
    }
    if (message.tool_calls && message.role !== 'assistant') issue([i, 'tool_calls'], 'only an assistant message makes tool calls');
    if (message.tool_call_id !== undefined && message.role !== 'tool') issue([i, 'tool_call_id'], 'only a tool message answers a call');
    for (const [j, part] of (Array.isArray(message.content) ? message.content : []).entries()) {
      if (part.type !== 'image_url') continue;
      const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
      const path: YamlPath = [i, 'content', j, 'image_url', ...(typeof part.image_url === 'string' ? [] : ['url'])];
      if (url.startsWith('data:')) {
        if (!DATA_URL.test(url)) issue(path, 'not a base64 image data URL', 'write data:image/png;base64,<the bytes in base64>');
      } else if (!/^https?:\/\/[^\s/]+/u.test(url)) issue(path, 'an image URL must start with https:// (or http://), or be a data URL');
    }
  }
  if (open.size > 0) {
    const [id, made] = [...open.entries()][0]!;
    issue(
      [made, 'tool_calls'],
      `tool call '${id}' has no tool message answering it`,
      `add { role: tool, tool_call_id: ${id}, content: ... } after it`,
    );
  }
  return issues;
}
