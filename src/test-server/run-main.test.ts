import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { repoRoot } from '../commands/cli.test-helpers.js';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-main.js';

describe('runMain', () => {
  it('prints one JSON line with url and port, applies flags and closes on SIGTERM', async () => {
    const lines: string[] = [];
    const signals = new EventEmitter();
    const server = await runMain(['--port', '0', '--latency', '20', '--no-record'], { write: (t) => lines.push(t), signals });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const printed = JSON.parse(lines[0]!) as { url: string; port: number };
    expect(printed).toEqual({ url: `http://127.0.0.1:${server.port}/v1`, port: server.port });

    const started = Date.now();
    const res = await fetch(`${printed.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(server.requests).toHaveLength(0);

    expect(signals.listenerCount('SIGTERM')).toBe(1);
    signals.emit('SIGTERM');
    await server.close(); // the same close the signal started
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    await expect(fetch(`${printed.url}/models`)).rejects.toThrow();
  });

  it('rejects bad flags', async () => {
    await expect(runMain(['--latency', 'soon'], { write: () => {}, signals: new EventEmitter() })).rejects.toThrow(/--latency/);
    await expect(runMain(['--bogus'], { write: () => {}, signals: new EventEmitter() })).rejects.toThrow(/bogus/);
  });
  it('explains its flags and control API on --help, and exits 0 (the built server)', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'dist/test-server/main.js'), '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--latency MS');
    expect(result.stdout).toContain('POST /__control/configure');
  });
});
