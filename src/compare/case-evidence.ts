import { describeAssertion } from './assertions/describe-assertion.js';
import { checkAssertion } from './assertions/check-assertion.js';
import { givesExpected } from './expected-answer.js';
import { javascriptKey, type CaseInput, type ExternalEvidence, type SampleOutput } from './input.js';
import { normalizeText } from './metrics/normalize.js';
import { outputFlags } from './metrics/output-flags.js';
import { pairMetrics } from './metrics/pair-metrics.js';
import { majority, median, primarySimilarity } from './similarity.js';
import { compareTyped } from './typed/compare-typed.js';
import { extract } from './typed/extract.js';
import type { Extracted, TypedComparison } from './typed/types.js';
import { shownOutput } from '../domain/shown-output.js';
import { compareCalls, type CallsComparison } from './tool-calls/compare-calls.js';
import { callsKey, parseCalls, type ParsedCall } from './tool-calls/parse-calls.js';
import type { AssertionResult, AssertionTally, OutputFlags, PairMetrics } from './types.js';

/** What one target's samples of a case look like, computed once and shared by every candidate. */
export interface SideEvidence {
  ok: SampleOutput[];
  failed: SampleOutput[];
  normalized: string[];
  /** The text similarity is measured on: the output with its tool calls written out, or its code for `code` cases. */
  compared: string[];
  /** By majority of samples. */
  flags: OutputFlags;
  /** Per ok sample, in order. */
  sampleFlags: OutputFlags[];
  extracted: Extracted[];
  /** Per ok sample: does it give the case's expected answer? null when the case has none. */
  expected: boolean[] | null;
  /** Per assertion, per ok sample. */
  assertions: AssertionResult[][];
  /** Primary similarity of every pair of this target's own samples. */
  self: number[];
  /** Per ok sample: the tool calls it made, parsed. */
  calls: ParsedCall[][];
}

export function sideEvidence(
  testCase: CaseInput,
  target: string,
  samples: SampleOutput[],
  external: ExternalEvidence | undefined,
): SideEvidence {
  const ok = samples.filter((sample) => sample.ok);
  const typed = testCase.compare.kind !== 'text';
  const extracted = typed ? ok.map((sample) => extract(testCase.compare, sample.output, sample.toolCalls)) : [];
  const compared =
    testCase.compare.kind === 'code'
      ? extracted.map((item) => (item.ok ? String(item.value) : ''))
      : // Tool calls are part of what is measured: two outputs that call different functions are not alike.
        ok.map((s) => shownOutput(s.output, s.toolCalls));
  const flags = ok.map((sample) => outputFlags(sample.output, sample.finishReason));
  const self: number[] = [];
  for (let i = 0; i < compared.length; i++) {
    for (let j = i + 1; j < compared.length; j++) self.push(primarySimilarity(pairMetrics(compared[i]!, compared[j]!)));
  }
  return {
    ok,
    failed: samples.filter((sample) => !sample.ok),
    normalized: ok.map((sample) => normalizeText(sample.output)),
    compared,
    flags: {
      refusal: majority(flags.map((f) => f.refusal)),
      codeFence: majority(flags.map((f) => f.codeFence)),
      truncated: majority(flags.map((f) => f.truncated)),
    },
    sampleFlags: flags,
    extracted,
    expected:
      testCase.expected === undefined
        ? null
        : ok.map((sample, i) => givesExpected(testCase.compare, testCase.expected, sample.output, extracted[i])),
    assertions: testCase.assert.map((assertion, index) =>
      ok.map((sample) =>
        assertion.type === 'javascript'
          ? (external?.javascript?.get(javascriptKey(testCase.id, target, sample.sample, index)) ?? {
              pass: false,
              reason: 'javascript assertion was not evaluated',
            })
          : checkAssertion(assertion, sample.output, sample.toolCalls),
      ),
    ),
    self,
    calls: ok.map((sample) => parseCalls(sample.toolCalls)),
  };
}

export interface PairEvidence {
  /** Every candidate sample equals some baseline sample after normalisation, tool calls included. */
  same: boolean;
  /**
   * The tool calls most candidate samples make against those most baseline samples make; null
   * when neither side calls a tool. `candidateMatchesBaseline`: the candidate's calls are those
   * of some baseline sample (a baseline that calls differently itself admits either).
   */
  calls: { comparison: CallsComparison; baseline: ParsedCall[]; candidate: ParsedCall[]; candidateMatchesBaseline: boolean } | null;
  metrics: PairMetrics | null;
  similarity: number | null;
  /** Primary similarity of each candidate sample (rows) to each baseline sample (columns). */
  similarities: number[][];
  typed: { comparison: TypedComparison; baseline: Extracted; candidate: Extracted } | null;
  assertions: AssertionTally[];
}

export function pairEvidence(testCase: CaseInput, baseline: SideEvidence, candidate: SideEvidence): PairEvidence {
  const pairs: PairMetrics[] = [];
  const similarities = candidate.compared.map((c) =>
    baseline.compared.map((b) => {
      const metrics = pairMetrics(c, b);
      pairs.push(metrics);
      return primarySimilarity(metrics);
    }),
  );
  const baselineTexts = new Set(baseline.normalized.map((text, i) => `${text}\u0003${callsKey(baseline.calls[i] ?? [])}`));
  const anyCalls = [...baseline.calls, ...candidate.calls].some((calls) => calls.length > 0);
  const baseCalls = anyCalls ? representativeCalls(baseline.calls) : undefined;
  const candCalls = anyCalls ? representativeCalls(candidate.calls) : undefined;
  const typedBaseline = representative(baseline.extracted);
  const typedCandidate = representative(candidate.extracted);
  return {
    same:
      candidate.normalized.length > 0 &&
      candidate.normalized.every((text, i) => baselineTexts.has(`${text}\u0003${callsKey(candidate.calls[i] ?? [])}`)),
    calls:
      baseCalls && candCalls
        ? {
            comparison: compareCalls(baseCalls, candCalls),
            baseline: baseCalls,
            candidate: candCalls,
            candidateMatchesBaseline: baseline.calls.some((calls) => callsKey(calls) === callsKey(candCalls)),
          }
        : null,
    metrics: pairs.length ? medianMetrics(pairs) : null,
    similarity: median(similarities.flat()),
    similarities,
    typed:
      typedBaseline && typedCandidate
        ? { comparison: compareTyped(testCase.compare, typedBaseline, typedCandidate), baseline: typedBaseline, candidate: typedCandidate }
        : null,
    assertions: testCase.assert.map((assertion, index) => {
      const base = baseline.assertions[index] ?? [];
      const cand = candidate.assertions[index] ?? [];
      return {
        label: describeAssertion(assertion),
        baseline: { passed: base.filter((r) => r.pass).length, total: base.length },
        candidate: { passed: cand.filter((r) => r.pass).length, total: cand.length },
        failures: [...new Set(cand.filter((r) => !r.pass).map((r) => r.reason))],
      };
    }),
  };
}

/** The answer most samples gave (ties: the earliest sample), failed extractions counting as one answer. */
export function representative(extracted: Extracted[]): Extracted | undefined {
  if (extracted.length === 0) return undefined;
  const counts = new Map<string, { item: Extracted; count: number }>();
  for (const item of extracted) {
    const key = answerKey(item);
    const entry = counts.get(key) ?? { item, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].reduce((best, entry) => (entry.count > best.count ? entry : best)).item;
}

/** The calls most samples made (ties: the earliest sample). */
function representativeCalls(samples: ParsedCall[][]): ParsedCall[] | undefined {
  if (samples.length === 0) return undefined;
  const counts = new Map<string, { calls: ParsedCall[]; count: number }>();
  for (const calls of samples) {
    const key = callsKey(calls);
    const entry = counts.get(key) ?? { calls, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].reduce((best, entry) => (entry.count > best.count ? entry : best)).calls;
}

/** Distinct answers among samples: more than one means the target disagrees with itself. */
export function distinctAnswers(extracted: Extracted[]): string[] {
  return [...new Set(extracted.map((item) => (item.ok ? item.display : `(${item.error ?? 'none'})`)))];
}

export function answerKey(item: Extracted): string {
  if (!item.ok) return '\u0000failed';
  return typeof item.value === 'string' ? item.value.toLowerCase() : JSON.stringify(item.value);
}

function medianMetrics(pairs: PairMetrics[]): PairMetrics {
  const pick = (key: Exclude<keyof PairMetrics, 'exact'>) => median(pairs.map((p) => p[key]))!;
  return {
    exact: pairs.every((p) => p.exact),
    tokenF1: pick('tokenF1'),
    chrF: pick('chrF'),
    rougeL: pick('rougeL'),
    editDistance: pick('editDistance'),
    lengthRatio: pick('lengthRatio'),
  };
}
