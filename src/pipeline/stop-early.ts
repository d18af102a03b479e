// Stopping when the decision is known (--stop-early): after each slice of new verdicts, the
// sequential rule looks at the longest completed prefix of the cases' seeded order; a decided
// candidate is sent nothing more (requests in flight may finish), and the baseline stops once no
// undecided candidate needs it. What was left unsent is estimated as the saving.
import { sameGate } from '../compare/compare-run.js';
import { lookAtPrefix } from '../compare/prefix-look.js';
import type { EarlyStop } from '../compare/types.js';
import { estimateRun } from '../plan/estimate.js';
import { loadTokenCounter } from '../plan/token-counter.js';
import { cellKey, type Cell, type Job } from '../plan/types.js';
import type { Store } from '../store/open-store.js';
import type { Gate } from '../suite/types.js';
import type { ArrivingComparison } from './compare-as-arriving.js';
import type { StartedRun } from './start-run.js';

/** How long sending waits on a prefix that does not move before it may go twice as far ahead. */
const STALL_MS = 500;

export interface EarlyStopper {
  /** The decision each stopped candidate was stopped with. */
  decided(candidate: string): EarlyStop['decision'] | undefined;
  /** Whether a job is still worth sending. */
  needed(job: Job): boolean;
  /** Whether a decision needs this target's answer to this case (a failed one makes the run incomplete). */
  wanted(target: string, caseId: string): boolean;
  /** Keeps sending within `ahead` cases of what the rule can look at (executeJobs' hold option). */
  hold: { held(job: Job): boolean; onWake(wake: () => void): void; idle(): void };
  /** Sends the rest as it would without a hold (comparing failed: nothing will look again). */
  release(): void;
  /** Asks the sequential rule about every undecided candidate whose completed prefix grew. */
  look(): void;
  /** The stops, with what the cells they leave unsent would have cost (an interrupted run's too), kept with the run. */
  finish(): Promise<Record<string, EarlyStop>>;
}

export function stopEarly(
  started: StartedRun,
  store: Store,
  arriving: ArrivingComparison,
  settings: { gate: Gate; seed: number; order: string[]; ahead: number },
): EarlyStopper {
  const { run } = started;
  // A resumed run keeps the decisions it made before under the same gate; one made under another
  // (--confidence, --max-regression-rate ... given now) is made again, under this gate.
  const stops: Record<string, EarlyStop> = store.earlyStops(run.id);
  for (const [candidate, stop] of Object.entries(stops)) {
    if (!stop.gate || sameGate(stop.gate, settings.gate)) continue;
    delete stops[candidate];
    store.dropEarlyStop(run.id, candidate);
  }
  const decided: string[] = Object.keys(stops);
  const looked = new Map<string, number>();
  const undecided = () => arriving.candidates.filter((name) => !stops[name]);
  const allDecided = () => undecided().length === 0;
  const positions = new Map(settings.order.map((id, i) => [id, i]));
  // A decision rests on its prefix of the order: a cell there that failed is retried on resume,
  // the baseline's too; after it nothing more is sent to a decided candidate, nor to the baseline
  // once every candidate is decided.
  const inPrefix = (caseId: string, stop: EarlyStop | undefined) => stop !== undefined && (positions.get(caseId) ?? Infinity) < stop.cases;
  const wanted = (target: string, caseId: string) => {
    if (target !== arriving.baseline) return !stops[target] || inPrefix(caseId, stops[target]);
    return !allDecided() || arriving.candidates.some((name) => inPrefix(caseId, stops[name]));
  };

  // The rule looks at the longest prefix of the order whose cases are all compared: one slow or
  // retried request holds that prefix back while sending runs on, and a candidate clearly decided
  // on the cases behind it would be sent the whole suite meanwhile. So each target sends within
  // `ahead` cases of the prefix it waits for: a candidate its own (one that keeps failing holds
  // back only itself), the baseline the furthest any undecided candidate has reached. Replay
  // targets answer at once for nothing: never held. A prefix that has not moved for STALL_MS
  // doubles the allowance (until one moves), so timeouts and retries slow sending, never stall it.
  const replay = new Set(Object.values(started.suite.targets).flatMap((t) => (t.kind === 'replay' ? [t.name] : [])));
  const reached = (target: string) =>
    target === arriving.baseline ? Math.max(0, ...undecided().map((name) => looked.get(name) ?? 0)) : (looked.get(target) ?? 0);
  let grown = 0;
  let released = false;
  let wake = () => {};
  let stall: NodeJS.Timeout | undefined;
  // Moves whenever any prefix grows or a candidate is decided.
  const progress = () => decided.length + [...looked.values()].reduce((sum, n) => sum + n, 0);
  let seen = 0;
  const advance = () => {
    if (progress() === seen) return;
    seen = progress();
    grown = 0;
    wake();
  };
  const stalled = () => {
    if (stall || released) return;
    const at = progress();
    stall = setTimeout(() => {
      stall = undefined;
      if (progress() !== at || released) return;
      grown++;
      wake();
    }, STALL_MS);
    stall.unref();
  };
  const letGo = () => {
    released = true;
    clearTimeout(stall);
    wake();
  };

  return {
    decided: (candidate) => stops[candidate]?.decision,
    wanted,
    hold: {
      held(job) {
        if (released || replay.has(job.target)) return false;
        // Only an undecided candidate, and the baseline while one is, wait on a prefix: a decided
        // candidate's jobs (and the baseline's once all are) are skipped or fill in a decided prefix.
        if (job.target === arriving.baseline ? allDecided() : stops[job.target]) return false;
        const hold = (positions.get(job.caseId) ?? Infinity) >= reached(job.target) + settings.ahead * 2 ** grown;
        if (hold) stalled();
        return hold;
      },
      onWake(callback) {
        wake = callback;
      },
      // Sending waits on verdicts: once every answer in is compared, a prefix that still has not
      // moved never will (a case nothing compares), and holding on would wait forever.
      idle() {
        const at = progress();
        arriving.drain().then(
          () => {
            if (progress() === at && !released) letGo();
          },
          () => undefined,
        );
      },
    },
    release: letGo,
    needed(job) {
      return wanted(job.target, job.caseId);
    },
    look() {
      for (const candidate of arriving.candidates) {
        if (stops[candidate]) continue;
        const verdicts = arriving.verdicts(candidate);
        const look = lookAtPrefix({
          order: settings.order,
          verdicts,
          critical: arriving.critical,
          gate: settings.gate,
          candidates: arriving.candidates.length,
        });
        if (look.prefix === 0 || look.prefix === looked.get(candidate)) continue;
        looked.set(candidate, look.prefix);
        if (look.decision === 'undecided') continue;
        stops[candidate] = {
          decision: look.decision,
          cases: look.prefix,
          of: settings.order.length,
          reasons: look.reasons,
          seed: settings.seed,
          gate: settings.gate,
          saved: { requests: 0, tokens: 0, usd: 0 },
        };
        decided.push(candidate);
        store.saveEarlyStop(run.id, candidate, stops[candidate]);
      }
      advance();
    },
    async finish() {
      clearTimeout(stall);
      if (decided.length === 0) return stops;
      const { suite } = started;
      // What no decision needs and was never sent, this invocation or before: counted from the
      // plan, not from the jobs turned down, so a run interrupted after a decision counts it too.
      const answered = store.finishedCells(run.id);
      const tried = new Set(store.unfinishedCells(run.id).map((cell) => `${cell.target}\u0000${cell.caseId}`));
      const unsent: Cell[] = started.plan.jobs.filter(
        (job) => !wanted(job.target, job.caseId) && !answered.has(cellKey(job)) && !tried.has(`${job.target}\u0000${job.caseId}`),
      );
      const endpoints = [...new Set(unsent.map((cell) => cell.target))].flatMap((name) => {
        const target = suite.targets[name]!;
        return target.kind === 'endpoint' ? [{ name, model: target.model }] : [];
      });
      const estimate = estimateRun({
        suite,
        cells: unsent,
        toSend: new Set(unsent),
        countPromptTokens: await loadTokenCounter(),
        history: store.completionHistory(suite.name, endpoints),
        batched: started.batched,
      });
      // The baseline's unsent cells are the saving of the decision that made them unneeded: the last one.
      const last = decided.at(-1);
      for (const candidate of decided) {
        const own = estimate.targets.filter((t) => t.target === candidate || (candidate === last && t.target === arriving.baseline));
        // The baseline (the expensive model) is usually priced when a candidate is not: count what is known, name the rest.
        const priced = own.filter((t) => t.costUsd !== null);
        const unpriced = own.filter((t) => t.costUsd === null && t.requests > 0).map((t) => t.target);
        stops[candidate] = {
          ...stops[candidate]!,
          saved: {
            requests: own.reduce((sum, t) => sum + t.requests, 0),
            tokens: own.reduce((sum, t) => sum + t.inputTokens + t.outputTokens, 0),
            usd: priced.length === 0 && unpriced.length > 0 ? null : priced.reduce((sum, t) => sum + (t.costUsd ?? 0), 0),
            ...(unpriced.length > 0 && priced.length > 0 && { unpriced }),
          },
        };
        store.saveEarlyStop(run.id, candidate, stops[candidate]!);
      }
      return stops;
    },
  };
}
