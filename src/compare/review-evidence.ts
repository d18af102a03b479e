// A person's review is evidence like an expected: answer: it says which side is right where
// nothing else does. It applies only to the outputs it was given (their hashes): when either
// side's outputs change, the review lapses and the case is asked again.
import { createHash } from 'node:crypto';
import { reviewKey, type Review, type ReviewMark } from '../domain/review.js';
import type { SampleOutput } from './input.js';
import type { CaseComparison, TurnComparison } from './types.js';

/** A short, stable hash of one side's outputs on a case (every sample that answered, in order). */
export function outputsHash(samples: SampleOutput[]): string | null {
  const outputs = samples
    .filter((s) => s.ok)
    .sort((a, b) => a.sample - b.sample)
    .map((s) => s.output);
  if (outputs.length === 0) return null;
  return shortHash(JSON.stringify(outputs));
}

/**
 * The first 16 hex digits of a SHA-256. Read from the digest's bytes: slicing the 64-digit hex
 * string would keep all of it alive behind each short one (~16 MB at 100,000 cases).
 */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest().toString('hex', 0, 8);
}

/** A conversation's outputs, as one review names them: every turn's, in order; absent when a turn has none on either side. */
export function conversationOutputs(turns: readonly TurnComparison[]): CaseComparison['outputs'] {
  const ordered = [...turns].sort((a, b) => a.turn - b.turn);
  if (ordered.length === 0 || ordered.some((t) => !t.outputs)) return undefined;
  const hash = (side: 'baseline' | 'candidate') => shortHash(JSON.stringify(ordered.map((t) => t.outputs![side])));
  return { baseline: hash('baseline'), candidate: hash('candidate') };
}

export function reviewsByKey(reviews: Review[] | undefined): Map<string, Review> {
  return new Map((reviews ?? []).map((review) => [reviewKey(review.case, review.candidate), review]));
}

/**
 * The verdict with the review applied: accepted, the candidate is as good (`equivalent`, or
 * `improved` when evidence already said better); rejected, it is worse (`regressed`). Either way
 * the verdict is confirmed, and no longer weighed lexically. A review of other outputs leaves the
 * verdict as it is and says that it lapsed. Identical outputs and errors need no review.
 */
export function applyReview(item: CaseComparison, review: Review | undefined): CaseComparison {
  if (!review || !item.outputs || item.verdict === 'error' || item.verdict === 'same') return item;
  const when = review.at.slice(0, 10);
  if (review.baselineHash !== item.outputs.baseline || review.candidateHash !== item.outputs.candidate) {
    const changed = [
      review.baselineHash !== item.outputs.baseline ? "the baseline's" : '',
      review.candidateHash !== item.outputs.candidate ? "the candidate's" : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return {
      ...item,
      lapsedReview: mark(review),
      reasons: [
        ...item.reasons,
        `a review no longer applies (${review.decision === 'accept' ? 'accepted' : 'rejected'} by ${review.by} on ${when}): ${changed} output changed since; review it again`,
      ],
    };
  }
  const verdict = review.decision === 'reject' ? 'regressed' : item.verdict === 'improved' && item.confirmed ? 'improved' : 'equivalent';
  const said = `${verdict} by review: ${review.decision === 'accept' ? 'accepted' : 'rejected'} by ${review.by} on ${when}${review.note ? `: ${review.note}` : ''}`;
  const { lexical: _weighedLexically, ...rest } = item;
  return {
    ...rest,
    verdict,
    confirmed: true,
    reasons: [said, `without the review: ${item.verdict}${item.confirmed ? '' : ' (unconfirmed)'}`, ...item.reasons],
    review: mark(review),
  };
}

function mark(review: Review): ReviewMark {
  return { decision: review.decision, by: review.by, at: review.at, ...(review.note && { note: review.note }) };
}
