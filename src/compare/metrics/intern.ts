// Word sequences as strings of single UTF-16 code units, one per word, so that character
// algorithms run on words: fastest-levenshtein's bit-parallel Myers distance for the word edit
// distance, and the bit-parallel LCS for ROUGE-L and wordDiff.
//
// Only equality between a word of one side and a word of the other matters to both algorithms,
// so only the words the two sides share get their own code; every word found on one side only
// becomes one shared "no match" code per side. That keeps the alphabet small (fastest-levenshtein
// keys a 65,536-entry table by code unit) and makes the encoding exact for any number of
// distinct words, as long as the sides share fewer than MAX_SHARED distinct words (over 60,000:
// several hundred kilobytes of text on each side). Past that, the remaining shared words are
// coded as one-side-only, which can only lower similarity; it is the one inexact case.

const ONLY_A = 0;
const ONLY_B = 1;
const FIRST_SHARED = 2;
// Surrogate code units are skipped so the strings are well-formed UTF-16 for any consumer.
const SURROGATES_START = 0xd800;
const SURROGATES_END = 0xe000;
export const MAX_SHARED = 0x10000 - FIRST_SHARED - (SURROGATES_END - SURROGATES_START);

export interface InternedPair {
  a: string;
  b: string;
}

export function internPair(a: readonly string[], b: readonly string[]): InternedPair {
  const inA = new Set(a);
  const codes = new Map<string, number>();
  let next = FIRST_SHARED;
  for (const token of b) {
    if (next === SURROGATES_START) next = SURROGATES_END;
    if (next <= 0xffff && inA.has(token) && !codes.has(token)) codes.set(token, next++);
  }
  return { a: encode(a, codes, ONLY_A), b: encode(b, codes, ONLY_B) };
}

function encode(tokens: readonly string[], codes: Map<string, number>, onlyHere: number): string {
  const units = new Uint16Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) units[i] = codes.get(tokens[i]!) ?? onlyHere;
  // fromCharCode takes arguments; chunks keep under engines' argument-count limits.
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
  return out;
}
