import type { Case, EndpointTarget, ReplayTarget, Suite } from '../suite/types.js';

export function endpointTarget(name: string, extra: Partial<EndpointTarget> = {}): EndpointTarget {
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
    ...extra,
  };
}

export function replayTarget(name: string, file = '/tmp/rec.jsonl'): ReplayTarget {
  return { kind: 'replay', name, file, concurrency: 1, unresolved: [], loc: { file: 'suite.yaml' } };
}

export function testCase(id: string, extra: Partial<Case> = {}): Case {
  return {
    id,
    index: 0,
    messages: [{ role: 'user', content: `question ${id}` }],
    vars: {},
    tags: [],
    compare: { kind: 'text' },
    assert: [],
    loc: { file: 'suite.yaml' },
    ...extra,
  };
}

export function suiteOf(cases: Case[], targets: Array<EndpointTarget | ReplayTarget>, extra: Partial<Suite> = {}): Suite {
  return {
    name: 'test',
    path: '/tmp/suite.yaml',
    hash: 'h',
    source: { yaml: '', files: {} },
    baseline: targets[0]!.name,
    candidates: targets.slice(1).map((t) => t.name),
    targets: Object.fromEntries(targets.map((t) => [t.name, t])),
    cases: cases.map((c, index) => ({ ...c, index })),
    samples: 1,
    gate: { maxRegressionRate: 0.05, minEquivalenceRate: 0.9, criticalTags: [], confidence: 0.95 },
    warnings: [],
    ...extra,
  };
}
