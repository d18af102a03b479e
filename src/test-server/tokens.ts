// A token here is a run of letters/digits or one punctuation mark: not what OpenAI's tokenizer
// counts, but deterministic, cheap and close enough for usage figures and max_tokens cuts.
const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
const WORD = /[\p{L}\p{N}_]+/gu;

export function countTokens(text: string): number {
  let n = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) n++;
  return n;
}

/** The prefix of `text` holding its first `limit` tokens, spacing kept as written. */
export function truncateTokens(text: string, limit: number): string {
  if (limit <= 0) return '';
  let n = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    if (++n === limit) return text.slice(0, m.index + m[0].length);
  }
  return text;
}

export function lowerWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Text of a message's content, whether a string or an array of content parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'object' && part !== null && typeof part.text === 'string') text += (text ? '\n' : '') + part.text;
  }
  return text;
}
