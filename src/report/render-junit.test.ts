import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './render-junit.js';
import type { ReportData } from './report-data.js';
import { XSS_PAYLOADS, asRegressions, exampleReportData, frozen, xssReportData } from './report.test-helpers.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  htmlEntities: true,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

interface Testcase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; '#text': string };
  error?: { message: string };
  'system-out'?: string;
  skipped?: unknown;
}

function parse(xml: string): {
  testsuites: {
    tests: string;
    failures: string;
    testsuite: Array<{ name: string; tests: string; failures: string; testcase: Testcase[] }>;
  };
} {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

describe('the JUnit report', () => {
  it('has a suite per candidate, a case per suite case; regressions fail with excerpts', async () => {
    const data = frozen(await exampleReportData());
    const xml = renderJunit(data);
    await expect(xml).toMatchFileSnapshot('../../fixtures/report/example/junit.xml');
    const { testsuites } = parse(xml);
    expect(testsuites).toMatchObject({ tests: '28', failures: '7' });
    expect(testsuites.testsuite.map((s) => [s.name, s.tests, s.failures])).toEqual([
      ['gpt-4.1', '14', '1'],
      ['gpt-4o', '14', '6'],
    ]);
    const order = testsuites.testsuite[0]!.testcase.find((c) => c.name === 'extract-order')!;
    expect(order.classname).toBe('gpt-4.1');
    expect(order.failure).toMatchObject({ message: 'key field changed: quantity: 3 → 1', type: 'regressed' });
    expect(order.failure!['#text']).toContain('"quantity": 3');
    const drifted = testsuites.testsuite[0]!.testcase.find((c) => c.name === 'password-reset')!;
    expect(drifted.failure).toBeUndefined();
    expect(drifted['system-out']).toMatch(/^drifted \(unconfirmed\)/);
  });

  it('stays well-formed XML for markup, CDATA terminators and characters XML forbids', async () => {
    const hostile = [
      '</failure>]]><![CDATA[',
      '\u0000\u0001\u0008\u000B\u000C\u001B\u007F\u0085\uFFFE\uFFFF\uD800',
      'a\tb\r\nc "quoted" \'single\' & <tag attr="x">',
    ].join(' ');
    const xss = asRegressions(await xssReportData());
    const data: ReportData = {
      ...xss,
      outputs: xss.outputs.map((o) => `${o} ${hostile}`),
      cases: xss.cases.map((c) => ({
        ...c,
        id: `${c.id} ${hostile}`,
        comparisons: Object.fromEntries(
          Object.entries(c.comparisons).map(([k, v]) => [k, { ...v, reasons: [`${v.reasons[0]} ${hostile}`] }]),
        ),
      })),
    };
    const xml = renderJunit(data);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(xml).not.toContain(']]>');
    const { testsuites } = parse(xml);
    const [suite] = testsuites.testsuite;
    expect(suite!.name).toBe(data.candidates[0]);
    expect(suite!.testcase).toHaveLength(XSS_PAYLOADS.length);
    const first = suite!.testcase[0]!;
    expect(first.classname).toBe("new<img src=x onerror=window.__pwned='name'>");
    // Text survives as text, with the forbidden characters replaced; attribute line breaks are kept.
    expect(first.name).toContain('</failure>]]><![CDATA[');
    expect(first.failure!.message).toContain('a\tb\r\nc "quoted"');
    expect(first.failure!['#text']).toContain(`baseline says ${XSS_PAYLOADS[0]}`);
    expect(first.failure!['#text']).toContain('\uFFFD');
  });
});
