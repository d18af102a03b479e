import { describeAssertion } from './assertions/describe-assertion.js';
import { type PairEvidence, type SideEvidence, distinctAnswers } from './case-evidence.js';
import type { CaseInput } from './input.js';
import { describeFloor, usesFloor } from './noise-floor.js';
import { majority } from './similarity.js';
import type { CaseComparison, JudgeGrade, NoiseFloor, Verdict } from './types.js';

export interface VerdictInput {
  testCase: CaseInput;
  candidate: string;
  baseline: SideEvidence;
  side: SideEvidence;
  pair: PairEvidence;
  floor: NoiseFloor;
  /** Below this, the baseline's agreement with itself counts as unstable. */
  instability: number;
  judge?: { forward: JudgeGrade | null; backward: JudgeGrade | null; error?: string };
  embedding?: { cosine: number; floor: number | null };
}

type Found = { verdict: Verdict; confirmed: boolean; reasons: string[] };

/**
 * One candidate against the baseline on one case. Evidence is weighed strongest first:
 * infrastructure errors, identical outputs, the user's assertions, structural breaks, typed
 * checks, the judge, embeddings, and last lexical similarity against the noise floor.
 */
export function decideVerdict(input: VerdictInput): CaseComparison {
  const { testCase, candidate, baseline, side, pair, floor } = input;
  const unstable = instability(input);
  const base: Omit<CaseComparison, 'verdict' | 'confirmed' | 'reasons'> = {
    caseId: testCase.id,
    candidate,
    unstable: unstable !== undefined,
    similarity: pair.similarity,
    floor: usesFloor(testCase.compare.kind) ? floor : null,
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
    assertions: pair.assertions,
    ...(input.judge && { judge: { forward: input.judge.forward, backward: input.judge.backward } }),
    ...(input.embedding && { embedding: input.embedding }),
    samples: { baseline: baseline.ok.length, candidate: side.ok.length },
  };
  const found = weigh(input, unstable);
  if (unstable) found.reasons.push(unstable);
  return { ...base, ...found };
}

function weigh(input: VerdictInput, unstable: string | undefined): Found {
  const { testCase, baseline, side, pair } = input;
  if (baseline.ok.length === 0) return error(`the baseline has no output: ${failures(baseline)}`);
  if (side.ok.length === 0) return error(`the candidate has no output: ${failures(side)}`);
  if (pair.same)
    return { verdict: 'same', confirmed: true, reasons: ['identical to the baseline after normalising case, whitespace and quotes'] };

  const regressed: string[] = [];
  const improved: string[] = [];
  const changed: string[] = [];
  const assertionsBroke: string[] = [];
  const assertionsFixed: string[] = [];
  for (const tally of pair.assertions) {
    const basePasses = tally.baseline.passed * 2 > tally.baseline.total;
    const baseFails = (tally.baseline.total - tally.baseline.passed) * 2 > tally.baseline.total;
    const candPasses = tally.candidate.passed * 2 > tally.candidate.total;
    const candFails = (tally.candidate.total - tally.candidate.passed) * 2 > tally.candidate.total;
    const counts = `baseline ${tally.baseline.passed}/${tally.baseline.total}, candidate ${tally.candidate.passed}/${tally.candidate.total}`;
    if (basePasses && candFails)
      assertionsBroke.push(`fails ${tally.label} where the baseline passes (${counts}): ${tally.failures[0] ?? ''}`.trimEnd());
    if (baseFails && candPasses) assertionsFixed.push(`passes ${tally.label} where the baseline fails (${counts})`);
  }
  if (assertionsBroke.length && assertionsFixed.length) {
    return { verdict: 'changed', confirmed: true, reasons: [...assertionsBroke, ...assertionsFixed] };
  }
  if (assertionsBroke.length) return { verdict: 'regressed', confirmed: true, reasons: assertionsBroke };

  // Structural breaks: what downstream code or a reader notices whatever the wording.
  if (side.flags.truncated && !baseline.flags.truncated)
    regressed.push('cut off at the token limit (finish_reason length) where the baseline finished');
  if (baseline.flags.truncated && !side.flags.truncated) improved.push('finishes where the baseline was cut off at the token limit');
  if (side.flags.refusal && !baseline.flags.refusal) regressed.push('refuses where the baseline answered');
  if (baseline.flags.refusal && !side.flags.refusal) changed.push('answers where the baseline refused');
  typedEvidence(input, unstable, regressed, changed);

  if (assertionsFixed.length) return { verdict: 'improved', confirmed: true, reasons: [...assertionsFixed, ...regressed, ...changed] };
  if (regressed.length) return { verdict: 'regressed', confirmed: true, reasons: [...regressed, ...changed] };
  if (improved.length) return { verdict: 'improved', confirmed: true, reasons: [...improved, ...changed] };
  if (changed.length) return { verdict: 'changed', confirmed: true, reasons: changed };

  if (pair.typed && testCase.compare.kind !== 'code' && !pair.typed.baseline.ok && !pair.typed.candidate.ok) {
    // Neither output has the typed value: nothing typed to agree on, so only the text can say.
    const lexical = semanticEvidence(input);
    return {
      ...lexical,
      reasons: [
        `neither output gives a ${testCase.compare.kind} (${pair.typed.candidate.error ?? 'nothing extracted'}); compared as text`,
        ...lexical.reasons,
      ],
    };
  }
  if (pair.typed && testCase.compare.kind !== 'code') {
    const { comparison } = pair.typed;
    const answer = `${testCase.compare.kind} ${pair.typed.candidate.display}`;
    if (comparison.otherDifferences.length) {
      return {
        verdict: 'drifted',
        confirmed: true,
        reasons: [`same ${answer} as the baseline; other fields differ: ${comparison.otherDifferences.join('; ')}`],
      };
    }
    return { verdict: 'equivalent', confirmed: true, reasons: [`same ${answer} as the baseline`] };
  }
  if (pair.typed?.comparison.equal)
    return { verdict: 'equivalent', confirmed: true, reasons: ['same code as the baseline (ignoring whitespace and the prose around it)'] };
  return semanticEvidence(input);
}

/** Typed checks: a changed label, number or key field, invalid JSON, a fence around code. */
function typedEvidence(input: VerdictInput, unstable: string | undefined, regressed: string[], changed: string[]): void {
  const { testCase, baseline, side, pair } = input;
  if (!pair.typed) return;
  const kind = testCase.compare.kind;
  const { baseline: b, candidate: c, comparison } = pair.typed;
  if (kind === 'code') {
    const baseFenced = majority(baseline.extracted.map((item) => item.fenced === true));
    const candFenced = majority(side.extracted.map((item) => item.fenced === true));
    if (candFenced && !baseFenced)
      regressed.push('wraps its code in Markdown fences where the baseline returned bare code (code run or parsed as is breaks)');
    return;
  }
  if (b.ok && !c.ok) {
    regressed.push(
      kind === 'json'
        ? `not valid JSON where the baseline was: ${c.error ?? ''}`.trimEnd()
        : `${c.error ?? `no ${kind} found`}; the baseline gave ${b.display}`,
    );
    return;
  }
  if (!b.ok && c.ok) {
    changed.push(`the baseline: ${b.error ?? `no ${kind} found`}; the candidate gives ${c.display}`);
    return;
  }
  if (!b.ok || comparison.equal) return;
  // A baseline that gives several answers itself: a candidate giving one of them is within its noise.
  const baselineAnswers = distinctAnswers(baseline.extracted);
  if (unstable && baselineAnswers.some((answer) => answer.toLowerCase() === c.display.toLowerCase())) return;
  const what = kind === 'json' ? 'key field changed' : `${kind} changed`;
  regressed.push(`${what}: ${comparison.keyDifferences.join('; ') || `${b.display} → ${c.display}`}`);
}

function semanticEvidence(input: VerdictInput): Found {
  const { pair, floor, judge, embedding } = input;
  if (judge && !judge.error && judge.forward && judge.backward) {
    const grades = [judge.forward, judge.backward];
    const said = `the judge, asked both ways, says ${judge.forward === judge.backward ? judge.forward : `${judge.forward} / ${judge.backward}`}`;
    if (grades.includes('disagrees')) return { verdict: 'changed', confirmed: true, reasons: [`the meaning differs: ${said}`] };
    if (grades.every((grade) => grade === 'same')) return { verdict: 'equivalent', confirmed: true, reasons: [`same content: ${said}`] };
    return { verdict: 'drifted', confirmed: true, reasons: [`different, but consistent with the baseline: ${said}`] };
  }
  const notes = judge?.error ? [`the judge could not grade it (${judge.error}); lexical evidence only`] : [];
  const similarity = pair.similarity ?? 0;
  if (embedding && embedding.floor !== null) {
    const within = embedding.cosine >= embedding.floor;
    return {
      verdict: within ? 'equivalent' : 'drifted',
      confirmed: true,
      reasons: [
        `embedding cosine ${embedding.cosine.toFixed(3)} ${within ? 'within' : 'below'} the baseline's own ${embedding.floor.toFixed(3)}`,
        ...notes,
      ],
    };
  }
  const within = similarity >= floor.value - 1e-9;
  const reason = `similarity ${similarity.toFixed(2)} ${within ? 'within' : 'outside'} ${describeFloor(floor)}`;
  return within
    ? { verdict: 'equivalent', confirmed: false, reasons: [`${reason}; lexical evidence only`, ...notes] }
    : {
        verdict: 'drifted',
        confirmed: false,
        reasons: [`${reason}; unconfirmed: a judge or a typed comparison would tell whether it matters`, ...notes],
      };
}

/** Why the baseline counts as disagreeing with itself on this case, if it does. */
function instability({ testCase, baseline, instability: threshold }: VerdictInput): string | undefined {
  if (baseline.ok.length < 2) return undefined;
  if (testCase.compare.kind !== 'text' && testCase.compare.kind !== 'code') {
    const answers = distinctAnswers(baseline.extracted);
    if (answers.length > 1) return `unstable baseline: its own samples disagree (${answers.join(', ')})`;
  }
  for (const [index, results] of baseline.assertions.entries()) {
    const passed = results.filter((result) => result.pass).length;
    if (passed > 0 && passed < results.length)
      return `unstable baseline: its own samples disagree on ${testCase.assert[index] ? describeAssertion(testCase.assert[index]!) : 'an assertion'} (${passed}/${results.length} pass)`;
  }
  const lowest = Math.min(...baseline.self);
  if (usesFloor(testCase.compare.kind) && lowest < threshold) {
    return `unstable baseline: its own samples agree only to ${lowest.toFixed(2)}, less than two samples of gpt-4-0314 usually do`;
  }
  return undefined;
}

function error(reason: string): Found {
  return { verdict: 'error', confirmed: true, reasons: [reason] };
}

function failures(side: SideEvidence): string {
  const reasons = [...new Set(side.failed.map((sample) => sample.error ?? 'failed'))];
  return reasons.length ? reasons.join('; ') : 'no samples';
}
