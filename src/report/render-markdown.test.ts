import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { commentMarker, renderComment, renderMarkdown } from './render-markdown.js';
import type { ReportData } from './report-data.js';
import { asRegressions, exampleReportData, frozen, xssReportData } from './report.test-helpers.js';

/** The tags GitHub would get after rendering: only the ones pinned writes itself may appear. */
function tagsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
}
const OWN_TAGS = [
  'h2',
  'h3',
  'p',
  'strong',
  'em',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
  'li',
  'details',
  'summary',
  'sub',
  'code',
];

describe('the Markdown summary', () => {
  it('shows decisions, the worst regressions with excerpts, the report path and verdict counts', async () => {
    const text = renderMarkdown(frozen(await exampleReportData()), { htmlReport: 'reports/support-replies-1.html' });
    await expect(text).toMatchFileSnapshot('../../fixtures/report/example/summary.md');
    expect(text).toContain('| **gpt-4o** | ❌ keep-pinned |');
    // Critical regressions come first.
    expect(text.indexOf('**escalate-chargeback** (critical)')).toBeLessThan(text.indexOf('**late-order-apology**'));
    expect(text).toContain('| **gpt-4.1** | 🟡 review | 90% (60%–98%) | 1 | 0 | 0 | 119 |');
  });

  it('renders hostile output as text: no HTML, links or broken tables', async () => {
    const data = asRegressions(await xssReportData());
    const text = renderMarkdown(data, { htmlReport: 'https://example.com/run(1)/report.html' });
    const html = await marked.parse(text, { gfm: true });
    expect([...tagsIn(html)].filter((tag) => !OWN_TAGS.includes(tag))).toEqual(['a']);
    expect(html.match(/<a [^>]*>/g)).toHaveLength(1);
    expect(html).toMatch(/<a href="https:\/\/example\.com\/run(\(|%28)1(\)|%29)\/report\.html">/);
    expect(html).not.toMatch(/<(script|img|svg|textarea)/i);
    expect(html).toContain('<strong>new&lt;img src=x onerror=window.__pwned=&#39;name&#39;&gt;</strong>');
    expect(html).toContain('candidate: candidate says &lt;img src=x onerror=&quot;window.__pwned = &#39;img&#39;&quot;&gt;');
  });

  it('says which params params_compat: auto rewrote', async () => {
    const data = frozen(await exampleReportData());
    const rewritten: ReportData = {
      ...data,
      targets: data.targets.map((t) =>
        t.name === 'gpt-4.1'
          ? { ...t, paramRewrites: [{ param: 'temperature', action: 'dropped' as const, reason: 'gpt-4.1 <b>is</b> a reasoning model' }] }
          : t,
      ),
    };
    expect(renderMarkdown(data)).not.toContain('Params rewritten');
    expect(renderMarkdown(rewritten)).toContain(
      '**Params rewritten** (`params_compat: auto`):\n- **gpt-4.1**: temperature dropped (gpt-4.1 &lt;b&gt;is&lt;/b&gt; a reasoning model)',
    );
  });

  it('says where rate limits bit', async () => {
    const data = frozen(await exampleReportData());
    const limited: ReportData = {
      ...data,
      targets: data.targets.map((t) =>
        t.name === 'gpt-4o' ? { ...t, limits: { rateLimited: 3, pausedMs: 2500, concurrency: 8, lowestConcurrency: 4 } } : t,
      ),
    };
    expect(renderMarkdown(data)).not.toContain('Rate limits bit');
    expect(renderMarkdown(limited)).toContain('**Rate limits bit**:\n- **gpt-4o**: 3 × 429, paused 2.5 s, concurrency 8 (lowest 4)');
  });

  it('keeps each table row and list item whole for pipes, newlines, mentions and control characters', async () => {
    const data = await exampleReportData();
    const nasty = 'a | b\n\n| c | d |\n# heading\n@octocat $x$ ~~s~~ **b** `c` [l](javascript:x) \u0000\u001b[31m\u202Eevil';
    const hostile: ReportData = {
      ...data,
      outputs: data.outputs.map(() => nasty),
      decisions: data.decisions.map((d) => ({ ...d, reasons: [nasty] })),
    };
    const html = await marked.parse(renderMarkdown(hostile), { gfm: true });
    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g)!.slice(1, 3)) expect(row.match(/<td/g)).toHaveLength(8);
    expect([...tagsIn(html)].filter((tag) => !OWN_TAGS.includes(tag))).toEqual([]);
    expect(html).not.toContain('<h1');
    expect(html).not.toContain('@octocat');
    expect(html).toContain('@\u200Boctocat');
    expect(html).not.toMatch(/[\u0000\u001b\u202E]/);
  });

  it('says when cases lack outputs, and links the CI run’s artifacts where the HTML report is', async () => {
    const data = await exampleReportData();
    const incomplete: ReportData = {
      ...data,
      decisions: data.decisions.map((d) => ({ ...d, decision: 'review', counts: { ...d.counts, error: 1 } })),
    };
    const text = renderMarkdown(incomplete, {
      htmlReport: 'reports/r.html',
      artifactsUrl: 'https://github.com/acme/app/actions/runs/42#artifacts',
    });
    expect(text).toContain('⚠️ **Incomplete** (cases without outputs)');
    expect(text).toContain(
      "Full report (HTML, side-by-side diffs): reports/r.html, in the [run's artifacts](https://github.com/acme/app/actions/runs/42#artifacts)",
    );
  });

  it('stays under GitHub’s 1 MiB step-summary limit on a huge run, saying what it left out', async () => {
    const data = await exampleReportData();
    const regressed = data.cases.find((c) => c.comparisons['gpt-4o']?.verdict === 'regressed')!;
    const cases = Array.from({ length: 2_000 }, (_, i) => ({ ...regressed, id: `case-${i}`, index: i }));
    const outputs = data.outputs.map((o) => `<&>`.repeat(2000) + o);
    const many = Array.from({ length: 100 }, (_, i) => `candidate-${i}`);
    const huge: ReportData = {
      ...data,
      outputs,
      candidates: many,
      decisions: many.map((candidate) => ({ ...data.decisions[1]!, candidate, criticalRegressions: [] })),
      cases: cases.map((c) => ({
        ...c,
        samples: { ...c.samples, ...Object.fromEntries(many.map((m) => [m, c.samples['gpt-4o']!])) },
        comparisons: Object.fromEntries(many.map((m) => [m, c.comparisons['gpt-4o']!])),
      })),
    };
    const text = renderMarkdown(huge);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    expect(text).toContain('- … and 1990 more (see the HTML report)');
    expect(text).toContain('- … and 2000 more (see the HTML report)');
    expect(text.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it('as a pull-request comment: a marker line first, under GitHub’s 65,536-character limit, cutting case lists and never a decision', async () => {
    const data = await exampleReportData();
    const regressed = data.cases.find((c) => c.comparisons['gpt-4o']?.verdict === 'regressed')!;
    const three = ['gpt-4o', 'gpt-4o-mini', 'gpt-5'];
    const cases = Array.from({ length: 3_000 }, (_, i) => ({
      ...regressed,
      id: `case-${i}`,
      index: i,
      samples: { ...regressed.samples, ...Object.fromEntries(three.map((m) => [m, regressed.samples['gpt-4o']!])) },
      comparisons: Object.fromEntries(three.map((m) => [m, regressed.comparisons['gpt-4o']!])),
    }));
    const big: ReportData = {
      ...data,
      outputs: data.outputs.map((o) => `${'ü'.repeat(400)} ${o}`),
      candidates: three,
      decisions: three.map((candidate) => ({ ...data.decisions[1]!, candidate })),
      cases,
      since: {
        label: 'run 1 of .pinned/main.db',
        runId: 1,
        candidates: three.map((candidate) => ({
          candidate,
          decisionBefore: 'review' as const,
          decision: 'keep-pinned' as const,
          newRegressions: cases.map((c) => c.id),
          fixed: [],
          moved: [],
        })),
      },
    };
    const text = renderComment(big, { htmlReport: 'reports/pinned.html' });
    expect(text.startsWith(`${commentMarker('support-replies')}\n## pinned: support-replies, run 1\n`)).toBe(true);
    expect(commentMarker('support-replies')).toBe('<!-- pinned comment: support-replies -->');
    expect(text.length).toBeLessThan(65_536);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(60_000);
    for (const candidate of three) {
      expect(text).toContain(`| **${candidate}** | ❌ keep-pinned |`);
      expect(text).toContain(`- ❌ **${candidate}**: `);
      expect(text).toContain(`- **${candidate}** (review → keep-pinned): new regressions: case-0, case-1,`);
    }
    expect(text).toContain(', … and 2990 more');
    expect(text).toMatch(/- … and \d+ more \(see the HTML report\)/);
    expect(text).toContain('Full report (HTML, side-by-side diffs): reports/pinned.html');
  });
});
