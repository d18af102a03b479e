import { EXIT } from '../exit-codes.js';
import type { Review } from '../domain/review.js';
import { UsageError } from '../errors.js';
import { reviewer, reviewQueue, reviewTarget } from '../pipeline/review-queue.js';
import { reviewSession } from '../pipeline/review-session.js';
import { chosenRun } from '../store/choose-run.js';
import { openExistingStore } from '../store/db-path.js';
import { displayPath } from '../suite/display-path.js';
import { saveReviews } from '../suite/reviews.js';
import type { Io } from '../terminal/io.js';
import { terminalKeys } from '../terminal/keys.js';

export interface ReviewOptions {
  run?: number;
  db?: string;
  accept?: string;
  reject?: string;
  candidate?: string;
  note?: string;
  by?: string;
  /** The terminal: keys come from `input`, prompts and echoes go through `write`. */
  terminal?: { input: NodeJS.ReadStream; write(text: string): void; colour: boolean };
}

/**
 * `pinned review`: a person's word on the cases no check settles, kept in the review file next to
 * the suite. With --accept or --reject, records one review (for scripts and the HTML report's
 * commands); otherwise walks the cases on a terminal. The database is only read.
 */
export async function reviewCommand(options: ReviewOptions, io: Io): Promise<number> {
  if (options.accept !== undefined && options.reject !== undefined)
    throw new UsageError('--accept and --reject: give one of them (one review per command)');
  const store = openExistingStore(options.db, io.env, { mode: 'read', command: 'review' });
  try {
    const runId = chosenRun(store, options.run);
    const queue = await reviewQueue(store, runId, io);
    const by = () => reviewer(options.by, queue.report.suite.path, io.env);
    const caseId = options.accept ?? options.reject;
    if (caseId !== undefined) {
      const { candidate, comparison, hashes } = reviewTarget(queue, caseId, options.candidate);
      const decision = options.accept !== undefined ? 'accept' : 'reject';
      const review: Review = {
        case: caseId,
        candidate,
        decision,
        baselineHash: hashes.baseline,
        candidateHash: hashes.candidate,
        by: by(),
        at: new Date().toISOString(),
        ...(options.note?.trim() && { note: options.note.trim() }),
      };
      await saveReviews(queue.file, [review], queue.report.suite.name);
      const was = comparison.review
        ? `${comparison.verdict} by an earlier review`
        : `${comparison.verdict}${comparison.confirmed ? '' : ', unconfirmed'}`;
      io.out(
        `${decision === 'accept' ? 'accepted' : 'rejected'} ${caseId} for ${candidate} (was ${was}) by ${review.by}: written to ${displayPath(queue.file)}`,
      );
      io.out(`pinned compare ${runId} applies it; commit ${displayPath(queue.file)} with the suite`);
      return EXIT.ok;
    }
    if (options.note !== undefined || options.candidate !== undefined)
      throw new UsageError('--note and --candidate go with --accept CASE or --reject CASE');
    if (!options.terminal) {
      throw new UsageError(
        'pinned review walks the cases on a terminal, and this is not one',
        `in a script, record one review at a time: pinned review ${runId} --accept CASE --candidate NAME --note "..." (or --reject)`,
      );
    }
    const keys = terminalKeys(options.terminal.input, options.terminal.write);
    try {
      await reviewSession(queue, { keys, write: options.terminal.write, by: by(), colour: options.terminal.colour }, io);
    } finally {
      keys.close();
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}
