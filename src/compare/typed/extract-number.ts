// Numbers as models write them: "$1,234.50", "-3", "1.5e3", "22.50", "12%" (12), "−3" (Unicode minus).
import { compileUserRegex, showUserRegex, type UserRegex } from '../../suite/user-regex.js';
import type { Extracted } from './types.js';

// Thousands separators only in groups of three, so "1,2,3" is three numbers, not 123. A number
// glued to a letter before it ("gpt4", "x2") is not taken whole; its digits after the letter are.
const numberPattern = /(?<![\p{L}\p{N}_.])[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(?:\.\d+)?(?:[eE][-+]?\d+)?/gu;

export function extractNumber(spec: { extract?: string }, output: string): Extracted {
  if (spec.extract === undefined) return lastNumber(output, 'no number in the output');
  let regex: UserRegex;
  try {
    regex = compileUserRegex(spec.extract);
  } catch (error) {
    return failed(`invalid extract regex: ${(error as Error).message}`);
  }
  const matches = regex.matchAll(output);
  const match = matches.at(-1);
  if (!match) return failed(`no match for ${showUserRegex(spec.extract)}`);
  const text = match.slice(1).find((group) => group !== undefined) ?? match[0];
  return lastNumber(text, `no number in "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`);
}

function lastNumber(text: string, missing: string): Extracted {
  const written = [...text.matchAll(numberPattern)].at(-1)?.[0];
  if (written === undefined) return failed(missing);
  const value = Number(written.replace(/,/gu, '').replace('−', '-'));
  if (!Number.isFinite(value)) return failed(`"${written}" is not a finite number`);
  return { ok: true, value, display: String(value) };
}

function failed(error: string): Extracted {
  return { ok: false, value: undefined, display: '', error };
}
