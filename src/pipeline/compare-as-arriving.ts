// Comparing while the run sends: a case is compared as soon as every cell it needs for a
// candidate has settled (the baseline's and that candidate's, every sample, every turn), off the
// sending path (in slices between I/O callbacks), and its evidence is kept in the store: the
// final comparison reads it back by key instead of computing it again. Verdicts here are
// provisional on the suite's lexical noise floor, which depends on every case; when the floor
// moves past a value a case's verdicts compare with it, the case is decided again (its evidence
// read back), and every case once more by the final comparison. In memory stays what the floor
// and those decisions need: per case a few numbers (and its JavaScript results), not its evidence.
import type { PairEvidence, SideEvidence } from '../compare/case-evidence.js';
import {
  caseVerdicts,
  criticalCases,
  floorThresholds,
  foldAndReview,
  gatherEvidence,
  type CaseEvidence,
} from '../compare/case-comparison.js';
import type { Review } from '../domain/review.js';
import type { CaseInput, ExternalEvidence } from '../compare/input.js';
import type { EvidenceMemo, KeptEvidence } from '../compare/kept-evidence.js';
import { heldOutSimilarities } from '../compare/lexical-rule.js';
import { suiteFloor, usesFloor } from '../compare/noise-floor.js';
import type { AssertionResult, LexicalFlags, NoiseFloor, VerdictFigures } from '../compare/types.js';
import { evaluateJavascript } from '../execute/javascript-assertions.js';
import type { Job } from '../plan/types.js';
import { compareInputFromRun } from '../store/compare-input.js';
import type { Store } from '../store/open-store.js';
import type { RunData } from '../store/types.js';
import type { Gate } from '../suite/types.js';
import type { VerdictCounts } from '../terminal/progress.js';
import type { StartedRun } from './start-run.js';

/** How long one slice of comparing may hold the event loop before the next responses are handled. */
const SLICE_MS = 20;
/** How often at most verdicts that depend on the floor are decided again when it moves (each time is a pass over the cases so far). */
const REFLOOR_MS = 1000;

export interface ArrivingOptions {
  gate: Gate;
  /** Writes the outcomes added so far, so a case's cells can be read back. */
  flush: () => void;
  warn: (message: string) => void;
  /** People's reviews (the review file next to the suite), applied as the final comparison applies them. */
  reviews?: Review[];
  /** Called after each slice with every candidate's verdicts so far (after afterSlice). */
  onVerdicts?: (counts: Record<string, VerdictCounts>) => void;
  /** Called after each slice: a stopping run looks at its prefix here. */
  afterSlice?: () => void;
  /** Comparing failed (drain rethrows it): nothing will be compared or looked at again. */
  onFailure?: () => void;
}

export interface ArrivingComparison {
  readonly baseline: string;
  readonly candidates: string[];
  /** A job's final outcome was added to the writer. */
  settled(job: Job): void;
  /** Compares what is ready now; resolves once nothing is queued. */
  drain(): Promise<void>;
  /** Each candidate's verdicts so far, by case id (conversations folded). */
  verdicts(candidate: string): ReadonlyMap<string, VerdictFigures>;
  critical: ReadonlySet<string>;
  /** The evidence kept so far (in the store), for the final comparison. */
  kept: KeptEvidence;
}

interface CaseState {
  /** The baseline's held-out similarities, every turn: what the suite's floor needs of the case. */
  heldOut: readonly number[];
  /** Every value its verdicts compare with the floor: a floor that moves past one decides the case again. */
  thresholds: readonly number[];
  /** Its JavaScript assertions' results (never kept in the store), to decide it again without running them. */
  javascript?: Map<string, AssertionResult>;
}

export function compareAsArriving(started: StartedRun, store: Store, options: ArrivingOptions): ArrivingComparison {
  const { suite, run } = started;
  const baseline = suite.baseline;
  const candidates = started.names.filter((name) => suite.candidates.includes(name));
  // Cells still to settle, per case and target; cells not sent in this invocation are done already.
  // Counts by target position (a Map per case was ~260 bytes a case); a case is let go once all settled.
  const position = new Map(started.names.map((name, i) => [name, i]));
  const pending = new Map<string, number[]>();
  for (const job of started.plan.jobs) {
    let counts = pending.get(job.caseId);
    if (!counts) pending.set(job.caseId, (counts = new Array<number>(started.names.length).fill(0)));
    counts[position.get(job.target)!]!++;
  }
  const waiting = (caseId: string, target: string) => (pending.get(caseId)?.[position.get(target)!] ?? 0) > 0;
  const compared = new Map(candidates.map((name) => [name, new Map<string, VerdictFigures>()]));
  // Kept as verdicts change: counting them after every slice was a pass over every case so far.
  const tallies = new Map<string, VerdictCounts>(candidates.map((name) => [name, { regressed: 0, changed: 0, equivalent: 0 }]));
  const states = new Map<string, CaseState>();
  const critical = criticalCases(
    suite.cases.map((c) => ({ id: c.id, tags: c.tags }) as CaseInput),
    options.gate.criticalTags,
  );
  const targets = [baseline, ...candidates].map((name) => ({
    name,
    role: name === baseline ? ('baseline' as const) : ('candidate' as const),
    kind: 'endpoint' as const,
    config: {},
  }));
  const queue = new Set<string>(started.cells.map((cell) => cell.caseId));
  let floor: NoiseFloor | undefined;
  let running: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;

  const kept = keptIn(store);
  // Evidence computed in a slice is kept in one transaction at its end (one a case was a commit
  // a case, as much time as the comparing itself); until then a case decided again finds it here.
  let fresh = new Map<string, SideEvidence | PairEvidence>();
  const memo: EvidenceMemo = {
    kept: { get: (key) => fresh.get(key) ?? kept.get(key) },
    fresh: { set: (key, evidence) => fresh.set(key, evidence) },
  };
  function keepFresh(): void {
    if (fresh.size === 0) return;
    store.keepEvidence([...fresh]);
    fresh = new Map();
  }

  /** The case's inputs as stored now (every candidate's samples so far), for the candidates named. */
  function readInputs(caseId: string, names: string[]) {
    const read = store.readCase(run.id, suite.hash, caseId);
    if (!read) return undefined;
    const data = { run, targets, cases: [read.stored], cells: read.cells, requests: {}, settings: {} } as unknown as RunData;
    const input = compareInputFromRun(data, { gate: options.gate });
    input.candidates = names;
    return { input, stored: read.stored };
  }

  function evidenceOf(cases: CaseInput[], names: string[], external: ExternalEvidence | undefined): CaseEvidence[] {
    return cases.map((testCase) => gatherEvidence(testCase, baseline, names, external, memo));
  }

  async function compareCase(caseId: string): Promise<void> {
    if (waiting(caseId, baseline)) return;
    const ready = candidates.filter((name) => !compared.get(name)!.has(caseId) && !waiting(caseId, name));
    if (ready.length === 0) return;
    const read = readInputs(caseId, ready);
    if (!read) return;
    const { input } = read;
    const earlier = states.get(caseId);
    // A candidate whose cells arrive later joins the case: its JavaScript results join those kept.
    const javascript = input.cases.some((c) => c.assert.some((a) => a.type === 'javascript'))
      ? new Map([
          ...(earlier?.javascript ?? []),
          ...(await evaluateJavascript(input, [read.stored], suite.path, (ref, error) => options.warn(`javascript ${ref}: ${error}`))),
        ])
      : undefined;
    const evidence = evidenceOf(input.cases, ready, javascript && { javascript });
    const heldOut = evidence.flatMap((turn) => (usesFloor(turn.testCase.compare.kind) ? heldOutSimilarities(turn.baseline) : []));
    const thresholds = [...(earlier?.thresholds ?? []), ...evidence.flatMap(floorThresholds)];
    // Most cases have no held-out sample, and typed ones no threshold: one empty list for all of them.
    states.set(caseId, {
      heldOut: heldOut.length > 0 ? heldOut : NONE,
      thresholds: thresholds.length > 0 ? thresholds : NONE,
      ...(javascript && { javascript }),
    });
    decide(caseId, input.cases, evidence);
  }

  /** Decides a case again under the floor as it is now, from its kept evidence. */
  function decideAgain(caseId: string): void {
    const names = candidates.filter((name) => compared.get(name)!.has(caseId));
    const read = names.length > 0 ? readInputs(caseId, names) : undefined;
    if (!read) return;
    const javascript = states.get(caseId)?.javascript;
    decide(caseId, read.input.cases, evidenceOf(read.input.cases, names, javascript && { javascript }));
  }

  function decide(caseId: string, inputs: CaseInput[], evidence: CaseEvidence[]): void {
    const current = floor ?? suiteFloor(states.get(caseId)?.heldOut ?? []);
    // No judge or embeddings while running: those are asked at the end, about what local evidence leaves open.
    const items = evidence.flatMap((turn) => caseVerdicts(turn, current, undefined));
    for (const { caseId, candidate, verdict, confirmed, lexical } of foldAndReview(inputs, items, options.reviews)) {
      const verdicts = compared.get(candidate)!;
      const tally = tallies.get(candidate)!;
      const before = verdicts.get(caseId);
      const was = before && bucketOf(before.verdict);
      if (was) tally[was] -= 1;
      verdicts.set(caseId, figuresOf(verdict, confirmed, lexical));
      const bucket = bucketOf(verdict);
      if (bucket) tally[bucket] += 1;
    }
  }

  /**
   * The floor over every case compared so far, at most once a REFLOOR_MS (and when drained), so a
   * large suite does not pass over all its cases after every slice. When it moves, the cases with
   * a value between the old floor and the new one are decided again: the others' verdicts stand
   * (their reasons may name the floor they were decided under; the final comparison names the last).
   */
  let refloored = 0;
  function refloor(force = false): void {
    if (floor && !force && Date.now() - refloored < REFLOOR_MS) return;
    refloored = Date.now();
    const next = suiteFloor([...states.values()].flatMap((state) => state.heldOut));
    const previous = floor;
    if (previous && next.value === previous.value && next.source === previous.source) return;
    floor = next;
    const [low, high] = previous ? [Math.min(previous.value, next.value) - 1e-6, Math.max(previous.value, next.value) + 1e-6] : [];
    for (const [caseId, state] of states) {
      // Before the first suite floor each case was decided under its own.
      if (low === undefined || state.thresholds.some((value) => value >= low && value <= high!)) decideAgain(caseId);
    }
  }

  async function loop(): Promise<void> {
    while (queue.size > 0) {
      // Between slices, the responses that arrived meanwhile are handled (and more requests sent).
      await new Promise<void>((resolve) => setImmediate(resolve));
      options.flush();
      const begun = Date.now();
      for (const caseId of queue) {
        queue.delete(caseId);
        await compareCase(caseId);
        if (Date.now() - begun > SLICE_MS) break;
      }
      afterSlice(false);
    }
  }

  function afterSlice(force: boolean): void {
    refloor(force);
    keepFresh();
    options.afterSlice?.();
    options.onVerdicts?.(Object.fromEntries([...tallies].map(([name, tally]) => [name, { ...tally }])));
  }

  const kick = (): Promise<void> => {
    running ??= loop()
      .catch((error: unknown) => {
        failure ??= { error };
        options.onFailure?.();
      })
      .finally(() => {
        running = undefined;
        if (queue.size > 0 && !failure) void kick();
      });
    return running;
  };

  return {
    baseline,
    candidates,
    critical,
    kept,
    settled(job) {
      const counts = pending.get(job.caseId);
      const at = position.get(job.target)!;
      const left = (counts?.[at] ?? 0) - 1;
      if (counts) {
        counts[at] = Math.max(0, left);
        if (counts.every((n) => n === 0)) pending.delete(job.caseId);
      }
      if (left <= 0 && !failure) {
        queue.add(job.caseId);
        void kick();
      }
    },
    async drain() {
      while (running || (queue.size > 0 && !failure)) await (running ?? kick());
      if (failure) throw failure.error;
      afterSlice(true);
    },
    verdicts: (candidate) => compared.get(candidate) ?? new Map(),
  };
}

/** Where the progress line counts a verdict; errors are counted nowhere. */
const NONE: readonly number[] = Object.freeze([]);

// A run holds these per case and candidate: the few combinations there are are made once.
const sharedFigures = new Map<string, VerdictFigures>();
function figuresOf(verdict: VerdictFigures['verdict'], confirmed: boolean, lexical: LexicalFlags | undefined): VerdictFigures {
  const key = `${verdict}/${confirmed}/${lexical ? `${lexical.outside}/${lexical.baselineOutside}` : '-'}`;
  let figures = sharedFigures.get(key);
  if (!figures) {
    figures = { verdict, confirmed, ...(lexical && { lexical: { outside: lexical.outside, baselineOutside: lexical.baselineOutside } }) };
    sharedFigures.set(key, figures);
  }
  return figures;
}

function bucketOf(verdict: VerdictFigures['verdict']): 'regressed' | 'changed' | 'equivalent' | undefined {
  if (verdict === 'regressed') return 'regressed';
  if (verdict === 'changed' || verdict === 'drifted') return 'changed';
  return verdict === 'error' ? undefined : 'equivalent';
}

/**
 * Evidence is kept in the store as it is computed, and read back from there by key. Made outside
 * compareAsArriving: a closure there would share its scope, and the final comparison holding this
 * would hold the plan and every case's state with it (~0.9 KB a case).
 */
function keptIn(store: Store): KeptEvidence {
  return { get: (key) => store.keptEvidence([key]).get(key) };
}
