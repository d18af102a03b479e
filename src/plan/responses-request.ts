// A case's messages as Responses API input items: messages with input_text and input_image
// parts, an assistant turn's calls as function_call items, a tool's answer as a
// function_call_output item. The Responses API has no message `name`: it is not sent.
import type { ChatMessage } from '../suite/types.js';

export function responsesInput(messages: readonly ChatMessage[]): unknown[] {
  const items: unknown[] = [];
  for (const message of messages) {
    if (message.role === 'tool') {
      items.push({ type: 'function_call_output', call_id: message.tool_call_id, output: textOf(message.content) });
      continue;
    }
    if (message.content !== null && !(Array.isArray(message.content) && message.content.length === 0)) {
      items.push({ role: message.role, content: content(message) });
    }
    for (const call of message.tool_calls ?? []) {
      items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
    }
  }
  return items;
}

function content(message: ChatMessage): unknown {
  if (typeof message.content === 'string' || message.content === null) return message.content ?? '';
  // An assistant's earlier text is output_text; what the user and system say is input.
  const text = message.role === 'assistant' ? 'output_text' : 'input_text';
  return message.content.map((part) =>
    part.type === 'text'
      ? { type: text, text: part.text }
      : { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' },
  );
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
}
