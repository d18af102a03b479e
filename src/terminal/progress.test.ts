import { describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../domain/outcome.js';
import type { Job } from '../plan/types.js';
import { createProgress } from './progress.js';

const job = (target: string) => ({ target, caseId: 'c', sample: 0 }) as Job;
const ok = { ok: true } as Outcome;
const failed = { ok: false } as Outcome;

describe('progress', () => {
  it('draws a bar per target on a terminal and redraws it in place', () => {
    let out = '';
    let now = 0;
    const progress = createProgress({
      write: (text) => (out += text),
      tty: true,
      totals: { 'gpt-4-0314': 2, 'gpt-4.1': 2 },
      columns: 100,
      now: () => now,
    });
    now = 2000;
    progress.hooks.onJobEnd!(job('gpt-4-0314'), ok);
    progress.hooks.onJobEnd!(job('gpt-4-0314'), ok);
    progress.hooks.onJobEnd!(job('gpt-4.1'), failed);
    progress.hooks.onRetry!(job('gpt-4.1'), 1, 100, '429');
    progress.finish();
    const frames = out.split('\x1b[3F');
    expect(frames).toHaveLength(2); // first frame, then one redraw over it (3 lines up)
    const last = frames[1]!;
    expect(last).toMatch(/gpt-4-0314\s+█+\s+2\/2/);
    expect(last).toMatch(/gpt-4\.1\s+█+░+\s+1\/2\s+1 err/);
    expect(last).toContain('3/4 · 75% · 1 error · 1 retry · 1.5 req/s · elapsed 2.0s · ETA 667ms');
  });

  it('prints nothing for a run shorter than one interval', () => {
    let out = '';
    const progress = createProgress({ write: (text) => (out += text), tty: false, totals: { a: 1 }, now: () => 0 });
    progress.hooks.onJobEnd!(job('a'), ok);
    progress.finish();
    expect(out).toBe('');
  });

  it('prints plain lines for CI logs', () => {
    let out = '';
    vi.useFakeTimers();
    let now = 0;
    const progress = createProgress({ write: (text) => (out += text), tty: false, totals: { a: 2 }, lineIntervalMs: 1000, now: () => now });
    progress.hooks.onJobEnd!(job('a'), ok);
    now = 1000;
    vi.advanceTimersByTime(1000);
    progress.hooks.onJobEnd!(job('a'), ok);
    now = 1500;
    progress.finish();
    vi.useRealTimers();
    expect(out).toBe(
      'progress 1/2 · 50% · 1.0 req/s · elapsed 1.0s · ETA 1.0s | a 1/2\n' +
        'progress 2/2 · 100% · 1.3 req/s · elapsed 1.5s · ETA - | a 2/2\n',
    );
    expect(out).not.toContain('\x1b');
  });

  it('draws whole lines on a terminal that reports no width (columns 0), as on an 80-column one', () => {
    const frame = (columns: number | undefined) => {
      let out = '';
      const progress = createProgress({ write: (text) => (out += text), tty: true, totals: { 'gpt-4-0314': 3 }, columns, now: () => 0 });
      progress.hooks.onJobEnd!(job('gpt-4-0314'), failed);
      progress.hooks.onRetry!(job('gpt-4-0314'), 1, 100, '429');
      progress.finish();
      return out.split('\x1b[2F').at(-1)!;
    };
    const status = '1/3 · 33% · 1 error · 1 retry · 0.0 req/s · elapsed 0ms · ETA 0ms';
    expect(frame(80)).toContain(status);
    expect(frame(0)).toContain(status);
    expect(frame(0)).toBe(frame(80));
    expect(frame(undefined)).toBe(frame(80));
  });

  it("shows each candidate's verdicts so far beside its bar, and in the plain lines", () => {
    let out = '';
    const counts = { 'gpt-4.1': { regressed: 2, changed: 1, equivalent: 7 } };
    const bar = createProgress({
      write: (text) => (out += text),
      tty: true,
      totals: { 'gpt-4-0314': 1, 'gpt-4.1': 1 },
      columns: 120,
      now: () => 0,
    });
    bar.verdicts(counts);
    bar.finish();
    expect(out.split('\x1b[3F').at(-1)).toMatch(/gpt-4\.1\s+░+\s+0\/1 {2}2 regressed · 1 changed · 7 equivalent\n/);
    out = '';
    vi.useFakeTimers();
    const lines = createProgress({
      write: (text) => (out += text),
      tty: false,
      totals: { 'gpt-4.1': 2 },
      lineIntervalMs: 1000,
      now: () => 0,
    });
    lines.verdicts(counts);
    vi.advanceTimersByTime(1000);
    lines.finish();
    vi.useRealTimers();
    expect(out).toContain('| gpt-4.1 0/2 | gpt-4.1: 2 regressed · 1 changed · 7 equivalent\n');
  });
  it('counts jobs left unsent for a decided candidate as settled: the bar fills and ends at 100%, saying how many were not sent', () => {
    let out = '';
    let now = 0;
    const progress = createProgress({
      write: (text) => (out += text),
      tty: true,
      totals: { base: 4, wrong: 4 },
      columns: 100,
      now: () => now,
    });
    now = 1000;
    progress.hooks.onJobEnd(job('base'), ok);
    progress.hooks.onJobEnd(job('wrong'), ok);
    progress.hooks.onJobEnd(job('base'), ok);
    for (let i = 0; i < 3; i++) progress.skipped(job('wrong'));
    progress.skipped(job('base'));
    progress.skipped(job('base'));
    progress.finish();
    const last = out.split('\x1b[3F').at(-1)!;
    expect(last).toMatch(/wrong\s+█+\s+1\/4 {2}3 not sent\n/);
    expect(last).toMatch(/base\s+█+\s+2\/4 {2}2 not sent\n/);
    expect(last).toContain('8/8 · 100% · 5 not sent (decided)');
    expect(last).toContain('ETA -');
  });
  it('on an 80-column terminal the bar gives way to the verdicts, said briefly, so a stopped candidate is seen to be stopped', () => {
    let out = '';
    const progress = createProgress({
      write: (text) => (out += text),
      tty: true,
      totals: { 'gpt-4-0314': 300, 'gpt-4-0613': 300 },
      columns: 80,
      now: () => 0,
    });
    for (let i = 0; i < 8; i++) progress.hooks.onJobEnd(job('gpt-4-0613'), ok);
    for (let i = 0; i < 292; i++) progress.skipped(job('gpt-4-0613'));
    progress.verdicts({ 'gpt-4-0613': { regressed: 8, changed: 0, equivalent: 0, stopped: 'keep-pinned' } });
    progress.finish();
    const last = out.split('\x1b[3F').at(-1)!;
    const line = last.split('\n').find((l) => l.includes('gpt-4-0613'))!;
    expect(line).toContain('8/300  8 regr · 0 chg · 0 eq · stopped: keep-pinned');
    expect(line.replace('\x1b[2K', '').length).toBeLessThanOrEqual(79);
  });
});
