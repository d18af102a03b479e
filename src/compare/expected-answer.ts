// A case's `expected:` answer, checked against what one output gives, the way the case's compare
// kind reads outputs: the extracted label (ignoring case), number (within the tolerance), JSON
// (the `keys` fields, else the whole value) or code (ignoring blank lines and trailing spaces);
// for text, the whole output after normalizeText (Unicode forms, quotes and dashes, case and
// whitespace runs), so "Hello!" matches " hello! " but not "Hello." or "Hello there!".
import { normalizeText } from './metrics/normalize.js';
import { compareTyped } from './typed/compare-typed.js';
import type { Extracted } from './typed/types.js';
import type { CompareSpec } from '../suite/types.js';

const displayLimit = 80;

/** Whether one output gives the expected answer; `extracted` is that output's extraction (non-text kinds). */
export function givesExpected(spec: CompareSpec, expected: unknown, output: string, extracted: Extracted | undefined): boolean {
  if (spec.kind === 'text') return normalizeText(output) === normalizeText(String(expected));
  if (!extracted?.ok) return false;
  return compareTyped(spec, extracted, asExtracted(spec, expected)).equal;
}

/** The expected answer as reasons show it: "No", "22.5", '{"order_id":"A-1"}', "\"Hello!\"". */
export function describeExpected(spec: CompareSpec, expected: unknown): string {
  const text =
    spec.kind === 'json'
      ? JSON.stringify(expected)
      : spec.kind === 'text' || spec.kind === 'code'
        ? JSON.stringify(String(expected))
        : String(expected);
  return text.length > displayLimit ? `${text.slice(0, displayLimit - 1)}…` : text;
}

function asExtracted(spec: CompareSpec, expected: unknown): Extracted {
  const value = spec.kind === 'label' || spec.kind === 'code' ? String(expected) : expected;
  return { ok: true, value, display: describeExpected(spec, expected) };
}
