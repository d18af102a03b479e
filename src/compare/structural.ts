// Breaks that a consumer of the output notices whatever its content: cut off at the token limit,
// no parseable value where the baseline gave one (invalid JSON, no label, no number), code in
// fences where the baseline returned it bare. They are evidence by themselves, in both
// directions: the reverse (finishing where the baseline was cut off, a value where it gave none)
// is an improvement. A format swap that would break a consumer either way is a change. Tool-call
// arguments that are not valid JSON where the baseline's were break the application that runs them.
import type { PairEvidence, SideEvidence } from './case-evidence.js';
import type { CaseInput } from './input.js';
import { majority } from './similarity.js';

export interface Structural {
  breaks: string[];
  fixes: string[];
  changes: string[];
  /** Of the breaks and fixes, those in tool calls' arguments (invalid JSON on one side). */
  callBreaks: string[];
  callFixes: string[];
}

export function structuralEvidence(testCase: CaseInput, baseline: SideEvidence, candidate: SideEvidence, pair: PairEvidence): Structural {
  const found: Structural = { breaks: [], fixes: [], changes: [], callBreaks: [], callFixes: [] };
  if (candidate.flags.truncated && !baseline.flags.truncated)
    found.breaks.push('cut off at the token limit (finish_reason length) where the baseline finished');
  if (baseline.flags.truncated && !candidate.flags.truncated)
    found.fixes.push('finishes where the baseline was cut off at the token limit');

  const kind = testCase.compare.kind;
  // Arguments the application cannot parse break it whatever the call (a tool-calls case reads
  // this from its typed value below).
  if (pair.calls && kind !== 'tool-calls' && pair.calls.baseline.length > 0 && pair.calls.candidate.length > 0) {
    const { baseline: before, candidate: after } = pair.calls.comparison.invalid;
    if (after.length > 0 && before.length === 0)
      found.callBreaks.push(`tool call arguments are not valid JSON where the baseline's are: ${after.join('; ')}`);
    if (before.length > 0 && after.length === 0)
      found.callFixes.push(`tool call arguments are valid JSON where the baseline's are not: ${before.join('; ')}`);
    found.breaks.push(...found.callBreaks);
    found.fixes.push(...found.callFixes);
  }
  if (kind === 'code') {
    const baseFenced = majority(baseline.extracted.map((item) => item.fenced === true));
    const candFenced = majority(candidate.extracted.map((item) => item.fenced === true));
    if (candFenced && !baseFenced)
      found.breaks.push('wraps its code in Markdown fences where the baseline returned bare code (code run or parsed as is breaks)');
    if (baseFenced && !candFenced)
      found.changes.push('returns bare code where the baseline fenced it (code read from a fenced block breaks)');
    return found;
  }
  if (!pair.typed || kind === 'text') return found;
  const { baseline: b, candidate: c } = pair.typed;
  if (b.ok && !c.ok) {
    found.breaks.push(
      kind === 'json'
        ? `not valid JSON where the baseline was: ${c.error ?? ''}`.trimEnd()
        : `${c.error ?? `no ${kind} found`}; the baseline gave ${b.display}`,
    );
  } else if (!b.ok && c.ok) {
    found.fixes.push(
      kind === 'json'
        ? `valid JSON where the baseline's was not (${b.error ?? 'invalid'})`
        : `gives ${kind} ${c.display} where the baseline gave none (${b.error ?? `no ${kind} found`})`,
    );
  }
  return found;
}
