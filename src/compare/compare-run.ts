import { pairEvidence, sideEvidence, type SideEvidence } from './case-evidence.js';
import { decideCandidates } from './decision.js';
import { pairKey, type CompareInput } from './input.js';
import { chooseFloor, DEFAULT_FLOOR, pooledFloor, usesFloor } from './noise-floor.js';
import type { CaseComparison, Comparison } from './types.js';
import { decideVerdict } from './verdict.js';

/**
 * Every candidate against the baseline, case by case, then a decision per candidate. Pure: the
 * edge reads the outputs and supplies what needs IO (JavaScript assertions, judge, embeddings).
 */
export function compareRun(input: CompareInput): Comparison {
  const external = input.external;
  const evidence = input.cases.map((testCase) => ({
    testCase,
    baseline: sideEvidence(testCase, input.baseline.target, testCase.baseline, external),
    candidates: Object.fromEntries(
      input.candidates.map((name) => [name, sideEvidence(testCase, name, testCase.candidates[name] ?? [], external)]),
    ) as Record<string, SideEvidence>,
  }));

  // Self-similarities of every case that is compared lexically, for suites whose baseline has one
  // sample on some cases but the candidates, or other cases, have more.
  const selves = evidence
    .filter(({ testCase }) => usesFloor(testCase.compare.kind))
    .flatMap(({ baseline, candidates }) => [...baseline.self, ...Object.values(candidates).flatMap((side) => side.self)]);
  const pooled = pooledFloor(selves);

  const cases: CaseComparison[] = [];
  for (const { testCase, baseline, candidates } of evidence) {
    for (const candidate of input.candidates) {
      const side = candidates[candidate]!;
      const key = pairKey(testCase.id, candidate);
      const judge = external?.judge?.get(key);
      const embedding = external?.embeddings?.get(key);
      cases.push(
        decideVerdict({
          testCase,
          candidate,
          baseline,
          side,
          pair: pairEvidence(testCase, baseline, side),
          floor: chooseFloor(baseline.self, side.self, pooled),
          instability: DEFAULT_FLOOR,
          ...(judge && { judge }),
          ...(embedding && { embedding }),
        }),
      );
    }
  }
  const critical = new Set(input.cases.filter((c) => c.tags.some((tag) => input.gate.criticalTags.includes(tag))).map((c) => c.id));
  return {
    runId: input.runId,
    baseline: input.baseline,
    candidates: input.candidates,
    gate: input.gate,
    cases,
    decisions: decideCandidates(input.candidates, cases, critical, input.gate),
    helpers: input.helpers ?? { judgeCalls: 0, judgeTokens: 0, embeddingCalls: 0, embeddingTokens: 0 },
  };
}

/** Cases outside the noise floor with lexical evidence only: what a judge or an embeddings model is asked about. */
export function unsettled(comparison: Comparison): Array<{ caseId: string; candidate: string }> {
  return comparison.cases
    .filter((item) => !item.confirmed && item.verdict === 'drifted')
    .map(({ caseId, candidate }) => ({ caseId, candidate }));
}
