import { wordDiff, type DiffPart } from '../../compare/metrics/word-diff.js';
import { el } from './dom.js';

export type DiffMode = 'side' | 'inline' | 'raw';

/**
 * The same bounded word diff the comparison uses, computed only when a case is opened; past the
 * edit bound the pair is shown as rewritten rather than as a wall of red and green.
 */
export function diffView(baseline: string, candidate: string, mode: DiffMode, names: { baseline: string; candidate: string }): HTMLElement {
  if (mode === 'raw') return sideBySide(el('pre', { class: 'out' }, baseline), el('pre', { class: 'out' }, candidate), names);
  const parts = baseline === candidate ? [{ op: 'equal' as const, text: baseline }] : wordDiff(baseline, candidate);
  if (parts === null) {
    return el(
      'div',
      null,
      el('p', { class: 'note' }, 'Rewritten: the outputs share too little for a word diff to help; shown side by side.'),
      sideBySide(el('pre', { class: 'out' }, baseline), el('pre', { class: 'out' }, candidate), names),
    );
  }
  if (mode === 'inline') return el('div', { class: 'diff-inline' }, el('pre', { class: 'out' }, ...parts.map((p) => part(p, true))));
  return sideBySide(
    el('pre', { class: 'out' }, ...parts.filter((p) => p.op !== 'insert').map((p) => part(p, false))),
    el('pre', { class: 'out' }, ...parts.filter((p) => p.op !== 'delete').map((p) => part(p, false))),
    names,
  );
}

function part(p: DiffPart, inline: boolean): Node | string {
  if (p.op === 'equal') return p.text;
  if (p.op === 'delete') return el('del', { title: inline ? 'only in the baseline' : undefined }, p.text);
  return el('ins', { title: inline ? 'only in the candidate' : undefined }, p.text);
}

function sideBySide(left: HTMLElement, right: HTMLElement, names: { baseline: string; candidate: string }): HTMLElement {
  return el(
    'div',
    { class: 'diff-side' },
    el('div', { class: 'pane' }, el('h4', null, `baseline · ${names.baseline}`), left),
    el('div', { class: 'pane' }, el('h4', null, `candidate · ${names.candidate}`), right),
  );
}
