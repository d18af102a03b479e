// Comparing while the run sends: a case is compared as soon as every cell it needs for a
// candidate has settled (the baseline's and that candidate's, every sample, every turn), off the
// sending path (in slices between I/O callbacks), and its evidence is kept: the final comparison
// reuses it instead of computing it again. Verdicts here are provisional on the suite's lexical
// noise floor, which depends on every case; they are re-decided (cheaply, from kept evidence)
// whenever the floor moves, and once more by the final comparison.
import type { PairEvidence, SideEvidence } from '../compare/case-evidence.js';
import { caseVerdicts, criticalCases, floorOf, foldAndReview, gatherEvidence, type CaseEvidence } from '../compare/case-comparison.js';
import type { Review } from '../domain/review.js';
import type { CaseInput } from '../compare/input.js';
import type { EvidenceMemo } from '../compare/kept-evidence.js';
import { usesFloor } from '../compare/noise-floor.js';
import type { CaseComparison, NoiseFloor } from '../compare/types.js';
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
}

export interface ArrivingComparison {
  readonly baseline: string;
  readonly candidates: string[];
  /** A job's final outcome was added to the writer. */
  settled(job: Job): void;
  /** Compares what is ready now; resolves once nothing is queued. */
  drain(): Promise<void>;
  /** Each candidate's verdicts so far, by case id (conversations folded). */
  verdicts(candidate: string): ReadonlyMap<string, CaseComparison>;
  critical: ReadonlySet<string>;
  /** The evidence computed or read back so far, for the final comparison. */
  kept: ReadonlyMap<string, SideEvidence | PairEvidence>;
}

interface CaseState {
  inputs: CaseInput[];
  /** Per turn (one for a single request), with the candidates compared so far (their JavaScript assertions' results inside). */
  evidence: CaseEvidence[];
}

export function compareAsArriving(started: StartedRun, store: Store, options: ArrivingOptions): ArrivingComparison {
  const { suite, run } = started;
  const baseline = suite.baseline;
  const candidates = started.names.filter((name) => suite.candidates.includes(name));
  // Cells still to settle, per case and target; cells not sent in this invocation are done already.
  const pending = new Map<string, Map<string, number>>();
  for (const job of started.plan.jobs) {
    const targets = pending.get(job.caseId) ?? new Map<string, number>();
    targets.set(job.target, (targets.get(job.target) ?? 0) + 1);
    pending.set(job.caseId, targets);
  }
  const waiting = (caseId: string, target: string) => (pending.get(caseId)?.get(target) ?? 0) > 0;
  const compared = new Map(candidates.map((name) => [name, new Map<string, CaseComparison>()]));
  const states = new Map<string, CaseState>();
  const kept = new Map<string, SideEvidence | PairEvidence>();
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

  const memo: EvidenceMemo = {
    kept: {
      get(key) {
        let found = kept.get(key);
        if (!found) {
          found = store.keptEvidence([key]).get(key);
          if (found) kept.set(key, found);
        }
        return found;
      },
    },
    fresh: { set: (key, evidence) => fresh.push([key, evidence]) },
  };
  let fresh: Array<[string, SideEvidence | PairEvidence]> = [];

  async function compareCase(caseId: string): Promise<void> {
    if (waiting(caseId, baseline)) return;
    const ready = candidates.filter((name) => !compared.get(name)!.has(caseId) && !waiting(caseId, name));
    if (ready.length === 0) return;
    const read = store.readCase(run.id, suite.hash, caseId);
    if (!read) return;
    const data = { run, targets, cases: [read.stored], cells: read.cells, requests: {}, settings: {} } as unknown as RunData;
    const input = compareInputFromRun(data, { gate: options.gate });
    input.candidates = ready;
    const external = input.cases.some((c) => c.assert.some((a) => a.type === 'javascript'))
      ? {
          javascript: await evaluateJavascript(input, [read.stored], suite.path, (ref, error) =>
            options.warn(`javascript ${ref}: ${error}`),
          ),
        }
      : undefined;
    const evidence = input.cases.map((testCase) => gatherEvidence(testCase, baseline, ready, external, memo));
    for (const [key, item] of fresh) kept.set(key, item);
    store.keepEvidence(fresh);
    fresh = [];
    // A candidate whose cells arrive later joins the case: the inputs read now hold every candidate's samples.
    const earlier = states.get(caseId);
    states.set(caseId, {
      inputs: input.cases,
      evidence: evidence.map((turn, t) => ({ ...turn, candidates: { ...earlier?.evidence[t]?.candidates, ...turn.candidates } })),
    });
    decide(caseId, ready);
  }

  function decide(caseId: string, names: string[]): void {
    const state = states.get(caseId)!;
    const current = floor ?? floorOf(state.evidence);
    const items = state.evidence.flatMap((turn) =>
      // No judge or embeddings while running: those are asked at the end, about what local evidence leaves open.
      caseVerdicts({ ...turn, candidates: pick(turn.candidates, names) }, current, undefined),
    );
    for (const item of foldAndReview(state.inputs, items, options.reviews)) compared.get(item.candidate)!.set(item.caseId, item);
  }

  /**
   * The floor over every case compared so far; verdicts that depend on it are decided again when
   * it moves, at most once a REFLOOR_MS (and when drained), so a large suite does not pass over
   * all its cases after every slice.
   */
  let refloored = 0;
  function refloor(force = false): void {
    if (floor && !force && Date.now() - refloored < REFLOOR_MS) return;
    refloored = Date.now();
    const next = floorOf([...states.values()].flatMap((state) => state.evidence));
    if (floor && next.value === floor.value && next.source === floor.source) return;
    floor = next;
    for (const [caseId, state] of states) {
      if (!state.inputs.some((c) => usesFloor(c.compare.kind))) continue;
      decide(
        caseId,
        candidates.filter((name) => compared.get(name)!.has(caseId)),
      );
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
    options.afterSlice?.();
    options.onVerdicts?.(countVerdicts(compared));
  }

  const kick = (): Promise<void> => {
    running ??= loop()
      .catch((error: unknown) => {
        failure ??= { error };
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
      const targets = pending.get(job.caseId);
      const left = (targets?.get(job.target) ?? 0) - 1;
      if (targets) targets.set(job.target, Math.max(0, left));
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

function pick<T>(record: Record<string, T>, names: string[]): Record<string, T> {
  return Object.fromEntries(names.filter((name) => name in record).map((name) => [name, record[name]!]));
}

function countVerdicts(compared: Map<string, Map<string, CaseComparison>>): Record<string, VerdictCounts> {
  const counts: Record<string, VerdictCounts> = {};
  for (const [candidate, items] of compared) {
    const tally: VerdictCounts = { regressed: 0, changed: 0, equivalent: 0 };
    for (const item of items.values()) {
      if (item.verdict === 'regressed') tally.regressed++;
      else if (item.verdict === 'changed' || item.verdict === 'drifted') tally.changed++;
      else if (item.verdict !== 'error') tally.equivalent++;
    }
    counts[candidate] = tally;
  }
  return counts;
}
