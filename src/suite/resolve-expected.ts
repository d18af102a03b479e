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
    case 'tool-calls':
      return expectedCalls(written);
  }
}

/**
 * The calls a tool-calls case expects: a list of `{ name, arguments }` (one mapping for one
 * call; a JSON string as a CSV cell holds it). Arguments left out are not checked; given as a
 * mapping or as their JSON text.
 */
function expectedCalls(written: unknown): { value?: unknown; problem?: string } {
  let value = written;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return { problem: 'expected: the calls for a tool-calls comparison, as a list of { name, arguments }; got text that is not JSON' };
    }
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return { problem: 'expected: an empty list of calls (write no-tool-call as an assertion instead)' };
  const calls: Array<{ name: string; arguments?: unknown }> = [];
  for (const [index, item] of list.entries()) {
    const where = list.length === 1 && !Array.isArray(value) ? 'expected' : `expected[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return { problem: `${where}: a call { name, arguments }, got ${shape(item)}` };
    const call = item as Record<string, unknown>;
    const unknown = Object.keys(call).find((key) => key !== 'name' && key !== 'arguments');
    if (unknown !== undefined) return { problem: `${where}: unknown key '${unknown}' (a call has name and arguments)` };
    if (typeof call['name'] !== 'string' || call['name'] === '') return { problem: `${where}: a call needs a name (the function's)` };
    let args = call['arguments'];
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args) as unknown;
      } catch {
        return { problem: `${where}.arguments: text that is not JSON; write the arguments as a mapping` };
      }
    }
    calls.push({ name: call['name'], ...(args !== undefined && { arguments: args }) });
  }
  return { value: calls };
}

function shape(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
