import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('gives lower-cased word tokens without punctuation', () => {
    expect(tokenize('Hello, World! (A)')).toEqual(['hello', 'world', 'a']);
  });

  it('keeps a decimal point between digits inside the token, and nothing else', () => {
    expect(tokenize('The price is $22.50, not 50.22.')).toEqual(['the', 'price', 'is', '22.50', 'not', '50.22']);
    expect(tokenize('Python 3.10.2 vs v.2')).toEqual(['python', '3.10.2', 'vs', 'v', '2']);
    // A sentence ending in a number: the full stop is not followed by a digit.
    expect(tokenize('Step 3. Next')).toEqual(['step', '3', 'next']);
    // Commas split: "1,000" and "1,2,3" are treated alike.
    expect(tokenize('1,000 and 1,2,3')).toEqual(['1', '000', 'and', '1', '2', '3']);
  });

  it('splits on apostrophes and hyphens', () => {
    expect(tokenize("Don't stop state-of-the-art")).toEqual(['don', 't', 'stop', 'state', 'of', 'the', 'art']);
  });

  it('is Unicode aware: accents, combining marks, other scripts', () => {
    expect(tokenize('Nai\u0308ve caf\u00e9')).toEqual(['na\u00efve', 'caf\u00e9']);
    // Devanagari vowel signs are combining marks: each word stays whole.
    expect(tokenize('\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e')).toEqual([
      '\u0928\u092e\u0938\u094d\u0924\u0947',
      '\u0926\u0941\u0928\u093f\u092f\u093e',
    ]);
    expect(tokenize('\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440')).toEqual([
      '\u043f\u0440\u0438\u0432\u0435\u0442',
      '\u043c\u0438\u0440',
    ]);
  });

  it('makes each Han, Hiragana and Katakana character a token', () => {
    // 東京タワーは高い: the prolonged sound mark ー is its own token too.
    expect(tokenize('\u6771\u4eac\u30bf\u30ef\u30fc\u306f\u9ad8\u3044')).toEqual([
      '\u6771',
      '\u4eac',
      '\u30bf',
      '\u30ef',
      '\u30fc',
      '\u306f',
      '\u9ad8',
      '\u3044',
    ]);
    expect(tokenize('hello\u4e16\u754c')).toEqual(['hello', '\u4e16', '\u754c']);
  });

  it('gives no tokens for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' ... !!! ')).toEqual([]);
  });
});
