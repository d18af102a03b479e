import type { Verdict } from '../../compare/types.js';
import type { ReportData } from '../report-data.js';
import { caseView, isCritical, type CaseViewState } from './case-view.js';
import { decodeData } from './decode.js';
import { readLink, writeLink, type Link } from './deep-link.js';
import { clear, el } from './dom.js';
import { buildRows, matches, searchText, sortRows, VERDICT_RANK, type Filters, type Row, type SortKey } from './rows.js';
import { LocalReviews, reviewBox, reviewPanel } from './reviews.js';
import { VirtualList } from './virtual-list.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function start(): Promise<void> {
  const source = $('pinned-data');
  const data = await decodeData(source.textContent!.trim());
  const rows = buildRows(data);
  const haystacks = new Map<Row, string>();
  const haystack = (row: Row) => () => {
    let text = haystacks.get(row);
    if (text === undefined) haystacks.set(row, (text = searchText(data, data.cases[row.caseIndex]!, row.candidate)));
    return text;
  };
  const filters: Filters = { verdicts: new Set(), candidate: '', tag: '', text: '' };
  let sortKey: SortKey = 'verdict';
  let descending = false;
  let open: Link | null = null;
  const view: CaseViewState = { mode: 'side', baselineSample: 0, candidateSample: 0 };
  const reviews = new LocalReviews(data);
  let redraw: (() => void) | null = null;

  const search = $<HTMLInputElement>('q');
  const candidateSelect = $<HTMLSelectElement>('f-candidate');
  const tagSelect = $<HTMLSelectElement>('f-tag');
  const sortSelect = $<HTMLSelectElement>('sort');
  const sortDir = $<HTMLButtonElement>('sort-dir');
  const chips = $('chips');
  const count = $('count');
  const detail = $('detail');
  const multi = data.candidates.length > 1;

  candidateSelect.append(
    el('option', { value: '' }, `all candidates (${data.candidates.length})`),
    ...data.candidates.map((c) => el('option', { value: c }, c)),
  );
  const tags = [...new Set(data.cases.flatMap((c) => c.tags))].sort();
  tagSelect.append(el('option', { value: '' }, `all tags (${tags.length})`), ...tags.map((t) => el('option', { value: t }, t)));
  if (!tags.length) tagSelect.hidden = true;
  if (!multi) candidateSelect.hidden = true;

  const list = new VirtualList<Row>($('list'), (row, index, selected) => {
    const testCase = data.cases[row.caseIndex]!;
    const isOpen = open !== null && open.caseId === testCase.id && open.candidate === row.candidate;
    const node = el(
      'div',
      {
        class: `row${selected ? ' sel' : ''}${isOpen ? ' open' : ''}`,
        role: 'option',
        'aria-selected': String(selected),
        'data-index': index,
        'data-case': testCase.id,
        'data-candidate': row.candidate,
        'data-verdict': row.verdict,
      },
      el('span', { class: `badge v-${row.verdict}` }, row.verdict),
      el(
        'span',
        { class: 'id', title: testCase.id },
        testCase.id,
        row.confirmed ? null : el('sup', { title: 'unconfirmed: lexical evidence only' }, '?'),
        row.unstable ? el('sup', { class: 'warn', title: 'baseline unstable' }, '!') : null,
        row.reviewed ? el('sup', { class: 'rev', title: "rests on a person's review" }, '✓') : null,
        reviews.get(testCase.id, row.candidate, testCase.comparisons[row.candidate]?.outputs)
          ? el('sup', { class: 'mine', title: 'you reviewed it in this browser' }, '✎')
          : null,
      ),
      isCritical(data, testCase)
        ? el('span', { class: 'mark crit', title: `tagged ${data.gate.criticalTags.join(', ')}: critical` }, 'critical')
        : null,
      multi ? el('span', { class: 'rc', title: row.candidate }, row.candidate) : null,
      el(
        'span',
        { class: 'sim', title: 'similarity to the baseline' },
        row.similarity === null ? '' : el('i', { style: `width:${Math.round(row.similarity * 100)}%` }),
        row.similarity === null ? '—' : row.similarity.toFixed(2),
      ),
      el(
        'span',
        { class: 'len', title: 'length change' },
        row.lengthChange === null ? '' : `${row.lengthChange >= 0 ? '+' : ''}${Math.round(row.lengthChange * 100)}%`,
      ),
    );
    node.addEventListener('click', () => {
      list.select(index, false);
      openRow(row);
    });
    return node;
  });

  let shown: Row[] = [];
  function refresh(): void {
    const rest = rows.filter((row) => matches(row, filters, haystack(row), data, true));
    shown = sortRows(filters.verdicts.size ? rest.filter((r) => filters.verdicts.has(r.verdict)) : rest, sortKey, descending);
    const counts = new Map<Verdict, number>();
    for (const row of rest) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
    clear(chips);
    for (const verdict of Object.keys(VERDICT_RANK) as Verdict[]) {
      const n = counts.get(verdict) ?? 0;
      if (!n && !filters.verdicts.has(verdict)) continue;
      const chip = el(
        'button',
        {
          type: 'button',
          class: `chip v-${verdict}${filters.verdicts.has(verdict) ? ' on' : ''}`,
          'data-chip': verdict,
          'aria-pressed': String(filters.verdicts.has(verdict)),
        },
        `${verdict} `,
        el('b', null, n),
      );
      chip.addEventListener('click', () => {
        if (filters.verdicts.has(verdict)) filters.verdicts.delete(verdict);
        else filters.verdicts.add(verdict);
        refresh();
      });
      chips.appendChild(chip);
    }
    count.textContent = `${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} shown`;
    const at = open ? shown.findIndex((r) => data.cases[r.caseIndex]!.id === open!.caseId && r.candidate === open!.candidate) : -1;
    list.selected = at >= 0 ? at : Math.min(list.selected, shown.length - 1);
    list.setItems(shown);
  }

  function openRow(row: Row): void {
    openLink({ caseId: data.cases[row.caseIndex]!.id, candidate: row.candidate });
  }

  function openLink(link: Link): void {
    const testCase = data.cases.find((c) => c.id === link.caseId);
    if (!testCase) {
      clear(detail);
      detail.append(el('p', { class: 'bad' }, `No case '${link.caseId}' in this report.`));
      return;
    }
    const candidate =
      link.candidate && testCase.comparisons[link.candidate]
        ? link.candidate
        : (data.candidates.find((c) => testCase.comparisons[c]) ?? data.candidates[0] ?? '');
    if (!open || open.caseId !== testCase.id) Object.assign(view, { baselineSample: 0, candidateSample: 0 });
    open = { caseId: testCase.id, candidate };
    history.replaceState(null, '', writeLink(open));
    const draw = () => {
      clear(detail);
      detail.append(caseView(data, testCase, candidate, view, draw, reviewBox(data, testCase.id, candidate, reviews)));
    };
    redraw = draw;
    draw();
    const index = shown.findIndex((r) => data.cases[r.caseIndex] === testCase && r.candidate === candidate);
    if (index >= 0) list.select(index);
    else list.render();
    detail.scrollTop = 0;
  }

  let typing = 0;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(() => {
      filters.text = search.value.trim();
      refresh();
    }, 120);
  });
  candidateSelect.addEventListener('change', () => {
    filters.candidate = candidateSelect.value;
    refresh();
  });
  tagSelect.addEventListener('change', () => {
    filters.tag = tagSelect.value;
    refresh();
  });
  sortSelect.addEventListener('change', () => {
    sortKey = sortSelect.value as SortKey;
    refresh();
  });
  sortDir.addEventListener('click', () => {
    descending = !descending;
    sortDir.textContent = descending ? '↓' : '↑';
    refresh();
  });
  // A segment of a summary verdict bar shows that candidate's cases with that verdict.
  document.querySelectorAll<HTMLElement>('.vbar .seg').forEach((seg) =>
    seg.addEventListener('click', () => {
      filters.verdicts = new Set([seg.dataset.verdict as Verdict]);
      filters.candidate = seg.dataset.candidate ?? '';
      candidateSelect.value = filters.candidate;
      refresh();
      $('cases').scrollIntoView();
    }),
  );

  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (target.matches('input, select, textarea') || event.metaKey || event.ctrlKey || event.altKey) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    if (event.key === 'j' || event.key === 'k') {
      list.select(list.selected + (event.key === 'j' ? 1 : -1));
      event.preventDefault();
    } else if (event.key === 'Enter' && list.item(list.selected)) {
      openRow(list.item(list.selected)!);
      event.preventDefault();
    } else if (event.key === '/') {
      search.focus();
      event.preventDefault();
    }
  });
  window.addEventListener('hashchange', () => {
    const link = readLink(location.hash);
    if (link) openLink(link);
  });

  reviewPanel(data, reviews, $('reviews'));
  reviews.onChange(() => {
    redraw?.();
    list.render();
  });
  refresh();
  watchOverflow(document.querySelectorAll<HTMLElement>('.targets .scroll'));
  const link = readLink(location.hash);
  if (link) {
    openLink(link);
    $('cases').scrollIntoView();
  } else if (shown[0]) list.select(0, false);
  document.body.dataset.ready = 'true';
  performance.mark('pinned:list-rendered');
}

/** Marks a table wider than its box (data-overflow="left right"), so CSS can show that it scrolls. */
function watchOverflow(boxes: Iterable<HTMLElement>): void {
  for (const box of boxes) {
    const update = () => {
      const sides = [box.scrollLeft > 1 ? 'left' : '', box.scrollLeft + box.clientWidth < box.scrollWidth - 1 ? 'right' : ''].filter(
        Boolean,
      );
      if (sides.length) box.dataset.overflow = sides.join(' ');
      else delete box.dataset.overflow;
    };
    update();
    box.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
  }
}

start().catch((error: unknown) => {
  const box = document.getElementById('detail') ?? document.body;
  box.append(
    el(
      'p',
      { class: 'bad' },
      `The report's data could not be read: ${String(error)}. Open it in a current browser (it needs DecompressionStream).`,
    ),
  );
});
