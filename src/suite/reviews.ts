// The review file next to a suite (`support.yaml` -> `support.reviews.yaml`): people's reviews of
// cases no check settles, read as evidence by every comparison (domain/review.ts has its format).
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { SuiteError } from '../errors.js';
import { formatReviewFile, mergeReviews, type Review } from '../domain/review.js';
import { displayPath } from './display-path.js';
import { parseYaml } from './yaml-document.js';
import { validate } from './zod-issues.js';

const text = z.string().min(1);
const entry = z.strictObject({
  case: text,
  candidate: text,
  decision: z.enum(['accept', 'reject']),
  baseline_output: text,
  candidate_output: text,
  by: text,
  at: text,
  note: z.string().optional(),
});
const file = z.strictObject({ reviews: z.array(entry).nullable().optional() }).nullable();

/** The reviews in the file, [] when there is none; a malformed file is a suite error at its line and column. */
export async function readReviews(path: string): Promise<Review[]> {
  if (!existsSync(path)) return [];
  const shown = displayPath(path);
  const parsed = parseYaml(await readFile(path, 'utf8'), shown);
  if (!parsed.ok) throw new SuiteError(parsed.issues);
  const { data, issues } = validate(file, parsed.doc.value, parsed.doc);
  if (issues?.length) throw new SuiteError(issues);
  return (data?.reviews ?? []).map((r) => ({
    case: r.case,
    candidate: r.candidate,
    decision: r.decision,
    baselineHash: r.baseline_output,
    candidateHash: r.candidate_output,
    by: r.by,
    at: r.at,
    ...(r.note && { note: r.note }),
  }));
}

/** Adds (or replaces) reviews in the file, written whole through a temporary file so a crash never leaves half of it. */
export async function saveReviews(path: string, added: Review[], suiteName?: string): Promise<Review[]> {
  const reviews = mergeReviews(await readReviews(path), added);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, formatReviewFile(reviews, suiteName));
  await rename(temporary, path);
  return reviews;
}
