// Candidate vs baseline on the answer a case compares, once both are extracted.
import { diffArrays } from 'diff';
import type { CompareSpec } from '../../suite/types.js';
import { parseKeyPath, type PathSegment } from '../../suite/key-path.js';
import { describeDifference, diffJson, isWithin, valueAt, type LeafDifference } from './json-paths.js';
import type { Extracted, TypedComparison } from './types.js';
import { compareExtractedCalls } from '../tool-calls/extract-calls.js';

// A report lists differences for a person; past this many the rest is a count.
const listLimit = 50;

/** Equal only when both sides extracted: two outputs without an answer are not the same answer. */
export function compareTyped(spec: CompareSpec, baseline: Extracted, candidate: Extracted): TypedComparison {
  if (spec.kind === 'text') return { equal: baseline.value === candidate.value, keyDifferences: [], otherDifferences: [] };
  if (!baseline.ok || !candidate.ok) {
    const failures = [
      ...(baseline.ok ? [] : [`baseline: ${baseline.error ?? 'nothing extracted'}`]),
      ...(candidate.ok ? [] : [`candidate: ${candidate.error ?? 'nothing extracted'}`]),
    ];
    return { equal: false, keyDifferences: failures, otherDifferences: [] };
  }
  switch (spec.kind) {
    case 'label':
      return compareLabels(String(baseline.value), String(candidate.value));
    case 'number':
      return compareNumbers(baseline.value as number, candidate.value as number, spec.tolerance ?? 1e-9);
    case 'json':
      return withFence(compareJson(baseline.value, candidate.value, spec.keys), baseline, candidate);
    case 'code':
      return withFence(compareCode(String(baseline.value), String(candidate.value)), baseline, candidate);
    case 'tool-calls':
      return compareExtractedCalls(baseline.value, candidate.value, spec.keys);
  }
}

function compareLabels(baseline: string, candidate: string): TypedComparison {
  if (baseline.toLowerCase() !== candidate.toLowerCase())
    return { equal: false, keyDifferences: [`${baseline} → ${candidate}`], otherDifferences: [] };
  return { equal: true, keyDifferences: [], otherDifferences: baseline === candidate ? [] : [`case only: ${baseline} → ${candidate}`] };
}

function compareNumbers(baseline: number, candidate: number, tolerance: number): TypedComparison {
  const gap = Math.abs(baseline - candidate);
  if (gap > tolerance) return { equal: false, keyDifferences: [`${baseline} → ${candidate}`], otherDifferences: [] };
  return {
    equal: true,
    keyDifferences: [],
    otherDifferences: gap === 0 ? [] : [`${baseline} → ${candidate}, within tolerance ${tolerance}`],
  };
}

/** With `keys`, only those paths decide equality; differences elsewhere are reported but do not count. */
function compareJson(baseline: unknown, candidate: unknown, keys: string[] | undefined): TypedComparison {
  const all = diffJson(baseline, candidate);
  if (keys === undefined) return { equal: all.length === 0, keyDifferences: capped(all.map(describeDifference)), otherDifferences: [] };
  const keyPaths = keys.map(parseKeyPath).filter((path): path is PathSegment[] => Array.isArray(path));
  const keyDiffs: LeafDifference[] = keyPaths.flatMap((path) => diffJson(valueAt(baseline, path), valueAt(candidate, path), path));
  // A difference above a key ("customer: {...} → null" for key customer.email) is already told by the key's own difference.
  const others = all.filter(({ path }) => !keyPaths.some((key) => isWithin(path, key) || isWithin(key, path)));
  return {
    equal: keyDiffs.length === 0,
    keyDifferences: capped(keyDiffs.map(describeDifference)),
    otherDifferences: capped(others.map(describeDifference)),
  };
}

function compareCode(baseline: string, candidate: string): TypedComparison {
  const before = codeLines(baseline);
  const after = codeLines(candidate);
  if (before.join('\n') === after.join('\n')) {
    return { equal: true, keyDifferences: [], otherDifferences: baseline === candidate ? [] : ['whitespace only'] };
  }
  // Bounded: two unrelated 2,000-line answers are "all lines differ", not a slow exact diff.
  const changes = diffArrays(before, after, { maxEditLength: 1000 });
  const removed = changes ? changes.filter((c) => c.removed).reduce((n, c) => n + c.count, 0) : before.length;
  const added = changes ? changes.filter((c) => c.added).reduce((n, c) => n + c.count, 0) : after.length;
  return {
    equal: false,
    keyDifferences: [`${removed + added} lines differ (${removed} only in baseline, ${added} only in candidate)`],
    otherDifferences: [],
  };
}

/** Trailing spaces, blank lines and line endings are not code changes; indentation is (Python). */
function codeLines(code: string): string[] {
  return code
    .split(/\r\n?|\n/u)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}

function withFence(comparison: TypedComparison, baseline: Extracted, candidate: Extracted): TypedComparison {
  if (Boolean(baseline.fenced) === Boolean(candidate.fenced)) return comparison;
  const note = `code fence: ${baseline.fenced ? 'fenced' : 'none'} → ${candidate.fenced ? 'fenced' : 'none'}`;
  return { ...comparison, otherDifferences: [...comparison.otherDifferences, note] };
}

function capped(lines: string[]): string[] {
  return lines.length <= listLimit ? lines : [...lines.slice(0, listLimit), `… and ${lines.length - listLimit} more`];
}
