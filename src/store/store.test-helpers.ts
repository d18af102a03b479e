import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Failure, Success } from '../domain/outcome.js';
import type { Cell, RequestSpec } from '../plan/types.js';
import type { Case, EndpointTarget, Suite } from '../suite/types.js';
import { openStore, type Store } from './open-store.js';
import type { RunTargetRow } from './types.js';

const opened: Store[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinned-'));
  dirs.push(dir);
  return dir;
}

/** A store on a new file in a fresh folder (nested, to check parent folders are created), closed after the test. */
export function tempStore(): Store {
  return track(openStore(join(tempDir(), '.pinned', 'pinned.db')));
}

export function track(store: Store): Store {
  opened.push(store);
  return store;
}

function target(name: string): EndpointTarget {
  return {
    kind: 'endpoint',
    name,
    model: name,
    baseUrl: 'http://127.0.0.1:1/v1',
    apiKeyEnv: 'TEST_KEY',
    params: { temperature: 0 },
    headers: {},
    concurrency: 2,
    timeoutMs: 1000,
    maxRetries: 0,
    unresolved: [],
    loc: { file: 'suite.yaml' },
  };
}

function testCase(id: string, index: number): Case {
  return {
    id,
    index,
    messages: [{ role: 'user', content: `question ${id}` }],
    vars: { n: index },
    tags: ['t'],
    compare: { kind: 'text' },
    assert: [],
    loc: { file: 'suite.yaml' },
  };
}

/** Cases in the given order, targets `base` (baseline) and `cand`. */
export function testSuite(caseIds: string[] = ['a', 'b'], hash = 'suite-hash-1'): Suite {
  return {
    name: 'test',
    path: '/tmp/suite.yaml',
    hash,
    source: { yaml: 'name: test\n', files: { 'cases.yaml': '- id: a\n' } },
    baseline: 'base',
    candidates: ['cand'],
    targets: { base: target('base'), cand: target('cand') },
    cases: caseIds.map(testCase),
    samples: 1,
    warnings: [],
    gate: { maxRegressionRate: 0.05, minEquivalenceRate: 0.9, criticalTags: [], confidence: 0.95 },
  };
}

export const testTargets: RunTargetRow[] = [
  { name: 'base', role: 'baseline', kind: 'endpoint', config: { model: 'base', baseUrl: 'http://127.0.0.1:1/v1' } },
  { name: 'cand', role: 'candidate', kind: 'endpoint', config: { model: 'cand', baseUrl: 'http://127.0.0.1:1/v1' } },
];

export function createTestRun(store: Store, suite = testSuite(), targets = testTargets) {
  return store.createRun({ suite, kind: 'run', targets, options: { samples: 1 }, totalCells: 4, toolVersion: '0.0.0-test' });
}

export function testCell(caseId: string, target: string, sample = 0): Cell {
  const request: RequestSpec = {
    kind: 'chat',
    endpoint: 'http://127.0.0.1:1/v1',
    body: { model: target, messages: [{ role: 'user', content: `question ${caseId}` }], temperature: 0 },
  };
  return { caseId, target, sample, request, requestHash: createHash('sha256').update(JSON.stringify(request)).digest('hex') };
}

export function success(output: string, extra: Partial<Success> = {}): Success {
  return {
    ok: true,
    output,
    finishReason: 'stop',
    model: 'model-2024',
    systemFingerprint: 'fp_1',
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, raw: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } },
    latencyMs: 123.5,
    attempts: 1,
    source: 'api',
    ...extra,
  };
}

export function failure(message: string, extra: Partial<Failure> = {}): Failure {
  return { ok: false, kind: 'http', status: 500, message, retryable: true, latencyMs: 40, attempts: 3, ...extra };
}

/** The error `fn` throws, to assert on its class, code and message together. */
export function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
