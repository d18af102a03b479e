// Word tokens for the word-level metrics (token F1, ROUGE-L, word edit distance, length ratio).
//
// A token is a run of letters, digits and combining marks (so "naïve" in decomposed form and
// Devanagari words with vowel signs stay whole). Decisions, each because of what model outputs
// look like:
// - A decimal point between digits stays inside the token: "22.50" is one token, not "22" and
//   "50", so "$22.50" vs "$50.22" is a change and "3.10" vs "3.1" is too. Only "." joins; a
//   comma does not ("1,000" is "1" "000"), because commas between digits in model output are as
//   often list separators ("1,2,3") as thousands separators.
// - Han, Hiragana and Katakana characters are one token each: those scripts do not put spaces
//   between words, and without a dictionary a character is the only unit that is not arbitrary
//   (the same choice as BERT's basic tokenizer).
// - Apostrophes and hyphens split: "don't" is "don" "t", "state-of-the-art" is four tokens.
// - Punctuation and symbols are not tokens (chrF and `exact` still see them).
import { normalizeText } from './normalize.js';

const WORD = /[\p{L}\p{N}\p{M}]+(?:(?<=\p{N})\.\p{N}+)*/gu;
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const CJK_SPLIT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
// Below U+2E80 (the start of the CJK radicals) no character is Han, Hiragana or Katakana.
const FIRST_CJK = 0x2e80;

/** Lower-cased word tokens of `text` (normalised with normalizeText first). */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text));
}

/** tokenize for text that is already the output of normalizeText (pairMetrics normalises once). */
export function tokenizeNormalized(normalized: string): string[] {
  const tokens: string[] = [];
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    if (hasHighChar(word) && CJK.test(word)) {
      for (const part of word.matchAll(CJK_SPLIT)) tokens.push(part[0]);
    } else {
      tokens.push(word);
    }
  }
  return tokens;
}

function hasHighChar(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= FIRST_CJK) return true;
  return false;
}
