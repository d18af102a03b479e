// Checks a compare spec when the suite loads, so a bad regex is one error with file:line:col
// instead of thousands of failed extractions at compare time.
import type { CompareSpec } from './types.js';
import { parseKeyPath } from './key-path.js';
import { compileUserRegex, userRegexError } from './user-regex.js';

/** The problem with a spec in words, or undefined when it is usable. */
export function validateSpec(spec: CompareSpec): string | undefined {
  switch (spec.kind) {
    case 'text':
    case 'code':
      return undefined;
    case 'label':
      return (spec.extract === undefined ? undefined : extractError(spec.extract)) ?? labelsError(spec.labels);
    case 'number':
      if (spec.tolerance !== undefined && !(Number.isFinite(spec.tolerance) && spec.tolerance >= 0)) {
        return `tolerance must be a number of at least 0, got ${spec.tolerance}`;
      }
      return spec.extract === undefined ? undefined : extractError(spec.extract);
    case 'json':
    case 'tool-calls':
      for (const key of spec.keys ?? []) {
        const path = parseKeyPath(key);
        if (!Array.isArray(path)) return `keys: ${path.error}`;
      }
      return spec.keys?.length === 0
        ? 'keys is empty: list the fields that must match, or leave keys out to compare every field'
        : undefined;
  }
}

function extractError(extract: string): string | undefined {
  const error = userRegexError(extract);
  if (error !== undefined) return `invalid extract regex: ${error}`;
  // A pattern that matches the empty string "finds" an empty answer in every output.
  if (compileUserRegex(extract).test('')) return `extract regex ${extract} matches the empty string`;
  return undefined;
}

function labelsError(labels: string[] | undefined): string | undefined {
  if (labels === undefined) return undefined;
  if (labels.length === 0) return 'labels is empty';
  if (labels.some((label) => label.trim() === '')) return 'labels contains an empty label';
  const seen = new Set<string>();
  for (const label of labels) {
    const key = label.trim().toLowerCase();
    if (seen.has(key)) return `labels lists "${label}" twice (labels are compared ignoring case)`;
    seen.add(key);
  }
  return undefined;
}
