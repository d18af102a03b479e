import { describe, expect, it } from 'vitest';
import { exampleReportData, xssReportData } from './report.test-helpers.js';

describe('report data', () => {
  it('keeps every output once and references it from every sample', async () => {
    const data = await exampleReportData();
    expect(data.cases).toHaveLength(14);
    expect(data.candidates).toEqual(['gpt-4.1', 'gpt-4o']);
    const references = data.cases
      .flatMap((c) =>
        Object.values(c.samples)
          .flat()
          .map((s) => s.output),
      )
      .filter((o) => o !== null);
    expect(references).toHaveLength(56);
    expect(new Set(data.outputs).size).toBe(data.outputs.length);
    // gpt-4.1 and gpt-4o give identical intent labels: stored once.
    expect(data.outputs.length).toBeLessThan(56);
    const order = data.cases.find((c) => c.id === 'extract-order')!;
    expect(order.comparisons['gpt-4.1']).toMatchObject({ verdict: 'regressed', reasons: ['key field changed: quantity: 3 → 1'] });
    expect(order.assert).toEqual(['json-schema']);
    expect(data.targets.map((t) => [t.name, t.role, t.cells])).toEqual([
      ['gpt-4-0314', 'baseline', 28],
      ['gpt-4.1', 'candidate', 14],
      ['gpt-4o', 'candidate', 14],
    ]);
  });

  it('costs each target from usage x price, and each candidate relative to the baseline per output', async () => {
    const data = await exampleReportData();
    const [base, cand] = data.targets;
    // Recordings carry usage and the model that answered: priced at that model's list price.
    expect(base).toMatchObject({ price: { input: 30, output: 60, source: 'table', model: 'gpt-4-0314' }, costRatio: null });
    expect(base!.costUsd).toBeCloseTo((base!.promptTokens * 30 + base!.completionTokens * 60) / 1e6, 12);
    expect(cand).toMatchObject({ price: { input: 2, output: 8, source: 'table', model: 'gpt-4.1' } });
    expect(cand!.costRatio).toBeCloseTo(cand!.costUsd! / cand!.ok / (base!.costUsd! / base!.ok), 12);
  });

  it('takes latency percentiles by nearest rank, as the run summary does', async () => {
    const data = await exampleReportData();
    const base = data.targets[0]!;
    const latencies = data.cases
      .flatMap((c) => c.samples['gpt-4-0314'] ?? [])
      .map((s) => s.latencyMs!)
      .sort((a, b) => a - b);
    expect(latencies).toHaveLength(28);
    // The run summary's p50 of an even count is the lower middle one (index 13 of 28), not index 14.
    expect(base.latencyP50).toBe(latencies[13]);
    expect(base.latencyP95).toBe(latencies[26]);
  });

  it('carries hostile text as data (escaping is the renderer’s job)', async () => {
    const data = await xssReportData();
    expect(data.outputs.some((o) => o.includes('<script>'))).toBe(true);
  });
});
