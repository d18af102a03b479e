// The canonical form two outputs are compared in: differences a reader would not call a change
// (Unicode compatibility forms, typographic quotes and dashes, case, line wrapping) disappear;
// everything else stays. It never drops words or punctuation: a survey answer "(A)" must not
// become "a" (the same as the article), and "not" must not vanish.

// U+2018..U+201B: ‘ ’ ‚ ‛ (models switch between these and ' from one snapshot to the next).
const SINGLE_QUOTES = /[\u2018-\u201b]/g;
// U+201C..U+201F: “ ” „ ‟
const DOUBLE_QUOTES = /[\u201c-\u201f]/g;
// Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
const DASHES = /[\u2010-\u2015\u2212]/g;
// JS \s (which covers NBSP and the other Unicode spaces) plus the zero-width characters that
// only affect line breaking: a zero-width space between two words is a word break.
const WHITESPACE = /[\s\u200b\u2060]+/g;

/**
 * NFKC, curly quotes and dashes to ASCII, lower case, whitespace runs (including newlines) to
 * one space, trimmed. Idempotent.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .toLowerCase()
    .replace(WHITESPACE, ' ')
    .trim();
}
