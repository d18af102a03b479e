import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../commands/cli.test-helpers.js';
import { renderJson } from './render-json.js';
import { exampleReportData } from './report.test-helpers.js';

describe('the JSON comparison', () => {
  it('validates against the published schema', async () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/comparison.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });
    const validate = ajv.compile(schema);
    const json = JSON.parse(renderJson(await exampleReportData()));
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    expect(json.cases).toHaveLength(28);
    expect(
      json.cases.find((c: { case: string; candidate: string }) => c.case === 'extract-order' && c.candidate === 'gpt-4.1'),
    ).toMatchObject({
      verdict: 'regressed',
      reasons: ['key field changed: quantity: 3 → 1'],
      tags: ['extraction'],
    });
  });
});
