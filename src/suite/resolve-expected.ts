import type { CompareSpec } from './types.js';

/**
 * A case's `expected:` as its compare kind reads it: a label is text, a number a finite number
 * ("42" from a CSV cell too), JSON any value (a string is parsed, as a CSV cell or a quoted YAML
 * scalar holds it), text and code text. null means no expected answer (JSONL rows of tasks
 * without one). Returns the problem in words when the value cannot be that kind.
 */
export function resolveExpected(written: unknown, compare: CompareSpec): { value?: unknown; problem?: string } {
  if (written === undefined || written === null) return {};
  switch (compare.kind) {
    case 'label': {
      if (typeof written === 'object') return { problem: `expected: a label (text) for a label comparison, got ${shape(written)}` };
      const label = String(written).trim();
      if (label === '') return { problem: 'expected: an empty label' };
      if (compare.labels && !compare.labels.some((known) => known.trim().toLowerCase() === label.toLowerCase())) {
        return { problem: `expected: "${label}" is not one of the labels (${compare.labels.join(', ')})` };
      }
      return { value: label };
    }
    case 'number': {
      const value =
        typeof written === 'number'
          ? written
          : typeof written === 'string' && written.trim() !== ''
            ? Number(written.trim().replace(/,/gu, ''))
            : Number.NaN;
      if (!Number.isFinite(value)) return { problem: `expected: a number for a number comparison, got ${shape(written)}` };
      return { value };
    }
    case 'json': {
      if (typeof written !== 'string') return { value: written };
      try {
        return { value: JSON.parse(written) as unknown };
      } catch {
        return {
          problem: `expected: JSON for a json comparison, got text that is not JSON: ${JSON.stringify(written.length > 40 ? `${written.slice(0, 40)}…` : written)}`,
        };
      }
    }
    case 'text':
    case 'code':
      if (typeof written === 'object') return { problem: `expected: a text for a ${compare.kind} comparison, got ${shape(written)}` };
      return { value: String(written) };
  }
}

function shape(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
