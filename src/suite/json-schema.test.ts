import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SuiteError } from '../errors.js';
import { repoRoot } from '../commands/cli.test-helpers.js';
import { suiteJsonSchema } from './json-schema.js';
import { loadSuite } from './load-suite.js';
import { fixture } from './suite.test-helpers.js';

const committed = join(repoRoot, 'schema/suite.schema.json');
const generated = `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(suiteJsonSchema());

// `npm run schema` rewrites the committed file from src/suite/schema.ts.
if (process.env.PINNED_WRITE_SCHEMA === '1') writeFileSync(committed, generated);

/** What the loader says of a suite: its problems as dotted paths, or [] when it loads. */
async function loaderPaths(path: string): Promise<string[] | 'ok'> {
  try {
    await loadSuite(path, { env: {} });
    return 'ok';
  } catch (error) {
    if (!(error instanceof SuiteError)) throw error;
    return error.issues.map((issue) => issue.message.split(':')[0]!);
  }
}

/** ajv's instance paths written the loader's way: /cases/0/samples -> cases[0].samples. */
function dotted(errors: ErrorObject[]): string[] {
  return errors.map((e) =>
    e.instancePath
      .split('/')
      .slice(1)
      .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), ''),
  );
}

describe('the suite JSON Schema (schema/suite.schema.json)', () => {
  it('is the one generated from the loader’s zod schema (run `npm run schema` after changing src/suite/schema.ts)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(generated);
  });

  // Fixtures whose problems are about the shape of the file. The others are rejected by the loader
  // for what only it can check: target names (bad-baseline, baseline-as-candidate, many-errors'
  // candidates), files (bad-rows, replay-missing), templating (missing-var), ids (duplicate-ids),
  // combinations (case-shape, replay-with-model), YAML itself (yaml-syntax, duplicate-key).
  const accepted = ['full', 'includes', 'includes-reordered', 'compare-settings', 'env', 'warnings', 'prices'];
  const rejected = ['unknown-key', 'wrong-type', 'compare-errors', 'many-errors', 'empty'];

  it.each(accepted)('accepts %s, like the loader', async (name) => {
    expect(await loaderPaths(fixture(name))).toBe('ok');
    expect(validate(parse(readFileSync(fixture(name), 'utf8'))) ? [] : validate.errors).toEqual([]);
  });

  it.each(rejected)('rejects %s, like the loader', async (name) => {
    expect(await loaderPaths(fixture(name))).not.toBe('ok');
    expect(validate(parse(readFileSync(fixture(name), 'utf8')))).toBe(false);
  });

  it('points at the keys the loader points at', async () => {
    for (const name of ['unknown-key', 'wrong-type']) {
      validate(parse(readFileSync(fixture(name), 'utf8')));
      const paths = dotted(validate.errors!);
      for (const path of (await loaderPaths(fixture(name))) as string[]) expect(paths, name).toContain(path);
    }
  });

  it('accepts the shorthands the loader accepts, and rejects what it rejects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinned-schema-'));
    const suite = (extra: string) =>
      `name: s\nbaseline: a\ncandidates: [b]\ntargets:\n  a: { model: gpt-4-0314 }\n  b: { model: gpt-4.1 }\n${extra}`;
    const cases: Array<[string, boolean]> = [
      ['judge: b\ncases:\n  - { id: x, prompt: hi, compare: json, assert: [is-json, { icontains: 3 }] }\n', true],
      ['cases:\n  - { id: x, prompt: hi, compare: { kind: label, labels: [yes, no] } }\n', true],
      ['cases:\n  - { id: x, prompt: hi, compare: jsno }\n', false],
      ['cases:\n  - { id: x, prompt: hi, compare: { kind: label } }\n', false],
      ['cases:\n  - { id: x, prompt: hi, assert: [{ contains: a, regex: b }] }\n', false],
      ['cases:\n  - { id: x, prompt: hi, assert: [{}] }\n', false],
      ['targets:\n  a: { model: gpt-4-0314, price: { input: 30 } }\n  b: { model: gpt-4.1 }\ncases:\n  - { id: x, prompt: hi }\n', false],
    ];
    for (const [index, [extra, ok]] of cases.entries()) {
      const text = extra.startsWith('targets:') ? suite('').replace(/targets:[\s\S]*/, extra) : suite(extra);
      const path = join(dir, `suite-${index}.yaml`);
      writeFileSync(path, text);
      expect((await loaderPaths(path)) === 'ok', `loader: ${extra}`).toBe(ok);
      expect(validate(parse(text)), `schema: ${extra}`).toBe(ok);
    }
  });

  it('is what the bundled example suite points editors at, and the example passes it', () => {
    const text = readFileSync(join(repoRoot, 'suites/example.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/suite.schema.json');
    expect(validate(parse(text)) ? [] : validate.errors).toEqual([]);
  });
});
