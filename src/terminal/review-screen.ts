// One case of `pinned review` on a terminal: the verdict and its reasons, then the baseline and
// the candidate side by side with the word diff (deleted words red in the baseline's column,
// inserted words green in the candidate's; [-…-] and {+…+} without colour).
import pc from 'picocolors';
import { wordDiff } from '../compare/metrics/word-diff.js';
import type { Verdict } from '../compare/types.js';
import { escapeControlCharacters as shown } from '../domain/control-characters.js';

export interface ReviewItem {
  caseId: string;
  candidate: string;
  baselineName: string;
  verdict: Verdict;
  confirmed: boolean;
  critical: boolean;
  similarity: number | null;
  reasons: string[];
  /** The last user message of the prompt. */
  prompt: string;
  /** The first sample's output of each side. */
  baseline: string;
  output: string;
  /** How many samples each side has (the first is shown). */
  samples: { baseline: number; candidate: number };
  /** A review of earlier outputs lapsed: the case is asked again. */
  lapsed?: boolean;
}

type Style = 'plain' | 'del' | 'ins';
type Piece = { text: string; style: Style };

export const REVIEW_KEYS = '[a] accept  [r] reject  [s] skip  [n] note  [q] quit';

/** The screen for one case; `colour` false marks changes with [-…-] and {+…+}. */
export function formatReviewScreen(item: ReviewItem, position: { index: number; total: number }, columns: number, colour: boolean): string {
  const width = Math.max(40, Math.min(columns || 80, 200));
  const bold = colour ? pc.bold : (t: string) => t;
  const dim = colour ? pc.dim : (t: string) => t;
  const head = [
    `case ${position.index + 1} of ${position.total}`,
    shown(item.caseId),
    `${shown(item.candidate)} vs ${shown(item.baselineName)}`,
    `${item.verdict}${item.confirmed ? '' : ' (unconfirmed)'}`,
    ...(item.critical ? ['critical'] : []),
    ...(item.similarity === null ? [] : [`similarity ${item.similarity.toFixed(2)}`]),
  ].join(' · ');
  const lines = ['─'.repeat(width), bold(head)];
  if (item.lapsed) lines.push('an earlier review of this case no longer applies: an output changed since');
  for (const reason of item.reasons.slice(0, 6)) lines.push(...wrap([{ text: `• ${reason}`, style: 'plain' }], width).map(render(colour)));
  if (item.prompt) {
    lines.push(dim('prompt:'));
    lines.push(
      ...wrap([{ text: item.prompt, style: 'plain' }], width)
        .slice(0, 6)
        .map((l) => dim(render(false)(l))),
    );
  }
  const gap = 3;
  const column = Math.floor((width - gap) / 2);
  const parts = wordDiff(item.baseline, item.output);
  const left: Piece[] = parts
    ? parts.filter((p) => p.op !== 'insert').map((p) => ({ text: p.text, style: p.op === 'delete' ? 'del' : 'plain' }))
    : [{ text: item.baseline, style: 'plain' }];
  const right: Piece[] = parts
    ? parts.filter((p) => p.op !== 'delete').map((p) => ({ text: p.text, style: p.op === 'insert' ? 'ins' : 'plain' }))
    : [{ text: item.output, style: 'plain' }];
  const a = wrap(colour ? left : marked(left), column);
  const b = wrap(colour ? right : marked(right), column);
  const of = (n: number) => (n > 1 ? ` (sample 1 of ${n})` : '');
  lines.push(
    '',
    `${bold(pad(`baseline ${shown(item.baselineName)}${of(item.samples.baseline)}`, column))}${' '.repeat(gap)}${bold(`candidate ${shown(item.candidate)}${of(item.samples.candidate)}`)}`,
  );
  if (!parts) lines.push(dim('(rewritten: too different for a word diff)'));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const l = a[i] ?? [];
    lines.push(`${render(colour)(l)}${' '.repeat(column - length(l) + gap)}${render(colour)(b[i] ?? [])}`.trimEnd());
  }
  lines.push('', REVIEW_KEYS);
  return lines.join('\n');
}

/** Without colour, changed words are bracketed so the diff survives. */
function marked(pieces: Piece[]): Piece[] {
  return pieces.map((p) =>
    p.style === 'del' ? { text: `[-${p.text}-]`, style: 'plain' } : p.style === 'ins' ? { text: `{+${p.text}+}`, style: 'plain' } : p,
  );
}

/** Lines of at most `width` characters, breaking at spaces where it can; control characters spelled out first. */
function wrap(pieces: Piece[], width: number): Piece[][] {
  const lines: Piece[][] = [[]];
  let used = 0;
  const put = (text: string, style: Style) => {
    const line = lines[lines.length - 1]!;
    const last = line[line.length - 1];
    if (last && last.style === style) last.text += text;
    else line.push({ text, style });
    used += [...text].length;
  };
  const newline = () => {
    lines.push([]);
    used = 0;
  };
  for (const piece of pieces) {
    const text = shown(piece.text.replace(/\r\n?/g, '\n').replace(/\t/g, '  '));
    for (const [index, paragraph] of text.split('\n').entries()) {
      if (index > 0) newline();
      for (const word of paragraph.match(/\S+\s*|\s+/g) ?? []) {
        let rest = word;
        if (used > 0 && used + [...rest.trimEnd()].length > width) newline();
        while ([...rest].length > width - used) {
          const chars = [...rest];
          const room = width - used;
          put(chars.slice(0, room).join(''), piece.style);
          rest = chars.slice(room).join('');
          newline();
        }
        if (used === 0) rest = rest.replace(/^\s+/, '');
        if (rest) put(rest, piece.style);
      }
    }
  }
  return lines;
}

function render(colour: boolean) {
  return (line: Piece[]) =>
    line
      .map(({ text, style }) =>
        !colour || style === 'plain' ? text : style === 'del' ? pc.red(pc.strikethrough(text)) : pc.green(pc.bold(text)),
      )
      .join('');
}

function length(line: Piece[]): number {
  return line.reduce((sum, p) => sum + [...p.text].length, 0);
}

function pad(text: string, width: number): string {
  const n = [...text].length;
  return n >= width ? text : text + ' '.repeat(width - n);
}
