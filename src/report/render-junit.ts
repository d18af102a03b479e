import { describeEarlyStop } from '../compare/decision.js';
import { pct } from '../domain/format.js';
import { caseSeconds, firstOutput } from './case-outputs.js';
import { truncate } from './excerpt.js';
import type { ReportCase, ReportData } from './report-data.js';
import { xmlAttr, xmlText } from './xml-text.js';

export interface JunitOptions {
  /** Characters of each output in a failure's body (default 2000). */
  excerptChars?: number;
}

interface Outcome {
  xml: string;
  kind: 'pass' | 'failure' | 'error' | 'skipped';
  seconds: number;
}

/**
 * JUnit XML for CI test reporters: a <testsuite> per candidate, a <testcase> per case (classname
 * the candidate, name the case id). Regressions fail, `error` verdicts error, cases without a
 * comparison are skipped; every other verdict passes, with its reasons in <system-out>.
 */
export function renderJunit(data: ReportData, options: JunitOptions = {}): string {
  return [...junitChunks(data, options)].join('');
}

/** The same XML in chunks of about 64 KB: the totals first (a pass over the verdicts), then a test case at a time. */
export function* junitChunks(data: ReportData, options: JunitOptions = {}): Generator<string> {
  const suites = data.candidates.map((candidate) => ({
    candidate,
    ...counts(data.cases.map((testCase) => outcomeOf(testCase, candidate))),
  }));
  const total = (key: 'tests' | 'failures' | 'errors' | 'skipped' | 'time') => suites.reduce((sum, s) => sum + s[key], 0);
  const timestamp = data.run.startedAt.replace(/(\.\d+)?Z$/, '');
  yield lines([
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`pinned: ${data.suite.name}, run ${data.run.id}`)}" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}" time="${seconds(total('time'))}">`,
  ]);
  for (const [id, suite] of suites.entries()) {
    yield lines([
      `  <testsuite name="${xmlAttr(suite.candidate)}" id="${id}" tests="${suite.tests}" failures="${suite.failures}" errors="${suite.errors}" skipped="${suite.skipped}" time="${seconds(suite.time)}" timestamp="${xmlAttr(timestamp)}">`,
      ...properties(data, suite.candidate),
    ]);
    let chunk = '';
    for (const testCase of data.cases) {
      chunk += `${testcase(data, testCase, suite.candidate, options.excerptChars ?? 2000).xml}\n`;
      if (chunk.length >= 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}  </testsuite>\n`;
  }
  yield '</testsuites>\n';
}

function lines(items: string[]): string {
  return items.map((line) => `${line}\n`).join('');
}

/** A test case's outcome without its XML, for the totals written before the test cases. */
function outcomeOf(testCase: ReportCase, candidate: string): Omit<Outcome, 'xml'> {
  const verdict = testCase.comparisons[candidate]?.verdict;
  const kind = verdict === undefined ? 'skipped' : verdict === 'regressed' ? 'failure' : verdict === 'error' ? 'error' : 'pass';
  return { kind, seconds: caseSeconds(testCase, candidate) };
}

function properties(data: ReportData, candidate: string): string[] {
  const decision = data.decisions.find((d) => d.candidate === candidate);
  const items: Array<[string, string]> = [
    ['suite', data.suite.name],
    ['run', String(data.run.id)],
    ['baseline', `${data.baseline.target} (run ${data.baseline.runId})`],
    ...(data.baselineVerification
      ? ([
          ['baselineVerification', data.baselineVerification.line],
          ...(data.baselineVerification.warning ? [['baselineWarning', data.baselineVerification.warning]] : []),
        ] as Array<[string, string]>)
      : []),
    ...(decision
      ? ([
          ['decision', decision.decision],
          ['reason', decision.reasons[0] ?? ''],
          ...(decision.stoppedEarly ? [['stoppedEarly', describeEarlyStop(decision)] as [string, string]] : []),
          ['equivalence', `${pct(decision.equivalence.rate)} (${pct(decision.equivalence.low)}–${pct(decision.equivalence.high)})`],
          ['regression', `${pct(decision.regression.rate)} (${pct(decision.regression.low)}–${pct(decision.regression.high)})`],
        ] as Array<[string, string]>)
      : []),
  ];
  return [
    '    <properties>',
    ...items.map(([name, value]) => `      <property name="${name}" value="${xmlAttr(value)}"/>`),
    '    </properties>',
  ];
}

function testcase(data: ReportData, testCase: ReportCase, candidate: string, chars: number): Outcome {
  const time = caseSeconds(testCase, candidate);
  const open = `    <testcase classname="${xmlAttr(candidate)}" name="${xmlAttr(testCase.id)}" time="${seconds(time)}"`;
  const comparison = testCase.comparisons[candidate];
  if (!comparison) {
    return { kind: 'skipped', seconds: time, xml: `${open}>\n      <skipped message="not compared with the baseline"/>\n    </testcase>` };
  }
  const headline = comparison.reasons[0] ?? comparison.verdict;
  const notes = [
    `${comparison.verdict}${comparison.confirmed ? '' : ' (unconfirmed)'}${comparison.unstable ? ', baseline unstable' : ''}`,
    ...comparison.reasons.map((reason) => `- ${reason}`),
    ...(testCase.tags.length ? [`tags: ${testCase.tags.join(', ')}`] : []),
  ];
  const body = (extra: string[]) => xmlText([...notes, ...extra].join('\n'));
  if (comparison.verdict === 'regressed') {
    const output = (target: string) => {
      const text = firstOutput(data, testCase, target);
      return text === null ? '(no output)' : truncate(text, chars);
    };
    const extra = [
      '',
      `baseline (${data.baseline.target}):`,
      output(data.baseline.target),
      '',
      `candidate (${candidate}):`,
      output(candidate),
    ];
    return {
      kind: 'failure',
      seconds: time,
      xml: `${open}>\n      <failure message="${xmlAttr(headline)}" type="regressed">${body(extra)}</failure>\n    </testcase>`,
    };
  }
  if (comparison.verdict === 'error') {
    const errors = Object.entries(testCase.samples).flatMap(([target, samples]) =>
      samples.filter((s) => s.status !== 'ok').map((s) => `${target} sample ${s.sample}: ${s.status}${s.error ? `: ${s.error}` : ''}`),
    );
    return {
      kind: 'error',
      seconds: time,
      xml: `${open}>\n      <error message="${xmlAttr(headline)}" type="error">${body(errors.length ? ['', ...errors] : [])}</error>\n    </testcase>`,
    };
  }
  if (comparison.verdict === 'same') return { kind: 'pass', seconds: time, xml: `${open}/>` };
  return { kind: 'pass', seconds: time, xml: `${open}>\n      <system-out>${body([])}</system-out>\n    </testcase>` };
}

function counts(outcomes: Array<Omit<Outcome, 'xml'>>) {
  return {
    tests: outcomes.length,
    failures: outcomes.filter((o) => o.kind === 'failure').length,
    errors: outcomes.filter((o) => o.kind === 'error').length,
    skipped: outcomes.filter((o) => o.kind === 'skipped').length,
    time: outcomes.reduce((sum, o) => sum + o.seconds, 0),
  };
}

function seconds(value: number): string {
  return value.toFixed(3);
}
