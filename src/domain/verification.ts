// A verification as it is kept with its target (pinned verify), and what the reports and the
// terminal say about a baseline's: when it was last checked, at what K, with what result, and
// whether a reader should be warned. Words that claim no more than the data: a check that found
// no difference is "no detectable difference", never "verified" or "genuine".
import { modelInfo } from './model-table.js';

export type VerificationOutcome = 'no-detectable-difference' | 'inconsistent' | 'not-comparable' | 'too-few-prompts';

export interface StoredVerification {
  id: number;
  runId: number;
  target: string;
  model: string;
  baseUrl: string;
  /** The snapshot the reference records, e.g. gpt-4-0314. */
  snapshot: string;
  referenceFile: string;
  referenceSha256: string;
  /** K: prompts tested. */
  prompts: number;
  seed: number;
  alpha: number;
  outcome: VerificationOutcome;
  pairedP: number | null;
  styleP: number | null;
  summary: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

/** What a report says about its baseline's endpoint; absent when there is nothing to say. */
export interface BaselineVerification {
  /** The latest verification of the baseline's model at its base URL, or null when there is none. */
  latest: {
    runId: number;
    createdAt: string;
    prompts: number;
    outcome: VerificationOutcome;
    snapshot: string;
    summary: string;
    pairedP: number | null;
    styleP: number | null;
    seed: number;
    referenceFile: string;
  } | null;
  /** One line for people, e.g. "checked 2026-12-04 17:02 UTC with pinned verify (run 3) against the recorded gpt-4-0314: no detectable difference at K = 50 ...". */
  line: string;
  /** Set when the reader should know the baseline may not be what it names. */
  warning: string | null;
}

/** Same endpoint whatever trailing slashes the suite wrote. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The date OpenAI shut the model down, when the table knows it and it has passed. */
export function retiredOn(model: string, now: Date): string | undefined {
  const retired = modelInfo(model)?.retired;
  return retired !== undefined && retired <= now.toISOString().slice(0, 10) ? retired : undefined;
}

/**
 * The words about a baseline endpoint: its latest verification, or a warning when it claims a
 * retired snapshot and was never checked. Undefined when there is nothing to say: the baseline
 * replays recorded outputs (they need no check), or it was never checked and its model is not
 * a retired snapshot.
 */
export function describeBaselineVerification(input: {
  target: string;
  model: string;
  /** The baseline's outputs are all recorded (a replay target, or an import): nothing to verify. */
  recorded: boolean;
  latest: StoredVerification | undefined;
  now: Date;
}): BaselineVerification | undefined {
  if (input.recorded) return undefined;
  const { latest } = input;
  if (!latest) {
    const retired = retiredOn(input.model, input.now);
    if (!retired) return undefined;
    const warning =
      `${input.model} was shut down by OpenAI on ${retired}, and this baseline endpoint was never checked against recordings of it: ` +
      `it may serve another model under that name. pinned verify SUITE --target ${input.target} --reference FILE checks it`;
    return { latest: null, line: 'never checked with pinned verify', warning };
  }
  const when = latest.createdAt.replace('T', ' ').slice(0, 16);
  const against = latest.summary.includes(latest.snapshot) ? '' : ` against the recorded ${latest.snapshot}`;
  const line = `checked ${when} UTC with pinned verify (run ${latest.runId})${against}: ${latest.summary}`;
  const warning =
    latest.outcome === 'inconsistent'
      ? `the baseline endpoint's latest check (pinned verify, run ${latest.runId}, ${when} UTC) found it inconsistent with the recorded ${latest.snapshot}: ` +
        'these comparisons are against whatever it serves, not necessarily the pinned snapshot'
      : null;
  return {
    latest: {
      runId: latest.runId,
      createdAt: latest.createdAt,
      prompts: latest.prompts,
      outcome: latest.outcome,
      snapshot: latest.snapshot,
      summary: latest.summary,
      pairedP: latest.pairedP,
      styleP: latest.styleP,
      seed: latest.seed,
      referenceFile: latest.referenceFile,
    },
    line,
    warning,
  };
}
