// A person's review of one (case, candidate): the evidence no check, expected: answer or judge
// gave. Kept in a YAML file next to the suite (`<suite>.reviews.yaml`), committed and reviewed in
// pull requests like the suite itself. A review names the two outputs it approved or rejected by
// their hashes: when either changes, it no longer applies and the case is asked again.
// Pure and dependency-free: the report's page script writes the same file.

export type ReviewDecision = 'accept' | 'reject';

export interface Review {
  case: string;
  candidate: string;
  /** accept: the candidate's answer is as good as the baseline's; reject: it is worse. */
  decision: ReviewDecision;
  /** outputsHash of the baseline's outputs on this case, as reviewed. */
  baselineHash: string;
  /** outputsHash of the candidate's outputs on this case, as reviewed. */
  candidateHash: string;
  /** Who reviewed: the git user (name <email>), or --by. */
  by: string;
  /** When, ISO 8601. */
  at: string;
  note?: string;
}

/** What a verdict shows of the review it rests on. */
export interface ReviewMark {
  decision: ReviewDecision;
  by: string;
  at: string;
  note?: string;
}

/** The review file of a suite: `support.yaml` -> `support.reviews.yaml`, in the same folder. */
export function reviewFileName(suiteFile: string): string {
  return suiteFile.replace(/(\.ya?ml)?$/i, '.reviews.yaml');
}

export function reviewKey(caseId: string, candidate: string): string {
  return `${caseId}\u0000${candidate}`;
}

/** Adds or replaces reviews: one per (case, candidate), the later one wins. */
export function mergeReviews(existing: Review[], added: Review[]): Review[] {
  const byKey = new Map(existing.map((review) => [reviewKey(review.case, review.candidate), review]));
  for (const review of added) byKey.set(reviewKey(review.case, review.candidate), review);
  return [...byKey.values()].sort((a, b) => compareText(a.case, b.case) || compareText(a.candidate, b.candidate));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The review file's text: sorted by case and candidate, every string double-quoted (JSON strings
 * are valid YAML), so the file diffs line by line in a pull request and no case id or note can
 * break its syntax.
 */
export function formatReviewFile(reviews: Review[], suiteName?: string): string {
  const q = (text: string) => JSON.stringify(text);
  const lines = [
    `# pinned reviews${suiteName ? ` of suite ${q(suiteName)}` : ''}: a person's word on cases no check settles.`,
    '# Written by `pinned review` (or exported from the HTML report); commit it with the suite.',
    '# A review applies while both outputs are the ones reviewed (their hashes below): when either',
    '# changes, the case is asked again. accept: the candidate is as good; reject: it is worse.',
    reviews.length ? 'reviews:' : 'reviews: []',
  ];
  for (const review of mergeReviews([], reviews)) {
    lines.push(
      `  - case: ${q(review.case)}`,
      `    candidate: ${q(review.candidate)}`,
      `    decision: ${review.decision}`,
      `    baseline_output: ${q(review.baselineHash)}`,
      `    candidate_output: ${q(review.candidateHash)}`,
      `    by: ${q(review.by)}`,
      `    at: ${q(review.at)}`,
      ...(review.note ? [`    note: ${q(review.note)}`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The `pinned review` command that records this review, quoted for a POSIX shell. */
export function reviewCommand(review: Pick<Review, 'case' | 'candidate' | 'decision' | 'note' | 'by'>, run: number): string {
  const quote = (text: string) => (/^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  return [
    'pinned review',
    String(run),
    `--${review.decision}`,
    quote(review.case),
    '--candidate',
    quote(review.candidate),
    ...(review.note ? ['--note', quote(review.note)] : []),
    ...(review.by ? ['--by', quote(review.by)] : []),
  ].join(' ');
}
