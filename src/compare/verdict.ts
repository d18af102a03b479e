import { describeAssertion } from './assertions/describe-assertion.js';
import { distinctAnswers, type PairEvidence, type SideEvidence } from './case-evidence.js';
import { caseChecks, describeChecks, type CaseChecks } from './case-checks.js';
import { describeExpected } from './expected-answer.js';
import type { CaseInput } from './input.js';
import { lexicalFlags } from './lexical-rule.js';
import { isFlatRefusal } from './metrics/refusal.js';
import { describeFloor, usesFloor } from './noise-floor.js';
import { structuralEvidence } from './structural.js';
import { callsKey, describeCalls } from './tool-calls/parse-calls.js';
import { checksToolCalls, sameCallsNote, SETTLE_CALLS, toolCallChange } from './tool-calls/call-evidence.js';
import type { CaseComparison, JudgeGrade, LexicalFlags, NoiseFloor, Verdict } from './types.js';

export interface VerdictInput {
  testCase: CaseInput;
  candidate: string;
  baseline: SideEvidence;
  side: SideEvidence;
  pair: PairEvidence;
  /** The suite's floor for cases compared lexically. */
  floor: NoiseFloor;
  judge?: { forward: JudgeGrade | null; backward: JudgeGrade | null; error?: string };
  embedding?: { cosine: number; floor: number | null };
}

type Found = { verdict: Verdict; confirmed: boolean; reasons: string[]; lexical?: LexicalFlags & { similarity: number } };

const SETTLE_TYPED = 'nothing says which answer is right: an expected: answer or an assertion on this case would settle it';
const SETTLE_REFUSAL = 'refusal heuristic, unconfirmed: an assertion, an expected: answer or a judge would settle it';

/**
 * One candidate against the baseline on one case. A difference is `changed` until evidence says
 * which side is right: the user's checks (assertions, expected:) decide both ways; breaks a
 * consumer notices whatever the content (truncation, no parseable value, fences around bare
 * code) are evidence by themselves; typed values, the judge and embeddings say whether the
 * answers agree. What only the text can say is decided by the suite's noise rule, unconfirmed,
 * and weighed at suite level against the baseline's own noise (decision.ts).
 */
export function decideVerdict(input: VerdictInput): CaseComparison {
  const { testCase, candidate, baseline, side, pair, floor } = input;
  const unstable = instability(input);
  const checks = baseline.ok.length && side.ok.length ? caseChecks(testCase, baseline, side, pair) : null;
  const found = weigh(input, checks, unstable);
  if (unstable) found.reasons.push(unstable);
  const { lexical, ...verdict } = found;
  const right = (values: boolean[] | null) => ({ right: (values ?? []).filter(Boolean).length, total: values?.length ?? 0 });
  return {
    caseId: testCase.id,
    candidate,
    ...verdict,
    unstable: unstable !== undefined,
    similarity: lexical ? lexical.similarity : pair.similarity,
    floor: usesFloor(testCase.compare.kind) || lexical ? floor : null,
    ...(lexical && {
      lexical: { outside: lexical.outside, baselineOutside: lexical.baselineOutside, baselineSimilarity: lexical.baselineSimilarity },
    }),
    ...(testCase.expected !== undefined && {
      expected: {
        display: describeExpected(testCase.compare, testCase.expected),
        baseline: right(baseline.expected),
        candidate: right(side.expected),
      },
    }),
    metrics: pair.metrics,
    flags: baseline.ok.length && side.ok.length ? { baseline: baseline.flags, candidate: side.flags } : null,
    ...(pair.typed && {
      typed: {
        baseline: baseline.extracted.map((item) => (item.ok ? item.display : `(${item.error ?? 'nothing found'})`)),
        candidate: side.extracted.map((item) => (item.ok ? item.display : `(${item.error ?? 'nothing found'})`)),
        keyDifferences: pair.typed.comparison.keyDifferences,
        otherDifferences: pair.typed.comparison.otherDifferences,
      },
    }),
    ...(pair.calls && {
      toolCalls: {
        baseline: pair.calls.baseline.map((call) => call.display),
        candidate: pair.calls.candidate.map((call) => call.display),
        differences: pair.calls.candidateMatchesBaseline ? [] : pair.calls.comparison.keyDifferences,
        otherDifferences: pair.calls.comparison.otherDifferences,
      },
    }),
    assertions: pair.assertions,
    ...(input.judge && {
      judge: { forward: input.judge.forward, backward: input.judge.backward, ...(input.judge.error && { error: input.judge.error }) },
    }),
    ...(input.embedding && { embedding: input.embedding }),
    samples: { baseline: baseline.ok.length, candidate: side.ok.length },
  };
}

function weigh(input: VerdictInput, checks: CaseChecks | null, unstable: string | undefined): Found {
  const { testCase, baseline, side, pair } = input;
  const kind = testCase.compare.kind;
  if (baseline.ok.length === 0) return found('error', [`the baseline has no output: ${failures(baseline)}`]);
  if (side.ok.length === 0) return found('error', [`the candidate has no output: ${failures(side)}`]);
  const ended = (samples: SideEvidence) => samples.ok.find((sample) => sample.unreached !== undefined)?.unreached;
  const [baseEnded, candEnded] = [ended(baseline), ended(side)];
  if (baseEnded !== undefined && candEnded !== undefined) return found('same', ['neither conversation reached this turn']);
  if (candEnded !== undefined) return found('changed', [`the candidate's conversation ended before this turn: ${candEnded}`, SETTLE_CALLS]);
  if (baseEnded !== undefined)
    return found('changed', [`the baseline's conversation ended before this turn: ${baseEnded}; the candidate's went on`, SETTLE_CALLS]);
  const decisive = checks && checks.baseline !== 'unknown' && checks.candidate !== 'unknown' ? checks : null;
  if (pair.same) {
    const same = found('same', ['identical to the baseline after normalising case, whitespace and quotes']);
    // Text nothing else checks stays in the suite's lexical count, as identical (see decision.ts).
    return decisive || !usesFloor(kind) ? same : { ...same, lexical: lexicalFlags(baseline, side, pair, input.floor.value) };
  }
  const structural = structuralEvidence(testCase, baseline, side, pair);
  const callChange = toolCallChange(input);
  const typed = pair.typed && kind !== 'text' && kind !== 'code' && pair.typed.baseline.ok && pair.typed.candidate.ok ? pair.typed : null;
  const typedChange =
    typed && !typed.comparison.equal
      ? `${kind === 'json' ? 'key field' : kind} changed: ${typed.comparison.keyDifferences.join('; ') || `${typed.baseline.display} → ${typed.candidate.display}`}`
      : null;

  if (decisive) {
    const { broke, fixed, bothFail, passed } = describeChecks(decisive);
    const changes = [...(callChange ? [callChange] : []), ...(typedChange ? [typedChange] : [])];
    if (decisive.baseline === 'pass' && decisive.candidate === 'fail')
      return found('regressed', [...broke, ...structural.breaks, ...changes]);
    if (decisive.baseline === 'fail' && decisive.candidate === 'pass')
      return found('improved', [...fixed, ...structural.fixes, ...changes]);
    if (decisive.baseline === 'pass') {
      if (structural.breaks.length) return found('regressed', [...structural.breaks, 'though it passes every check, as the baseline does']);
      if (structural.fixes.length) return found('improved', [...structural.fixes, 'and passes every check, as the baseline does']);
      // Checks that never look at tool calls cannot say which of two different calls is right.
      if (callChange && !checksToolCalls(testCase))
        return found('changed', [callChange, `passes every check, as the baseline does, but none looks at tool calls (${SETTLE_CALLS})`]);
      return found('equivalent', [
        `passes every check, as the baseline does (${passed.join(', ')})`,
        ...driftNotes(input, typedChange, callChange),
      ]);
    }
    // Both fail: the baseline was not right either, so nothing here is a regression.
    if (broke.length && fixed.length) return found('changed', [...broke, ...fixed]);
    const note = `fails ${bothFail.join(', ')}, as the baseline does: not a regression`;
    const structure = [...structural.breaks, ...structural.fixes, ...structural.changes];
    if (structure.length) return found('changed', [...structure, ...(callChange ? [callChange] : []), note]);
    if (callChange) return found('changed', [callChange, note]);
    if (typed)
      return typedChange
        ? found('changed', [typedChange, note])
        : found('equivalent', [`same ${kind} ${typed.candidate.display} as the baseline`, note]);
    if (kind === 'code' && pair.typed?.comparison.equal)
      return found('equivalent', ['same code as the baseline (ignoring whitespace and the prose around it)', note]);
    // The checks settle that neither side is right; whether the wrong answers are the same wrong
    // answer, only the text can say here.
    const lexical = lexicalFlags(baseline, side, pair, input.floor.value);
    const measured = `similarity ${lexical.similarity.toFixed(2)} ${lexical.outside ? 'outside' : 'within'} ${describeFloor(input.floor)}`;
    return found(lexical.outside ? 'changed' : 'equivalent', [note, measured]);
  }

  if (callChange) {
    // A call that changed is the difference: a typed value or text missing on the side that
    // called a tool instead says nothing more. Only arguments the application cannot parse do.
    if (structural.callBreaks.length && !structural.callFixes.length) return found('regressed', [...structural.callBreaks, callChange]);
    if (structural.callFixes.length && !structural.callBreaks.length) return found('improved', [...structural.callFixes, callChange]);
    return found('changed', [callChange, SETTLE_CALLS]);
  }
  const sameCalls = sameCallsNote(input);
  if (structural.breaks.length || structural.fixes.length || structural.changes.length) {
    const verdict: Verdict =
      structural.changes.length || (structural.breaks.length && structural.fixes.length)
        ? 'changed'
        : structural.breaks.length
          ? 'regressed'
          : 'improved';
    return found(verdict, [...structural.breaks, ...structural.fixes, ...structural.changes, ...sameCalls]);
  }
  if (typed) {
    const answer = `${kind} ${typed.candidate.display}`;
    if (typed.comparison.equal) {
      if (typed.comparison.otherDifferences.length)
        return found('drifted', [
          `same ${answer} as the baseline; other ${kind === 'tool-calls' ? 'differences' : 'fields differ'}: ${typed.comparison.otherDifferences.join('; ')}`,
        ]);
      return found('equivalent', [`same ${answer} as the baseline`]);
    }
    // A baseline that gives several answers itself: one of them is within its own noise.
    const own = distinctAnswers(baseline.extracted);
    if (unstable && own.some((item) => item.toLowerCase() === typed.candidate.display.toLowerCase())) {
      return found('equivalent', [`gives ${answer}, one of the baseline's own answers (${own.join(', ')})`]);
    }
    return found('changed', [typedChange!, SETTLE_TYPED]);
  }
  if (pair.typed && kind !== 'text' && kind !== 'code') {
    // Neither output has the typed value: nothing typed to agree on, so only the text can say.
    return lexicalVerdict(input, [
      ...sameCalls,
      `neither output gives a ${kind === 'tool-calls' ? 'tool call' : kind} (${pair.typed.candidate.error ?? 'nothing extracted'}); compared as text`,
    ]);
  }
  if (kind === 'code' && pair.typed?.comparison.equal)
    return found('equivalent', ['same code as the baseline (ignoring whitespace and the prose around it)', ...sameCalls]);
  return lexicalVerdict(input, sameCalls);
}

/** The judge, embeddings, the refusal heuristic, then the suite's noise rule: what text alone can be settled by. */
function lexicalVerdict(input: VerdictInput, prefix: string[]): Found {
  const { baseline, side, pair, floor, judge, embedding } = input;
  if (judge && !judge.error && judge.forward && judge.backward) {
    const grades = [judge.forward, judge.backward];
    const said = `the judge, asked both ways, says ${judge.forward === judge.backward ? judge.forward : `${judge.forward} / ${judge.backward}`}`;
    if (grades.includes('disagrees')) return found('changed', [...prefix, `the meaning differs: ${said}`]);
    if (grades.every((grade) => grade === 'same')) return found('equivalent', [...prefix, `same content: ${said}`]);
    return found('drifted', [...prefix, `different, but consistent with the baseline: ${said}`]);
  }
  const notes = judge?.error ? [`the judge could not grade it (${judge.error}); lexical evidence only`] : [];
  if (embedding && embedding.floor !== null) {
    const within = embedding.cosine >= embedding.floor;
    return found(within ? 'equivalent' : 'drifted', [
      ...prefix,
      `embedding cosine ${embedding.cosine.toFixed(3)} ${within ? 'within' : 'below'} the baseline's own ${embedding.floor.toFixed(3)}`,
      ...notes,
    ]);
  }
  const lexical = lexicalFlags(baseline, side, pair, floor.value);
  const own =
    lexical.baselineSimilarity === null
      ? ''
      : `; the baseline's own re-sample: ${lexical.baselineSimilarity.toFixed(2)} (${lexical.baselineOutside ? 'outside' : 'within'})`;
  const measured = `similarity ${lexical.similarity.toFixed(2)} ${lexical.outside ? 'outside' : 'within'} ${describeFloor(floor)}${own}`;
  const refusal = refusalChange(baseline, side);
  if (refusal)
    return { verdict: 'changed', confirmed: false, reasons: [...prefix, `${refusal} (${SETTLE_REFUSAL})`, measured, ...notes], lexical };
  return lexical.outside
    ? {
        verdict: 'drifted',
        confirmed: false,
        reasons: [...prefix, `${measured}; unconfirmed: a judge or a typed comparison would tell whether it matters`, ...notes],
        lexical,
      }
    : { verdict: 'equivalent', confirmed: false, reasons: [...prefix, `${measured}; lexical evidence only`, ...notes], lexical };
}

/** A refusal where the other side answered, by the heuristic; or a one-line refusal against a long answer. */
function refusalChange(baseline: SideEvidence, side: SideEvidence): string | undefined {
  if (side.flags.refusal && !baseline.flags.refusal) return 'refuses where the baseline answered';
  if (baseline.flags.refusal && !side.flags.refusal) return 'answers where the baseline refused';
  const candidate = side.ok[0]!.output.trim();
  const base = baseline.ok[0]!.output.trim();
  // The baseline's long answer may open with a disclaimer the heuristic matches; a flat
  // one-liner against it is still a refusal of what the baseline did.
  if (isFlatRefusal(candidate) && !isFlatRefusal(base) && base.length >= 400 && base.length >= 4 * candidate.length) {
    return `refuses in one line (${candidate.length} characters) where the baseline answered at length (${base.length.toLocaleString('en-US')} characters)`;
  }
  return undefined;
}

/** What differs although every check passes on both sides. */
function driftNotes(
  { testCase, baseline, side, pair, floor }: VerdictInput,
  typedChange: string | null,
  callChange: string | null,
): string[] {
  const notes: string[] = [];
  if (callChange) notes.push(callChange);
  if (typedChange) notes.push(typedChange);
  const refusal = refusalChange(baseline, side);
  if (refusal) notes.push(refusal);
  if (usesFloor(testCase.compare.kind) && pair.similarity !== null && pair.similarity < floor.value)
    notes.push(`worded differently (similarity ${pair.similarity.toFixed(2)})`);
  return notes;
}

/** Why the baseline counts as disagreeing with itself on this case, if it does. */
function instability({ testCase, baseline, floor }: VerdictInput): string | undefined {
  if (baseline.ok.length < 2) return undefined;
  if (testCase.compare.kind !== 'text' && testCase.compare.kind !== 'code') {
    const answers = distinctAnswers(baseline.extracted);
    if (answers.length > 1) return `unstable baseline: its own samples disagree (${answers.join(', ')})`;
  }
  const calls = [...new Map(baseline.calls.map((list) => [callsKey(list), list])).values()];
  if (calls.length > 1) return `unstable baseline: its own samples call tools differently (${calls.map(describeCalls).join(' / ')})`;
  for (const [index, results] of baseline.assertions.entries()) {
    const passed = results.filter((result) => result.pass).length;
    if (passed > 0 && passed < results.length)
      return `unstable baseline: its own samples disagree on ${testCase.assert[index] ? describeAssertion(testCase.assert[index]!) : 'an assertion'} (${passed}/${results.length} pass)`;
  }
  const lowest = Math.min(...baseline.self);
  if (usesFloor(testCase.compare.kind) && lowest < floor.value) {
    return `unstable baseline: its own samples agree only to ${lowest.toFixed(2)}, below the suite's noise floor`;
  }
  return undefined;
}

function found(verdict: Verdict, reasons: string[]): Found {
  return { verdict, confirmed: true, reasons };
}

function failures(side: SideEvidence): string {
  const reasons = [...new Set(side.failed.map((sample) => sample.error ?? 'failed'))];
  return reasons.length ? reasons.join('; ') : 'no samples';
}
