import type { ReportCase, ReportData } from './report-data.js';

/** The first stored output of a target on a case (its sample 0 when that one succeeded), or null. */
export function firstOutput(data: ReportData, testCase: ReportCase, target: string): string | null {
  const sample = (testCase.samples[target] ?? []).find((s) => s.output !== null);
  return sample ? data.outputs[sample.output!]! : null;
}

/** Seconds the target's samples of a case took (recorded latency), for reporters that show time. */
export function caseSeconds(testCase: ReportCase, target: string): number {
  return (testCase.samples[target] ?? []).reduce((sum, s) => sum + (s.latencyMs ?? 0), 0) / 1000;
}
