// Word-level diff of two outputs for reports, whose parts re-join exactly to the two texts:
// baseline = equal + delete parts in order, candidate = equal + insert parts in order.
//
// Tokens are a word (letters, digits, marks, "_") or one punctuation character, each carrying the
// whitespace after it; tokens are compared without that whitespace, so re-wrapping a paragraph
// does not turn every word into a change (jsdiff's diffWordsWithSpace makes each space a token,
// and its optimal diffs then keep spaces while deleting and re-inserting words, jsdiff #160;
// diffWords keeps only one side's whitespace, so the parts would not re-join). Where matched
// tokens differ in whitespace only, that whitespace shows as a small delete + insert.
//
// The alignment is a longest common subsequence of the tokens, i.e. a minimal diff, the same
// size as jsdiff's Myers diff. jsdiff's diffArrays costs O((n+m)·D): about 6 ms for a typical
// pair of 2 KB answers from different models, minutes for a report of thousands of cases. The
// bit-parallel LCS (lcs.ts) costs O(n·m/32), well under a millisecond for the same pair, and gives
// the number of edits D = n + m - 2·LCS exactly, so a rewrite (D > maxEditLength) is null at once.
// Past ALIGNMENT_BUDGET (texts of hundreds of KB that differ in a few places) keeping the DP
// columns would take too much memory, and jsdiff's diffArrays, fast when D is small, is used.
import { diffArrays } from 'diff';
import { internPair } from './intern.js';
import { lcsAlignment, lcsLength } from './lcs.js';

export type DiffPart = { op: 'equal' | 'insert' | 'delete'; text: string };

export interface WordDiffOptions {
  /** Most inserted + deleted tokens to diff; past it the result is null ("rewritten"). Default 2,000. */
  maxEditLength?: number;
}

const DEFAULT_MAX_EDIT_LENGTH = 2000;
// Words of DP columns lcsAlignment may keep (16 MB).
const ALIGNMENT_BUDGET = 1 << 22;
// A word and the whitespace after it, one punctuation character and the whitespace after it, or
// whitespace at the very start of the text.
const TOKEN = /[\p{L}\p{N}\p{M}_]+\s*|[^\s\p{L}\p{N}\p{M}_]\s*|\s+/gu;

interface Token {
  core: string;
  space: string;
}

/** null when more than maxEditLength tokens would have to be inserted or deleted. */
export function wordDiff(baseline: string, candidate: string, options: WordDiffOptions = {}): DiffPart[] | null {
  const maxEditLength = options.maxEditLength ?? DEFAULT_MAX_EDIT_LENGTH;
  const before = tokens(baseline);
  const after = tokens(candidate);
  // Equal heads and tails need no alignment; trimming them keeps the middle (and memory) small.
  let head = 0;
  while (head < before.length && head < after.length && before[head]!.core === after[head]!.core) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail]!.core === after[after.length - 1 - tail]!.core
  ) {
    tail++;
  }
  const oldMiddle = before.slice(head, before.length - tail).map((t) => t.core);
  const newMiddle = after.slice(head, after.length - tail).map((t) => t.core);
  const matches = alignMiddle(oldMiddle, newMiddle, maxEditLength);
  if (!matches) return null;

  const parts = new PartList();
  const equal = (i: number, j: number) => {
    const old = before[i]!;
    const now = after[j]!;
    parts.push('equal', old.core);
    if (old.space === now.space) {
      parts.push('equal', old.space);
    } else {
      parts.push('delete', old.space);
      parts.push('insert', now.space);
    }
  };
  for (let k = 0; k < head; k++) equal(k, k);
  let i = head;
  let j = head;
  for (let k = 0; k <= matches.xs.length; k++) {
    // Up to the next matched pair (or the tail): what was deleted, then what was inserted.
    const nextI = k < matches.xs.length ? head + matches.xs[k]! : before.length - tail;
    const nextJ = k < matches.ys.length ? head + matches.ys[k]! : after.length - tail;
    for (; i < nextI; i++) parts.push('delete', joined(before[i]!));
    for (; j < nextJ; j++) parts.push('insert', joined(after[j]!));
    if (k < matches.xs.length) equal(i++, j++);
  }
  for (let k = 0; k < tail; k++) equal(before.length - tail + k, after.length - tail + k);
  return parts.parts;
}

/** Matched positions of an LCS of the two token lists, or null past maxEditLength edits. */
function alignMiddle(before: string[], after: string[], maxEditLength: number): { xs: number[]; ys: number[] } | null {
  const interned = internPair(before, after);
  const shorter = Math.min(before.length, after.length);
  const longer = Math.max(before.length, after.length);
  if (((shorter + 31) >>> 5) * (longer + 1) <= ALIGNMENT_BUDGET) {
    const alignment = lcsAlignment(interned.a, interned.b);
    return before.length + after.length - 2 * alignment.xs.length > maxEditLength ? null : alignment;
  }
  if (before.length + after.length - 2 * lcsLength(interned.a, interned.b) > maxEditLength) return null;
  const changes = diffArrays(before, after, { maxEditLength });
  if (!changes) return null;
  const xs: number[] = [];
  const ys: number[] = [];
  let i = 0;
  let j = 0;
  for (const change of changes) {
    if (change.removed) i += change.count;
    else if (change.added) j += change.count;
    else for (let k = 0; k < change.count; k++) xs.push(i++), ys.push(j++);
  }
  return { xs, ys };
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const core = token.trimEnd();
    out.push({ core, space: token.slice(core.length) });
  }
  return out;
}

function joined(token: Token): string {
  return token.core + token.space;
}

/**
 * Parts with empty texts dropped, same-op runs merged, and between two equal parts the deletions
 * before the insertions (swapping a delete and an insert changes neither re-joined text).
 */
class PartList {
  readonly parts: DiffPart[] = [];

  push(op: DiffPart['op'], text: string): void {
    if (text === '') return;
    const parts = this.parts;
    const last = parts[parts.length - 1];
    if (op === 'delete' && last?.op === 'insert') {
      const beforeLast = parts[parts.length - 2];
      if (beforeLast?.op === 'delete') beforeLast.text += text;
      else parts.splice(parts.length - 1, 0, { op, text });
    } else if (last?.op === op) {
      last.text += text;
    } else {
      parts.push({ op, text });
    }
  }
}
