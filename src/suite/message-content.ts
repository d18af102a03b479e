import type { ChatMessage, ContentPart } from './types.js';

/** A message's text: its content, or its text parts joined by newlines; '' for none. */
export function messageText(message: Pick<ChatMessage, 'content'>): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is Extract<ContentPart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

/** The images of a message's content parts. */
export function messageImages(message: Pick<ChatMessage, 'content'>): Array<{ url: string; detail?: 'auto' | 'low' | 'high' }> {
  if (!Array.isArray(message.content)) return [];
  return message.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url] : []));
}
