// A case's `expected:` answer, checked against what one output gives, the way the case's compare
// kind reads outputs: the extracted label (ignoring case), number (within the tolerance), JSON
// (the `keys` fields, else the whole value) or code (ignoring blank lines and trailing spaces);
// for text, the whole output after normalizeText (Unicode forms, quotes and dashes, case and
// whitespace runs), so "Hello!" matches " hello! " but not "Hello." or "Hello there!".
import { normalizeText } from './metrics/normalize.js';
import { compareTyped } from './typed/compare-typed.js';
import type { Extracted } from './typed/types.js';
import type { CompareSpec } from '../suite/types.js';
import { parseKeyPath, type PathSegment } from '../suite/key-path.js';
import { displayCall, type ParsedCall } from './tool-calls/parse-calls.js';
import { diffJson, valueAt } from './typed/json-paths.js';

const displayLimit = 80;

/** Whether one output gives the expected answer; `extracted` is that output's extraction (non-text kinds). */
export function givesExpected(spec: CompareSpec, expected: unknown, output: string, extracted: Extracted | undefined): boolean {
  if (spec.kind === 'text') return normalizeText(output) === normalizeText(String(expected));
  if (!extracted?.ok) return false;
  if (spec.kind === 'tool-calls') return callsGiveExpected(extracted.value as ParsedCall[], expected as ExpectedCall[], spec.keys);
  return compareTyped(spec, extracted, asExtracted(spec, expected)).equal;
}

/** The expected answer as reasons show it: "No", "22.5", '{"order_id":"A-1"}', "\"Hello!\"". */
export function describeExpected(spec: CompareSpec, expected: unknown): string {
  if (spec.kind === 'tool-calls') {
    const calls = (expected as ExpectedCall[]).map((call) =>
      call.arguments === undefined ? `${call.name}(…)` : displayCall(call.name, JSON.stringify(call.arguments)),
    );
    const text = calls.join(', ');
    return text.length > displayLimit ? `${text.slice(0, displayLimit - 1)}…` : text;
  }
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

type ExpectedCall = { name: string; arguments?: unknown };

/**
 * As many calls as expected, each matched by one call of the output: the same function and, where
 * the expected call gives arguments, the same arguments (with `keys`, at those paths only).
 */
function callsGiveExpected(calls: ParsedCall[], expected: ExpectedCall[], keys: string[] | undefined): boolean {
  if (calls.length !== expected.length) return false;
  const paths = keys?.map(parseKeyPath).filter((path): path is PathSegment[] => Array.isArray(path));
  const left = [...calls];
  return expected.every((want) => {
    const at = left.findIndex((call) => call.name === want.name && argumentsMatch(call, want.arguments, paths));
    if (at < 0) return false;
    left.splice(at, 1);
    return true;
  });
}

function argumentsMatch(call: ParsedCall, want: unknown, paths: PathSegment[][] | undefined): boolean {
  if (want === undefined) return true;
  if (!call.args.ok) return false;
  const actual = call.args.value;
  if (!paths) return diffJson(want, actual).length === 0;
  return paths.every((path) => diffJson(valueAt(want, path), valueAt(actual, path)).length === 0);
}
