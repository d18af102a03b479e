import type { CaseComparison } from '../../compare/types.js';
import { describeParamRewrite } from '../../domain/params-compat.js';
import { shownMessage } from '../../domain/shown-output.js';
import type { ReportCase, ReportData, ReportSample } from '../report-data.js';
import { diffView, type DiffMode } from './diff-view.js';
import { el } from './dom.js';

type Comparison = Omit<CaseComparison, 'caseId' | 'candidate'>;

export interface CaseViewState {
  mode: DiffMode;
  baselineSample: number;
  candidateSample: number;
}

/** Sample values once each, with how many samples gave each when they disagree. */
function distinct(values: string[]): string {
  if (values.length === 0) return '—';
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts.size === 1 ? values[0]! : [...counts].map(([v, n]) => `${v} (×${n})`).join(' | ');
}

const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));

/** Everything about one case as one candidate answered it, baseline beside candidate. */
export function caseView(
  data: ReportData,
  testCase: ReportCase,
  candidate: string,
  state: CaseViewState,
  rerender: () => void,
  review: HTMLElement | null = null,
): HTMLElement {
  const comparison = testCase.comparisons[candidate];
  const baseline = data.baseline.target;
  const baseSamples = testCase.samples[baseline] ?? [];
  const candSamples = testCase.samples[candidate] ?? [];
  const text = (s: ReportSample | undefined) => (s && s.output !== null ? data.outputs[s.output]! : '');
  const others = data.candidates.filter((c) => c !== candidate && testCase.comparisons[c]);

  const modeButton = (mode: DiffMode, label: string) =>
    el(
      'button',
      { type: 'button', class: state.mode === mode ? 'on' : '', 'data-mode': mode, 'aria-pressed': String(state.mode === mode) },
      label,
    );
  const modes = el(
    'div',
    { class: 'modes', role: 'group', 'aria-label': 'diff mode' },
    modeButton('side', 'side by side'),
    modeButton('inline', 'inline'),
    modeButton('raw', 'raw'),
  );
  modes.addEventListener('click', (event) => {
    const mode = (event.target as HTMLElement).dataset.mode as DiffMode | undefined;
    if (mode) {
      state.mode = mode;
      rerender();
    }
  });

  const pick = (label: string, samples: ReportSample[], current: number, set: (n: number) => void) => {
    if (samples.length < 2) return null;
    const select = el(
      'select',
      { 'aria-label': label },
      ...samples.map((s, i) => el('option', { value: i, selected: i === current }, `${label} sample ${s.sample + 1}`)),
    );
    select.addEventListener('change', () => {
      set(Number(select.value));
      rerender();
    });
    return select;
  };
  const b = baseSamples[Math.min(state.baselineSample, baseSamples.length - 1)];
  const c = candSamples[Math.min(state.candidateSample, candSamples.length - 1)];

  return el(
    'article',
    { class: 'case', 'data-case': testCase.id, 'data-candidate': candidate, 'data-verdict': comparison?.verdict ?? '' },
    el(
      'header',
      null,
      el('h2', null, testCase.id),
      isCritical(data, testCase)
        ? el(
            'span',
            { class: 'mark crit', title: `tagged ${data.gate.criticalTags.join(', ')}: a regression here keeps the baseline pinned` },
            'critical',
          )
        : null,
      el('span', { class: 'cand' }, `${candidate} vs ${baseline}`),
      comparison ? el('span', { class: `badge v-${comparison.verdict}`, 'data-verdict': comparison.verdict }, comparison.verdict) : null,
      comparison && !comparison.confirmed
        ? el('span', { class: 'mark', title: 'reached from lexical similarity alone' }, 'unconfirmed')
        : null,
      comparison?.review
        ? el(
            'span',
            {
              class: 'mark reviewed',
              'data-review': comparison.review.decision,
              title: `${comparison.review.decision === 'accept' ? 'accepted' : 'rejected'} by ${comparison.review.by} on ${comparison.review.at.slice(0, 10)}${comparison.review.note ? `: ${comparison.review.note}` : ''}`,
            },
            `${comparison.review.decision === 'accept' ? 'accepted' : 'rejected'} by ${comparison.review.by}, ${comparison.review.at.slice(0, 10)}`,
          )
        : null,
      comparison?.lapsedReview
        ? el('span', { class: 'mark warn', title: 'an output changed since it was reviewed: review it again' }, 'review lapsed')
        : null,
      comparison?.unstable
        ? el('span', { class: 'mark warn', title: 'the baseline disagrees with itself on this case' }, 'baseline unstable')
        : null,
      ...testCase.tags.map((t) => el('span', { class: 'tag' }, t)),
    ),
    testCase.description ? el('p', { class: 'muted' }, testCase.description) : null,
    others.length
      ? el(
          'p',
          { class: 'muted' },
          'Other candidates: ',
          ...others.flatMap((o, i) => [
            i ? ', ' : '',
            el(
              'a',
              { href: `#case=${encodeURIComponent(testCase.id)}&candidate=${encodeURIComponent(o)}` },
              `${o} (${testCase.comparisons[o]!.verdict})`,
            ),
          ]),
        )
      : null,
    comparison
      ? el('ul', { class: 'reasons' }, ...comparison.reasons.map((r) => el('li', null, r)))
      : el('p', null, 'No comparison for this candidate.'),
    review,
    el('h3', null, 'Outputs'),
    el(
      'div',
      { class: 'toolbar' },
      modes,
      pick('baseline', baseSamples, state.baselineSample, (n) => (state.baselineSample = n)),
      pick('candidate', candSamples, state.candidateSample, (n) => (state.candidateSample = n)),
    ),
    b?.status === 'ok' && c?.status === 'ok'
      ? diffView(text(b), text(c), state.mode, { baseline, candidate })
      : oneSide(
          [
            [baseline, b],
            [candidate, c],
          ],
          text,
        ),
    comparison ? evidence(comparison) : null,
    el('h3', null, 'Prompt'),
    el(
      'div',
      { class: 'prompt' },
      ...testCase.messages.map((m) =>
        el('div', { class: `msg r-${m.role}` }, el('b', null, m.name ? `${m.role} (${m.name})` : m.role), el('pre', null, shownMessage(m))),
      ),
    ),
    el('h3', null, 'All samples'),
    samplesTable(data, baseline, baseSamples, comparison?.floor ?? null, comparison?.lexical?.baselineSimilarity),
    samplesTable(data, candidate, candSamples, null),
    el('h3', null, 'Request'),
    requestTable(data, [baseline, candidate]),
    testCase.params
      ? el('div', { class: 'muted' }, `this case's params, sent over each target's: ${JSON.stringify(testCase.params)}`)
      : null,
  );
}

/** A case whose tags include one of the gate's critical tags (the terminal and Markdown mark its regressions too). */
export function isCritical(data: ReportData, testCase: ReportCase): boolean {
  return testCase.tags.some((tag) => data.gate.criticalTags.includes(tag));
}

/** When one side has no output there is nothing to diff, but the answer the other side gave is still shown. */
function oneSide(sides: Array<[string, ReportSample | undefined]>, text: (sample: ReportSample) => string): HTMLElement {
  return el(
    'div',
    { class: 'diff-side one-side' },
    ...sides.map(([target, sample]) =>
      el(
        'div',
        null,
        el('h4', null, target),
        sample?.status === 'ok'
          ? el('pre', { class: 'out' }, text(sample))
          : el('p', { class: 'bad' }, `no output: ${sample?.error ?? 'missing'}`),
      ),
    ),
  );
}

function evidence(comparison: Comparison): HTMLElement {
  const m = comparison.metrics;
  const rows: Array<[string, string]> = [
    ['similarity (token F1)', fmt(comparison.similarity)],
    ['noise floor', comparison.floor ? `${fmt(comparison.floor.value)} (${comparison.floor.source})` : '—'],
  ];
  if (comparison.lexical) {
    const own = comparison.lexical.baselineSimilarity;
    rows.push([
      'outside the noise',
      `${comparison.lexical.outside ? 'yes' : 'no'}${own === null ? '' : `; the baseline's own re-sample: ${fmt(own)} (${comparison.lexical.baselineOutside ? 'outside' : 'within'})`}`,
    ]);
  }
  if (comparison.expected) {
    const e = comparison.expected;
    rows.push([
      'expected',
      `${e.display}: baseline ${e.baseline.right}/${e.baseline.total}, candidate ${e.candidate.right}/${e.candidate.total} right`,
    ]);
  }
  if (m) {
    rows.push(
      ['exact after normalising', m.exact ? 'yes' : 'no'],
      ['chrF', fmt(m.chrF)],
      ['ROUGE-L', fmt(m.rougeL)],
      ['word edit distance', fmt(m.editDistance)],
      ['length ratio', fmt(m.lengthRatio)],
    );
  }
  if (comparison.flags) {
    const f = comparison.flags;
    const flag = (name: 'refusal' | 'codeFence' | 'truncated', label: string) =>
      rows.push([label, `${f.baseline[name] ? 'yes' : 'no'} → ${f.candidate[name] ? 'yes' : 'no'}`]);
    flag('refusal', 'refusal');
    flag('truncated', 'truncated');
    flag('codeFence', 'code fence');
  }
  if (comparison.typed) {
    rows.push(['typed value', `${distinct(comparison.typed.baseline)} → ${distinct(comparison.typed.candidate)}`]);
    if (comparison.typed.keyDifferences.length) rows.push(['key differences', comparison.typed.keyDifferences.join('; ')]);
    if (comparison.typed.otherDifferences.length) rows.push(['other differences', comparison.typed.otherDifferences.join('; ')]);
  }
  if (comparison.turns) {
    rows.push(['turns', comparison.turns.map((turn) => `${turn.turn}: ${turn.verdict}${turn.confirmed ? '' : '?'}`).join(' · ')]);
  }
  if (comparison.toolCalls) {
    const calls = comparison.toolCalls;
    const list = (shown: string[]) => (shown.length ? shown.join(', ') : 'no tool call');
    rows.push(['tool calls, baseline', list(calls.baseline)], ['tool calls, candidate', list(calls.candidate)]);
    if (calls.differences.length) rows.push(['tool call differences', calls.differences.join('; ')]);
    if (calls.otherDifferences.length) rows.push(['tool calls, other differences', calls.otherDifferences.join('; ')]);
  }
  if (comparison.judge)
    rows.push([
      'judge (both orders)',
      `${comparison.judge.forward ?? '—'} / ${comparison.judge.backward ?? '—'}${comparison.judge.error ? ` (${comparison.judge.error})` : ''}`,
    ]);
  if (comparison.embedding)
    rows.push([
      'embedding cosine',
      `${fmt(comparison.embedding.cosine, 3)}${comparison.embedding.floor === null ? '' : ` (floor ${fmt(comparison.embedding.floor, 3)})`}`,
    ]);
  rows.push(['samples', `baseline ${comparison.samples.baseline}, candidate ${comparison.samples.candidate}`]);
  const metrics = el(
    'table',
    { class: 'kv metrics' },
    el('tbody', null, ...rows.map(([k, v]) => el('tr', null, el('th', null, k), el('td', null, v)))),
  );
  const assertions = comparison.assertions.length
    ? el(
        'table',
        { class: 'assertions' },
        el(
          'thead',
          null,
          el(
            'tr',
            null,
            el('th', null, 'assertion'),
            el('th', null, 'baseline'),
            el('th', null, 'candidate'),
            el('th', null, 'why it failed'),
          ),
        ),
        el(
          'tbody',
          null,
          ...comparison.assertions.map((a) =>
            el(
              'tr',
              null,
              el('td', null, a.label),
              el('td', { class: a.baseline.passed === a.baseline.total ? 'ok' : 'bad' }, `${a.baseline.passed}/${a.baseline.total}`),
              el('td', { class: a.candidate.passed === a.candidate.total ? 'ok' : 'bad' }, `${a.candidate.passed}/${a.candidate.total}`),
              el('td', null, a.failures.join('; ')),
            ),
          ),
        ),
      )
    : null;
  return el(
    'div',
    { class: 'evidence' },
    el('div', null, el('h3', null, 'Metrics'), metrics),
    assertions ? el('div', null, el('h3', null, 'Assertions'), assertions) : null,
  );
}

function samplesTable(
  data: ReportData,
  target: string,
  samples: ReportSample[],
  floor: Comparison['floor'],
  own?: number | null,
): HTMLElement {
  return el(
    'details',
    { class: 'samples', open: samples.length > 1 },
    el(
      'summary',
      null,
      `${target}: ${samples.length} sample${samples.length === 1 ? '' : 's'}${floor?.source === 'baseline' ? ` · agrees with itself at ${fmt(floor.value)}` : ''}${own !== null && own !== undefined ? ` · its re-sample agrees with its first at ${fmt(own)}` : ''}`,
    ),
    ...samples.map((s) =>
      el(
        'div',
        { class: 'sample' },
        el(
          'p',
          { class: 'meta' },
          `sample ${s.sample + 1} · ${s.status}`,
          s.finishReason ? ` · finish ${s.finishReason}` : '',
          s.model ? ` · model ${s.model}` : '',
          s.latencyMs !== null ? ` · ${Math.round(s.latencyMs)} ms` : '',
          s.promptTokens !== null ? ` · ${s.promptTokens} prompt + ${s.completionTokens ?? 0} output tokens` : '',
          s.attempts > 1 ? ` · ${s.attempts} attempts` : '',
          s.reused ? ' · reused' : '',
        ),
        s.error ? el('p', { class: 'bad' }, s.error) : null,
        s.output !== null ? el('pre', { class: 'out' }, data.outputs[s.output]!) : null,
      ),
    ),
  );
}

function requestTable(data: ReportData, names: string[]): HTMLElement {
  return el(
    'table',
    { class: 'kv' },
    el(
      'tbody',
      null,
      ...names.map((name) => {
        const t = data.targets.find((x) => x.name === name);
        const rewrites = (t?.paramRewrites ?? []).map(describeParamRewrite);
        return el(
          'tr',
          null,
          el('th', null, name),
          el(
            'td',
            null,
            t ? `${t.kind === 'replay' ? 'recording ' : 'model '}${t.model ?? '—'}  params ${JSON.stringify(t.params)}` : '—',
            rewrites.length ? el('div', { class: 'muted' }, `rewritten by params_compat: auto: ${rewrites.join(', ')}`) : null,
          ),
        );
      }),
    ),
  );
}
