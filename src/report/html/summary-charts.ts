import type { CandidateDecision, CaseComparison } from '../../compare/types.js';
import { escapeHtml } from './escape-html.js';
import { histogram } from './histogram.js';
import { VERDICT_ORDER } from './verdict-colors.js';

/** A stacked bar of verdict counts; each segment links to the case list filtered to it. */
export function verdictBar(decision: CandidateDecision): string {
  const total = VERDICT_ORDER.reduce((sum, v) => sum + decision.counts[v], 0);
  if (total === 0) return '<div class="vbar empty">no cases</div>';
  const segments = VERDICT_ORDER.filter((v) => decision.counts[v] > 0)
    .map((v) => {
      const n = decision.counts[v];
      const label = `${v}: ${n} of ${total} (${((100 * n) / total).toFixed(0)}%)`;
      return `<span class="seg v-${v}" style="flex-grow:${n}" title="${escapeHtml(label)}" data-verdict="${v}" data-candidate="${escapeHtml(decision.candidate)}">${(100 * n) / total >= 8 ? n : ''}</span>`;
    })
    .join('');
  const legend = VERDICT_ORDER.filter((v) => decision.counts[v] > 0)
    .map((v) => `<span class="key"><i class="v-${v}"></i>${v} ${decision.counts[v]}</span>`)
    .join('');
  return `<div class="vbar" role="img" aria-label="verdicts">${segments}</div><div class="legend">${legend}</div>`;
}

const W = 320;
const H = 96;
const PAD = 18;

/**
 * Candidate-to-baseline similarity per case, drawn over the baseline's own agreement with
 * itself (its held-out sample's similarity, where it has two samples), with the noise floor marked:
 * bars left of the line are the cases that differ by more than re-sampling the baseline does.
 */
export function similarityHistogram(cases: Array<Pick<CaseComparison, 'similarity' | 'floor' | 'lexical'>>, bins = 20): string {
  const similarities = cases.map((c) => c.similarity).filter((v): v is number => v !== null);
  if (similarities.length === 0) return '<p class="muted">no lexical similarities (typed comparisons or errors only)</p>';
  // The baseline's held-out sample against its first, judged by the same rule; older comparisons kept a per-case floor.
  const selfSimilarities = cases.flatMap((c) =>
    c.lexical?.baselineSimilarity != null ? [c.lexical.baselineSimilarity] : c.floor?.source === 'baseline' ? [c.floor.value] : [],
  );
  const counts = histogram(similarities, bins);
  const own = histogram(selfSimilarities, bins);
  const max = Math.max(1, ...counts, ...own);
  const bw = (W - 2 * PAD) / bins;
  const y = (n: number) => H - PAD - ((H - 2 * PAD) * n) / max;
  const bars = counts
    .map((n, i) =>
      n
        ? `<rect class="cand" x="${(PAD + i * bw + 1).toFixed(1)}" y="${y(n).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(H - PAD - y(n)).toFixed(1)}"><title>${(i / bins).toFixed(2)}–${((i + 1) / bins).toFixed(2)}: ${n} case${n === 1 ? '' : 's'}</title></rect>`
        : '',
    )
    .join('');
  const ownBars = own
    .map((n, i) =>
      n
        ? `<rect class="own" x="${(PAD + i * bw + 1).toFixed(1)}" y="${y(n).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(H - PAD - y(n)).toFixed(1)}"><title>baseline vs itself ${(i / bins).toFixed(2)}–${((i + 1) / bins).toFixed(2)}: ${n}</title></rect>`
        : '',
    )
    .join('');
  const floors = cases
    .map((c) => c.floor?.value)
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  const floor = floors.length ? floors[Math.floor(floors.length / 2)]! : null;
  const fx = floor === null ? 0 : PAD + (W - 2 * PAD) * floor;
  const floorLine =
    floor === null
      ? ''
      : `<line class="floor" x1="${fx.toFixed(1)}" x2="${fx.toFixed(1)}" y1="${PAD - 6}" y2="${H - PAD}"/>${floorLabel(fx, floor)}`;
  return `<svg class="hist" viewBox="0 0 ${W} ${H}" role="img" aria-label="similarity histogram">
<line class="axis" x1="${PAD}" x2="${W - PAD}" y1="${H - PAD}" y2="${H - PAD}"/>
${ownBars}${bars}${floorLine}
<text class="tick" x="${PAD}" y="${H - 4}">0</text><text class="tick" x="${W / 2}" y="${H - 4}" text-anchor="middle">similarity to baseline</text><text class="tick" x="${W - PAD}" y="${H - 4}" text-anchor="end">1</text>
</svg><div class="legend"><span class="key"><i class="h-cand"></i>candidate vs baseline</span>${selfSimilarities.length ? '<span class="key"><i class="h-own"></i>baseline vs itself</span>' : ''}</div>`;
}

/** Beside the floor's line, on the side with room: left of it when the floor is in the chart's right half (a floor of 1.00 sits on its edge). */
function floorLabel(fx: number, floor: number): string {
  const right = floor > 0.5;
  return `<text class="floor-label" x="${(right ? fx - 3 : fx + 3).toFixed(1)}" y="${PAD - 8}"${right ? ' text-anchor="end"' : ''}>noise floor ${floor.toFixed(2)}</text>`;
}
