// Candidate vs baseline on the tool calls of one output each: the same functions, called with the
// same arguments (key by key, as JSON), none missing, none extra. Calls in one message are
// parallel (the application runs them all, then answers them all), so their order is a form
// difference, not a change.
import type { PathSegment } from '../../suite/key-path.js';
import { describeDifference, diffJson, isWithin, valueAt, type LeafDifference } from '../typed/json-paths.js';
import type { ParsedCall } from './parse-calls.js';

export interface CallsComparison {
  /** No call changed, went missing or was added (with `keys`, on those argument paths). */
  equal: boolean;
  /** What changed: "calls cancel_order(...) where the baseline calls get_order(...)", "get_order: order_id: \"123\" → \"124\"". */
  keyDifferences: string[];
  /** What differs without counting: the order of the calls, arguments outside `keys`. */
  otherDifferences: string[];
  /** Calls whose arguments are not valid JSON on each side: what breaks an application that parses them. */
  invalid: { baseline: string[]; candidate: string[] };
}

/** `keys`: the argument paths that must match (every argument when absent); names, missing and extra calls always count. */
export function compareCalls(baseline: readonly ParsedCall[], candidate: readonly ParsedCall[], keys?: PathSegment[][]): CallsComparison {
  const keyDifferences: string[] = [];
  const otherDifferences: string[] = [];
  const restBase = baseline.map((call, index) => ({ call, index }));
  const restCand = candidate.map((call, index) => ({ call, index }));
  const pairs: Array<[{ call: ParsedCall; index: number }, { call: ParsedCall; index: number }]> = [];

  // Identical calls first, then calls of the same function (whose arguments differ).
  for (const same of [(a: ParsedCall, b: ParsedCall) => a.key === b.key, (a: ParsedCall, b: ParsedCall) => a.name === b.name]) {
    for (let i = 0; i < restBase.length; ) {
      const j = restCand.findIndex((item) => same(restBase[i]!.call, item.call));
      if (j < 0) {
        i++;
        continue;
      }
      pairs.push([restBase[i]!, restCand[j]!]);
      restBase.splice(i, 1);
      restCand.splice(j, 1);
    }
  }
  for (const [base, cand] of pairs) {
    const found = argumentDifferences(base.call, cand.call, keys);
    keyDifferences.push(...found.key);
    otherDifferences.push(...found.other);
  }
  // Left over on both sides: another function in its place; then calls only one side made.
  while (restBase.length > 0 && restCand.length > 0) {
    const base = restBase.shift()!;
    const cand = restCand.shift()!;
    keyDifferences.push(`calls ${cand.call.display} where the baseline calls ${base.call.display}`);
  }
  for (const { call } of restBase) keyDifferences.push(`drops the call ${call.display}`);
  for (const { call } of restCand) keyDifferences.push(`adds a call ${call.display}`);
  const reordered = pairs.some(([base, cand], k) => k > 0 && base.index > pairs[k - 1]![0].index !== cand.index > pairs[k - 1]![1].index);
  if (keyDifferences.length === 0 && reordered) otherDifferences.push('the same calls in another order (parallel calls carry no order)');
  return {
    equal: keyDifferences.length === 0,
    keyDifferences,
    otherDifferences,
    invalid: { baseline: invalidCalls(baseline), candidate: invalidCalls(candidate) },
  };
}

function argumentDifferences(base: ParsedCall, cand: ParsedCall, keys: PathSegment[][] | undefined): { key: string[]; other: string[] } {
  if (base.key === cand.key) return { key: [], other: [] };
  if (!base.args.ok || !cand.args.ok) {
    const which = !cand.args.ok ? `not valid JSON (${cand.args.error})` : 'valid JSON';
    return { key: [`${cand.name}: arguments ${which} where the baseline's are ${base.args.ok ? 'valid JSON' : 'not'}`], other: [] };
  }
  const label = (difference: LeafDifference) => `${cand.name}: ${describeDifference(difference)}`;
  const [before, after] = [base.args.value, cand.args.value];
  const all = diffJson(before, after);
  if (!keys) return { key: all.map(label), other: [] };
  const keyed = keys.flatMap((path) => diffJson(valueAt(before, path), valueAt(after, path), path));
  const others = all.filter(({ path }) => !keys.some((key) => isWithin(path, key) || isWithin(key, path)));
  return { key: keyed.map(label), other: others.map(label) };
}

function invalidCalls(calls: readonly ParsedCall[]): string[] {
  return calls.filter((call) => !call.args.ok).map((call) => `${call.name} (${call.args.ok ? '' : call.args.error})`);
}
