// The answer of a `tool-calls` case: the calls, parsed. No call, or a call whose arguments are not
// JSON, gives no value (as invalid JSON does for a json case): a break the consumer notices.
import type { ToolCall } from '../../domain/outcome.js';
import type { PathSegment } from '../../suite/key-path.js';
import { parseKeyPath } from '../../suite/key-path.js';
import type { Extracted, TypedComparison } from '../typed/types.js';
import { compareCalls } from './compare-calls.js';
import { describeCalls, parseCalls, type ParsedCall } from './parse-calls.js';

export function extractCalls(toolCalls: readonly ToolCall[] | undefined): Extracted {
  const calls = parseCalls(toolCalls);
  if (calls.length === 0) return { ok: false, value: null, display: 'no tool call', error: 'no tool call' };
  const invalid = calls.find((call) => !call.args.ok);
  if (invalid && !invalid.args.ok) {
    return {
      ok: false,
      value: null,
      display: invalid.display,
      error: `${invalid.name}'s arguments are not valid JSON: ${invalid.args.error}`,
    };
  }
  // Sorted: the calls of one message are parallel, so two orders are one answer.
  return { ok: true, value: [...calls].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), display: describeCalls(calls) };
}

export function compareExtractedCalls(baseline: unknown, candidate: unknown, keys: string[] | undefined): TypedComparison {
  const paths = keys?.map(parseKeyPath).filter((path): path is PathSegment[] => Array.isArray(path));
  const { equal, keyDifferences, otherDifferences } = compareCalls(baseline as ParsedCall[], candidate as ParsedCall[], paths);
  return { equal, keyDifferences, otherDifferences };
}
