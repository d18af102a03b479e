import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

// Sorted keys make two requests that differ only in key order hash the same; throwing on
// anything JSON cannot represent keeps a hash from silently covering a lossy encoding.
const stableStringify = configure({ deterministic: true, bigint: false, circularValue: Error });

export function canonicalJson(value: unknown): string {
  const text = stableStringify(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
