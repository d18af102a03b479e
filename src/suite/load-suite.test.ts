import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadSuite } from './load-suite.js';
import { fixture, loadErrors } from './suite.test-helpers.js';

describe('a valid suite resolves', () => {
  test('targets get their own settings, then defaults, then built-in defaults', async () => {
    const suite = await loadSuite(fixture('full'), { env: {} });

    expect(suite.targets['gpt-4-0314']).toEqual({
      kind: 'endpoint',
      name: 'gpt-4-0314',
      model: 'gpt-4-0314',
      baseUrl: 'https://api.cometapi.com/v1',
      apiKeyEnv: 'COMETAPI_KEY',
      // defaults.params under the target's own: the target's temperature wins.
      params: { temperature: 0.2, top_p: 1, max_tokens: 400, seed: 7 },
      headers: { 'X-Suite': 'support-replies', 'X-Team': 'support' },
      organization: 'org-123',
      project: 'proj_abc',
      concurrency: 8,
      timeoutMs: 30000,
      maxRetries: 5,
      samples: 3,
      wire: {
        baseUrl: 'https://api.cometapi.com/v1',
        headers: { 'X-Suite': 'support-replies', 'X-Team': 'support' },
        organization: 'org-123',
        project: 'proj_abc',
      },
      // Unset here, the base URL's variable is still one the suite reads where it is set.
      reads: [
        { variable: 'PINNED_TEST_BASE_URL', use: 'base_url', defaulted: true },
        { variable: 'COMETAPI_KEY', use: 'API key' },
      ],
      unresolved: [],
      loc: { file: 'fixtures/suite/full/suite.yaml', line: 6, col: 3 },
    });
    expect(suite.targets['gpt-4.1']).toMatchObject({
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
      params: { temperature: 0, top_p: 1 },
      headers: { 'X-Suite': 'support-replies' },
      concurrency: 4,
      timeoutMs: 90000,
      maxRetries: 4,
    });
    expect(suite.targets['gpt-4.1']).not.toHaveProperty('samples');
    expect(suite.targets.local).toMatchObject({ baseUrl: 'http://127.0.0.1:8080/v1', apiKeyEnv: null });
    // Target settings in defaults are for endpoints: a replay target keeps the built-in concurrency.
    expect(suite.targets['recorded-0314']).toEqual({
      kind: 'replay',
      name: 'recorded-0314',
      file: fixture('full', 'recordings/gpt-4-0314.jsonl'),
      concurrency: 4,
      samples: 2,
      unresolved: [],
      loc: { file: 'fixtures/suite/full/suite.yaml', line: 24, col: 3 },
    });
  });

  test("a target's price: overrides pinned's table; without one the target has none of its own", async () => {
    const suite = await loadSuite(fixture('prices'), { env: {} });
    expect(suite.targets['gpt-4-0314']).toMatchObject({ price: { input: 24, output: 48 } });
    expect(suite.targets.local).toMatchObject({ price: { input: 0, output: 0 } });
    expect(suite.targets['gpt-4.1']).not.toHaveProperty('price');
  });

  test('cases are rendered with merged vars and the default system message', async () => {
    const suite = await loadSuite(fixture('full'), { env: {} });
    const byId = Object.fromEntries(suite.cases.map((c) => [c.id, c]));

    expect(byId['refund-window']).toEqual({
      id: 'refund-window',
      index: 0,
      compare: { kind: 'text' },
      assert: [],
      messages: [
        { role: 'system', content: 'You are a helpful assistant for Acme.' },
        { role: 'user', content: 'A customer asks: Can I get a refund after 45 days?' },
      ],
      vars: { company: 'Acme', tone: 'friendly', question: 'Can I get a refund after 45 days?' },
      tags: ['billing'],
      description: 'Refund policy edge',
      samples: 4,
      loc: { file: 'fixtures/suite/full/suite.yaml', line: 35, col: 5 },
    });
    // Its own system message: the default is not added.
    expect(byId.classify?.messages).toEqual([
      { role: 'system', content: 'Answer with one word.' },
      { role: 'user', content: 'I love it' },
    ]);
    // `system: null` means none; the case's vars win over defaults.vars; `${name}` is content.
    expect(byId['no-system']?.messages).toEqual([{ role: 'user', content: 'Write a warm greeting from Acme in JS: `${name}`' }]);
    // Dotted paths; arrays as JSON, booleans and numbers as text; the case's system replaces the default.
    expect(byId.nested?.messages).toEqual([
      { role: 'system', content: 'Reply as Sam.' },
      { role: 'user', content: 'Order A-17 has items ["pen","ink"]; paid=true, total=12.5' },
    ]);
  });

  test('file rows take the entry template, its vars and tags, and may bring their own prompt', async () => {
    const suite = await loadSuite(fixture('full'), { env: {} });
    const imported = suite.cases.slice(4);

    // Rows without an id: the file stem and the sha256 of the row's JSON with sorted keys.
    const derived = (canonical: string) => `more-${createHash('sha256').update(canonical).digest('hex').slice(0, 8)}`;
    expect(imported.map((c) => [c.index, c.id, c.tags, c.loc.line])).toEqual([
      [4, 'more-1', ['positive', 'imported'], 1],
      [5, derived('{"lang":"en","text":"Terrible wait times"}'), ['imported'], 3],
      [6, derived('{"prompt":"Translate to French: {{text}}","system":"","text":"hello"}'), ['imported'], 4],
    ]);
    expect(imported[0]?.messages).toEqual([
      { role: 'system', content: 'You are a helpful assistant for Globex.' },
      { role: 'user', content: 'Classify: Great service' },
    ]);
    expect(imported[1]?.vars).toEqual({ company: 'Globex', tone: 'friendly', text: 'Terrible wait times', lang: 'en' });
    // The row's own prompt replaces the template; `"system": ""` turns the system message off.
    expect(imported[2]?.messages).toEqual([{ role: 'user', content: 'Translate to French: hello' }]);
  });

  test('suite-level fields, sources and version hash', async () => {
    const suite = await loadSuite(fixture('full'), { env: {} });

    expect(suite).toMatchObject({
      name: 'support-replies',
      description: 'Replies the support bot sends',
      path: fixture('full'),
      baseline: 'gpt-4-0314',
      candidates: ['gpt-4.1', 'local'],
      samples: 2,
      warnings: [],
    });
    expect(suite.source.yaml).toBe(await readFile(fixture('full'), 'utf8'));
    expect(Object.keys(suite.source.files)).toEqual(['cases/more.jsonl']);
    expect(suite.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadSuite(fixture('full'), { env: {} })).hash).toBe(suite.hash);
  });
});

describe('suite version', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('editing an included file makes a new hash', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinned-suite-'));
    await cp(fixture('full', ''), dir, { recursive: true });
    const before = await loadSuite(join(dir, 'suite.yaml'), { env: {} });
    await writeFile(join(dir, 'cases/more.jsonl'), '{"id": "only", "text": "changed"}\n');
    const after = await loadSuite(join(dir, 'suite.yaml'), { env: {} });

    expect(after.hash).not.toBe(before.hash);
    expect(after.source.files['cases/more.jsonl']).toBe('{"id": "only", "text": "changed"}\n');
  });

  test('a suite outside the working directory is named by its absolute path', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinned-suite-'));
    await writeFile(join(dir, 'suite.yaml'), 'name: x\n');

    expect(await loadErrors(join(dir, 'suite.yaml'))).toEqual([
      `${join(dir, 'suite.yaml')}:1:1: missing 'baseline' (expected a target name)`,
      `${join(dir, 'suite.yaml')}:1:1: missing 'candidates' (expected a list of target names)`,
      `${join(dir, 'suite.yaml')}:1:1: missing 'targets' (expected a mapping of target names to settings)`,
      `${join(dir, 'suite.yaml')}:1:1: missing 'cases' (expected a list of cases)`,
    ]);
  });
});
