// Reviews collected in the report itself, without a server: accept or reject on each case view,
// kept in the browser's local storage (so they survive a reload and a later report of the same
// suite, while the outputs are the same), exported as the suite's review file or as the
// `pinned review` commands that record them.
import {
  formatReviewFile,
  mergeReviews,
  reviewCommand,
  reviewFileName,
  reviewKey,
  type Review,
  type ReviewDecision,
} from '../../domain/review.js';
import type { ReportData } from '../report-data.js';
import { clear, el } from './dom.js';

export interface LocalReview {
  decision: ReviewDecision;
  note?: string;
  baselineHash: string;
  candidateHash: string;
  at: string;
}

type Outputs = { baseline: string; candidate: string };

/** Reviews of one suite in local storage; one entry per (case, candidate), for the outputs it was given. */
export class LocalReviews {
  private readonly key: string;
  private entries: Record<string, LocalReview>;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly data: ReportData) {
    this.key = `pinned:reviews:${data.suite.name}`;
    this.entries = {};
    try {
      const stored = JSON.parse(localStorage.getItem(this.key) ?? '{}') as unknown;
      if (stored && typeof stored === 'object') this.entries = stored as Record<string, LocalReview>;
    } catch {
      // Storage refused (private mode, file:// policy) or unreadable: start empty.
    }
  }

  /** This browser's review of the case, when it was of these outputs. */
  get(caseId: string, candidate: string, outputs: Outputs | undefined): LocalReview | undefined {
    const entry = this.entries[reviewKey(caseId, candidate)];
    return entry && outputs && entry.baselineHash === outputs.baseline && entry.candidateHash === outputs.candidate ? entry : undefined;
  }

  set(caseId: string, candidate: string, review: LocalReview | undefined): void {
    const key = reviewKey(caseId, candidate);
    if (review) this.entries[key] = review;
    else delete this.entries[key];
    try {
      localStorage.setItem(this.key, JSON.stringify(this.entries));
    } catch {
      // Kept for this page only.
    }
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Reviews of this report's cases whose outputs are the ones in it, in suite order. */
  current(): Array<{ caseId: string; candidate: string; review: LocalReview }> {
    return this.data.cases.flatMap((testCase) =>
      this.data.candidates.flatMap((candidate) => {
        const review = this.get(testCase.id, candidate, testCase.comparisons[candidate]?.outputs);
        return review ? [{ caseId: testCase.id, candidate, review }] : [];
      }),
    );
  }
}

/** Accept / reject on a case view; null where there is nothing to review (identical outputs, an error). */
export function reviewBox(data: ReportData, caseId: string, candidate: string, reviews: LocalReviews): HTMLElement | null {
  const comparison = data.cases.find((c) => c.id === caseId)?.comparisons[candidate];
  const outputs = comparison?.outputs;
  if (!comparison || !outputs || comparison.verdict === 'same' || comparison.verdict === 'error') return null;
  const mine = reviews.get(caseId, candidate, outputs);
  const note = el('input', { type: 'text', class: 'note', placeholder: 'note: why (optional)', 'aria-label': 'review note' });
  note.value = mine?.note ?? '';
  const decide = (decision: ReviewDecision) => () =>
    reviews.set(caseId, candidate, {
      decision,
      ...(note.value.trim() && { note: note.value.trim() }),
      baselineHash: outputs.baseline,
      candidateHash: outputs.candidate,
      at: new Date().toISOString(),
    });
  const button = (decision: ReviewDecision, label: string) => {
    const node = el(
      'button',
      {
        type: 'button',
        class: `review-${decision}${mine?.decision === decision ? ' on' : ''}`,
        'data-review': decision,
        'aria-pressed': String(mine?.decision === decision),
      },
      label,
    );
    node.addEventListener('click', decide(decision));
    return node;
  };
  const undo = el('button', { type: 'button', class: 'review-clear', 'data-review': 'clear' }, 'clear');
  undo.addEventListener('click', () => reviews.set(caseId, candidate, undefined));
  const status = mine
    ? `you ${mine.decision === 'accept' ? 'accepted' : 'rejected'} this on ${mine.at.slice(0, 10)} (in this browser; export it from "Your reviews" above the case list)`
    : comparison.review
      ? `the review file says: ${comparison.review.decision === 'accept' ? 'accepted' : 'rejected'} by ${comparison.review.by}; a review here replaces it`
      : 'not reviewed';
  return el(
    'div',
    { class: 'my-review', 'data-my-review': mine?.decision ?? '' },
    el('b', null, 'Your review '),
    button('accept', 'Accept: as good'),
    button('reject', 'Reject: worse'),
    note,
    mine ? undo : null,
    el('span', { class: 'muted status' }, status),
  );
}

/** The panel that counts this browser's reviews and exports them. */
export function reviewPanel(data: ReportData, reviews: LocalReviews, panel: HTMLElement): void {
  const fileName = reviewFileName(data.suite.path.split(/[\\/]/).pop() ?? 'suite.yaml');
  const reviewer = el('input', { type: 'text', id: 'reviewer', placeholder: 'your name, for the review file', 'aria-label': 'reviewer' });
  reviewer.value = safeGet('pinned:reviewer');
  reviewer.addEventListener('input', () => safeSet('pinned:reviewer', reviewer.value));
  const output = el('textarea', { id: 'review-export', readonly: true, rows: 8, 'aria-label': 'export', hidden: true });
  const message = el('p', { class: 'muted', id: 'review-message' });
  const download = el('button', { type: 'button', id: 'review-download' }, `Download ${fileName}`);
  const commands = el('button', { type: 'button', id: 'review-commands' }, 'Show pinned review commands');
  const summary = el('span', { id: 'review-count' });

  const collected = () => reviews.current();
  download.addEventListener('click', () => {
    const by = reviewer.value.trim();
    if (!by) {
      message.textContent = 'Write your name first: the review file says who reviewed.';
      reviewer.focus();
      return;
    }
    const text = reviewFile(data, collected(), by);
    output.value = text;
    output.hidden = false;
    const link = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/yaml' })), download: fileName });
    document.body.appendChild(link);
    link.click();
    link.remove();
    message.textContent = `${fileName} holds the reviews this report applied and yours: save it next to ${data.suite.path.split(/[\\/]/).pop()}, replacing the old one, and commit it.`;
  });
  commands.addEventListener('click', () => {
    const by = reviewer.value.trim();
    output.value = collected()
      .map(({ caseId, candidate, review }) =>
        reviewCommand({ case: caseId, candidate, decision: review.decision, by, ...(review.note && { note: review.note }) }, data.run.id),
      )
      .join('\n');
    output.hidden = false;
    output.select();
    message.textContent = `Run these where the database of run ${data.run.id} is: they add to ${fileName} (without --by, the git user is the reviewer).`;
  });

  const draw = () => {
    const items = collected();
    const accepted = items.filter((i) => i.review.decision === 'accept').length;
    summary.textContent = `${items.length} review${items.length === 1 ? '' : 's'} made in this browser (${accepted} accepted, ${items.length - accepted} rejected)`;
    download.disabled = commands.disabled = items.length === 0;
    panel.hidden = false;
  };
  clear(panel);
  panel.append(
    el('h2', null, 'Your reviews'),
    el(
      'p',
      { class: 'muted' },
      'Accept or reject cases in their view below; they are kept in this browser. Export them as the review file next to the suite, or as the pinned review commands that write it.',
    ),
    el('div', { class: 'review-actions' }, summary, reviewer, download, commands),
    message,
    output,
  );
  reviews.onChange(draw);
  draw();
}

/** The review file: the reviews this report applied (of these outputs), then this browser's, which win. */
function reviewFile(data: ReportData, collected: ReturnType<LocalReviews['current']>, by: string): string {
  const applied: Review[] = data.cases.flatMap((testCase) =>
    data.candidates.flatMap((candidate) => {
      const c = testCase.comparisons[candidate];
      return c?.review && c.outputs
        ? [
            {
              case: testCase.id,
              candidate,
              decision: c.review.decision,
              baselineHash: c.outputs.baseline,
              candidateHash: c.outputs.candidate,
              by: c.review.by,
              at: c.review.at,
              ...(c.review.note && { note: c.review.note }),
            },
          ]
        : [];
    }),
  );
  const mine: Review[] = collected.map(({ caseId, candidate, review }) => ({
    case: caseId,
    candidate,
    decision: review.decision,
    baselineHash: review.baselineHash,
    candidateHash: review.candidateHash,
    by,
    at: review.at,
    ...(review.note && { note: review.note }),
  }));
  return formatReviewFile(mergeReviews(applied, mine), data.suite.name);
}

function safeGet(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function safeSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Kept for this page only.
  }
}
