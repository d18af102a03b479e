// `pinned review` on a terminal: one case at a time, one key each, every decision written to the
// review file as it is made (quitting, or a crash, keeps what was decided).
import type { Review, ReviewDecision } from '../domain/review.js';
import { saveReviews } from '../suite/reviews.js';
import { displayPath } from '../suite/display-path.js';
import type { Io } from '../terminal/io.js';
import type { Keys } from '../terminal/keys.js';
import { formatReviewScreen, REVIEW_KEYS } from '../terminal/review-screen.js';
import type { ReviewQueue } from './review-queue.js';

export interface SessionOptions {
  keys: Keys;
  /** Writes without a line feed (a prompt, an echo); passes safe-text.ts like every printed line. */
  write(text: string): void;
  by: string;
  colour: boolean;
  now?: () => Date;
}

export interface SessionResult {
  accepted: number;
  rejected: number;
  skipped: number;
  /** Cases left when the session was quit. */
  left: number;
}

export async function reviewSession(queue: ReviewQueue, options: SessionOptions, io: Io): Promise<SessionResult> {
  const result: SessionResult = { accepted: 0, rejected: 0, skipped: 0, left: 0 };
  const { items, report } = queue;
  const file = displayPath(queue.file);
  if (items.length === 0) {
    io.out(`nothing to review in run ${report.run.id}: every case is settled by evidence or by a review in ${file}`);
    return result;
  }
  io.out(
    `${items.length} case${items.length === 1 ? '' : 's'} of run ${report.run.id} need${items.length === 1 ? 's' : ''} a person (worst first); reviews go to ${file} as you make them`,
  );
  for (const [index, item] of items.entries()) {
    io.out(formatReviewScreen(item, { index, total: items.length }, io.columns, options.colour));
    let note: string | undefined;
    let decided: ReviewDecision | 'skip' | 'quit' | undefined;
    while (!decided) {
      const key = (await options.keys.next()).toLowerCase();
      if (key === 'a') decided = 'accept';
      else if (key === 'r') decided = 'reject';
      else if (key === 's' || key === ' ') decided = 'skip';
      else if (key === 'q' || key === '\u0003' || key === '\u0004') decided = 'quit';
      else if (key === 'n') {
        const typed = await options.keys.line('note: ');
        if (typed?.trim()) note = typed.trim();
        io.out(note ? `note kept: ${note}; now [a] accept or [r] reject (or [s] skip)` : REVIEW_KEYS);
      } else io.out(`(${REVIEW_KEYS})`);
    }
    if (decided === 'quit') {
      result.left = items.length - index;
      break;
    }
    if (decided === 'skip') {
      result.skipped++;
      io.out('skipped');
      continue;
    }
    const review: Review = {
      case: item.caseId,
      candidate: item.candidate,
      decision: decided,
      baselineHash: item.hashes.baseline,
      candidateHash: item.hashes.candidate,
      by: options.by,
      at: (options.now?.() ?? new Date()).toISOString(),
      ...(note && { note }),
    };
    await saveReviews(queue.file, [review], report.suite.name);
    if (decided === 'accept') result.accepted++;
    else result.rejected++;
    io.out(`${decided === 'accept' ? 'accepted' : 'rejected'}: ${item.caseId} (${item.candidate}) → ${file}`);
  }
  const written = result.accepted + result.rejected;
  io.out(
    `\n${written} review${written === 1 ? '' : 's'} written (${result.accepted} accepted, ${result.rejected} rejected), ${result.skipped} skipped${result.left ? `, ${result.left} left for later` : ''}.`,
  );
  if (written) io.out(`pinned compare ${report.run.id} applies them; commit ${file} with the suite.`);
  return result;
}
