// What `pinned review` walks: the cases no check settles, worst first, with what a person needs
// to judge them (both outputs, the reasons), and where their reviews are written.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { Verdict } from '../compare/types.js';
import { reviewFileName, reviewKey, type Review } from '../domain/review.js';
import { UsageError } from '../errors.js';
import type { ReportData } from '../report/report-data.js';
import type { Store } from '../store/open-store.js';
import { messageText } from '../suite/message-content.js';
import { readReviews } from '../suite/reviews.js';
import type { Io } from '../terminal/io.js';
import type { ReviewItem } from '../terminal/review-screen.js';
import { compareStoredRun } from './compare-stored-run.js';
import { storedReport } from './stored-report.js';

export interface ReviewQueue {
  report: ReportData;
  /** The review file next to the run's suite. */
  file: string;
  reviews: Review[];
  /** The cases that need a person and have no review of these outputs, worst first. */
  items: Array<ReviewItem & { hashes: { baseline: string; candidate: string } }>;
}

// Worst first within the critical cases, then within the rest.
const RANK: Partial<Record<Verdict, number>> = { regressed: 0, changed: 1, drifted: 2, improved: 3, equivalent: 4 };

/** The run's latest comparison (made again from local evidence when none is stored, or it predates output hashes) and what needs a person. */
export async function reviewQueue(store: Store, runId: number, io: Io): Promise<ReviewQueue> {
  const data = store.readRun(runId);
  const stored = storedReport(store, data);
  const current = (c: ReportData) =>
    c.cases.every((item) => Object.values(item.comparisons).every((cmp) => cmp.outputs || !cmp.samples.candidate));
  const report =
    stored && current(stored.report)
      ? stored.report
      : (await compareStoredRun(store, runId, { data, offline: true, quiet: true, signal: new AbortController().signal }, io)).report;
  const file = reviewFileName(data.run.suitePath);
  const reviews = await readReviews(file);
  const reviewed = new Map(reviews.map((r) => [reviewKey(r.case, r.candidate), r]));
  // The first sample of each side is shown and diffed (the one the noise rule anchors on); the count says if there are more.
  const answers = (testCase: ReportData['cases'][number], target: string) =>
    (testCase.samples[target] ?? []).filter((s) => s.output !== null).map((s) => report.outputs[s.output!]!);
  const items: ReviewQueue['items'] = [];
  for (const testCase of report.cases) {
    const critical = testCase.tags.some((tag) => report.gate.criticalTags.includes(tag));
    for (const candidate of report.candidates) {
      const comparison = testCase.comparisons[candidate];
      if (!comparison?.outputs || comparison.verdict === 'same' || comparison.verdict === 'error') continue;
      // The file decides what is settled: a stored comparison may rest on a review since removed from it.
      const needsPerson = comparison.review || !comparison.confirmed || ['changed', 'drifted', 'regressed'].includes(comparison.verdict);
      const earlier = reviewed.get(reviewKey(testCase.id, candidate));
      const settled =
        earlier && earlier.baselineHash === comparison.outputs.baseline && earlier.candidateHash === comparison.outputs.candidate;
      if (!needsPerson || settled) continue;
      items.push({
        caseId: testCase.id,
        candidate,
        baselineName: report.baseline.target,
        verdict: comparison.verdict,
        confirmed: comparison.confirmed,
        critical,
        similarity: comparison.similarity,
        reasons: comparison.reasons,
        prompt: messageText(testCase.messages.filter((m) => m.role === 'user').at(-1) ?? { content: '' }),
        baseline: answers(testCase, report.baseline.target)[0] ?? '',
        output: answers(testCase, candidate)[0] ?? '',
        samples: { baseline: answers(testCase, report.baseline.target).length, candidate: answers(testCase, candidate).length },
        ...(comparison.lapsedReview && { lapsed: true }),
        hashes: comparison.outputs,
      });
    }
  }
  items.sort(
    (a, b) =>
      Number(b.critical) - Number(a.critical) ||
      (RANK[a.verdict] ?? 9) - (RANK[b.verdict] ?? 9) ||
      Number(b.confirmed) - Number(a.confirmed) ||
      (a.similarity ?? 1) - (b.similarity ?? 1),
  );
  return { report, file, reviews, items };
}

/** A (case, candidate) of the run, for the non-interactive form: --accept CASE --candidate NAME. */
export function reviewTarget(queue: ReviewQueue, caseId: string, candidate: string | undefined) {
  const { report } = queue;
  const testCase = report.cases.find((c) => c.id === caseId);
  if (!testCase)
    throw new UsageError(`run ${report.run.id} has no case '${caseId}'`, 'pinned review RUN (on a terminal) lists the cases to review');
  const name = candidate ?? (report.candidates.length === 1 ? report.candidates[0] : undefined);
  if (!name) throw new UsageError(`say which candidate you reviewed: --candidate ${report.candidates.join(' or --candidate ')}`);
  const comparison = testCase.comparisons[name];
  if (!comparison)
    throw new UsageError(`run ${report.run.id} has no candidate '${name}'`, `its candidates: ${report.candidates.join(', ')}`);
  if (!comparison.outputs || comparison.verdict === 'error')
    throw new UsageError(
      `${caseId} has no output from ${comparison.samples.baseline ? name : 'the baseline'} to review (verdict ${comparison.verdict})`,
    );
  return { testCase, candidate: name, comparison, hashes: comparison.outputs };
}

/** Who reviews: --by, else the git user of the suite's repository (name <email>), else the login name. */
export function reviewer(by: string | undefined, suitePath: string, env: Io['env']): string {
  if (by?.trim()) return by.trim();
  const git = (key: string) => {
    const result = spawnSync('git', ['config', key], { cwd: dirname(suitePath), encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : '';
  };
  const name = git('user.name');
  const email = git('user.email');
  if (name) return email ? `${name} <${email}>` : name;
  const login = env.USER ?? env.USERNAME;
  if (login) return login;
  throw new UsageError('cannot tell who is reviewing: no git user.name and no USER', 'say it with --by "Your Name"');
}
