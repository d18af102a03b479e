// Cheap features of how an answer is written, for the style test. Each is a number per output;
// the test compares an endpoint's answer with the recording's answer to the same prompt, so
// what matters is that a feature moves between snapshots and stays put between two samples of
// one snapshot. Chosen from what distinguishes OpenAI's snapshots on alpaca_eval: later GPT-4s
// write longer answers with Markdown headers and bold list titles ("1. **Title**: ..."), gpt-4o
// uses em-dashes, gpt-3.5 and gpt-4-0314 say "As an AI language model", and so on.
//
// Counts enter as log(1 + count): a difference of logs is a ratio, so a 300- against a 200-word
// answer weighs like 30 against 20 words, and one answer with 40 bullets does not outweigh forty
// prompts. The paired difference of log(1 + words) is the log of the length ratio to the
// recording; a length ratio to the prompt would add nothing, because the prompt is the same on
// both sides of a pair and cancels.

interface Feature {
  name: string;
  value: (text: Parsed) => number;
}

interface Parsed {
  text: string;
  lines: string[];
  words: string[];
  sentences: number;
  paragraphs: string[];
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
// A sentence ends at . ! ? before a space or the end, and at a line break before a list item or
// a blank line (list items and headers often carry no full stop).
const SENTENCE_END = /[.!?]+(?=\s|$)|(?<![.!?:])\n(?=\s*(?:[-*+•]|\d+[.)])\s|\s*\n)/g;
const LIST_ITEM = /^\s*(?:[-*+•]|\d+[.)])\s+/;

const log1p = Math.log1p;
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;
const countLines = (lines: string[], pattern: RegExp): number => lines.reduce((n, line) => n + (pattern.test(line) ? 1 : 0), 0);
const has = (text: string, pattern: RegExp): number => (pattern.test(text) ? 1 : 0);
const per100Words = (n: number, p: Parsed): number => (100 * n) / Math.max(1, p.words.length);

export const STYLE_FEATURES: readonly Feature[] = [
  // Length and shape.
  { name: 'words', value: (p) => log1p(p.words.length) },
  { name: 'sentences', value: (p) => log1p(p.sentences) },
  { name: 'words per sentence', value: (p) => log1p(p.words.length / Math.max(1, p.sentences)) },
  { name: 'paragraphs', value: (p) => log1p(p.paragraphs.length) },
  { name: 'letters per word', value: (p) => p.words.reduce((n, w) => n + w.length, 0) / Math.max(1, p.words.length) },
  // Markdown.
  { name: 'headers', value: (p) => log1p(countLines(p.lines, /^\s{0,3}#{1,6}\s/)) },
  { name: 'bullets', value: (p) => log1p(countLines(p.lines, /^\s*[-*+•]\s+/)) },
  { name: 'numbered items', value: (p) => log1p(countLines(p.lines, /^\s*\d+[.)]\s+/)) },
  { name: 'bold list titles', value: (p) => log1p(countLines(p.lines, /^\s*(?:[-*+•]|\d+[.)])\s+\*\*[^*\n]+\*\*/)) },
  { name: 'bold spans', value: (p) => log1p(count(p.text, /\*\*[^*\n]+\*\*/g)) },
  { name: 'code fences', value: (p) => log1p(countLines(p.lines, /^\s*(?:```|~~~)/) / 2) },
  { name: 'inline code', value: (p) => log1p(count(p.text, /(?<!`)`[^`\n]+`(?!`)/g)) },
  { name: 'table rows', value: (p) => log1p(countLines(p.lines, /^\s*\|.*\|\s*$/)) },
  { name: 'lines ending in a colon', value: (p) => log1p(countLines(p.lines, /:\s*$/)) },
  { name: 'list items per paragraph', value: (p) => countLines(p.lines, LIST_ITEM) / Math.max(1, p.paragraphs.length) },
  // Punctuation and typography.
  { name: 'em-dashes', value: (p) => log1p(count(p.text, /—|(?<=\s)--(?=\s)/g)) },
  { name: 'semicolons', value: (p) => log1p(count(p.text, /;/g)) },
  { name: 'exclamation marks', value: (p) => log1p(count(p.text, /!/g)) },
  { name: 'parentheses', value: (p) => log1p(count(p.text, /\(/g)) },
  { name: 'curly quotes', value: (p) => log1p(count(p.text, /[“”‘’]/g)) },
  // Phrases.
  { name: '"As an AI"', value: (p) => has(p.text, /\bas an ai\b|\bai language model\b|\bi am an ai\b|\bi'm an ai\b/i) },
  { name: 'apology', value: (p) => has(p.text, /\b(?:i'm sorry|i am sorry|i apologi[sz]e|unfortunately)\b/i) },
  {
    name: 'opener ("Sure", "Certainly")',
    value: (p) => has(p.text, /^\s*(?:sure|certainly|of course|absolutely|great question|here(?:'s| is| are))\b/i),
  },
  {
    name: 'closing offer or summary',
    value: (p) => has(lastParagraph(p), /\b(?:i hope|let me know|feel free|in conclusion|in summary|overall|to summarize|remember)\b/i),
  },
  {
    name: 'connectives per 100 words',
    value: (p) => per100Words(count(p.text, /\b(?:additionally|furthermore|moreover|however|ultimately|overall)\b/gi), p),
  },
  { name: 'contractions per 100 words', value: (p) => per100Words(count(p.text, /\b\p{L}+['’](?:s|t|re|ve|ll|d|m)\b/giu), p) },
  { name: '"I" per 100 words', value: (p) => per100Words(count(p.text, /\bI\b/g), p) },
];

export const STYLE_FEATURE_NAMES: readonly string[] = STYLE_FEATURES.map((f) => f.name);

/** One value per STYLE_FEATURES entry, in that order. */
export function styleFeatures(text: string): Float64Array {
  const parsed = parse(text);
  const values = new Float64Array(STYLE_FEATURES.length);
  STYLE_FEATURES.forEach((feature, i) => (values[i] = feature.value(parsed)));
  return values;
}

function parse(raw: string): Parsed {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  const lines = text === '' ? [] : text.split('\n');
  const paragraphs = text === '' ? [] : text.split(/\n\s*\n/).filter((block) => block.trim() !== '');
  const words = text.match(WORD) ?? [];
  const unterminated = /[.!?]$/.test(text) ? 0 : 1;
  const sentences = words.length === 0 ? 0 : count(text, SENTENCE_END) + unterminated;
  return { text, lines, words, sentences, paragraphs };
}

function lastParagraph(p: Parsed): string {
  return p.paragraphs[p.paragraphs.length - 1] ?? '';
}
