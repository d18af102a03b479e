// Mistakes a person makes typing a suite, reported where they made them and in our words.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../errors.js';
import { loadSuite } from './load-suite.js';
import { loadErrors } from './suite.test-helpers.js';

function suiteFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pinned-yaml-')), 'suite.yaml');
  writeFileSync(file, text);
  return file;
}

const valid = `name: x
baseline: a
candidates: []
targets:
  a: { model: a, api_key_env: false, base_url: "http://127.0.0.1:9/v1" }
`;

describe('YAML mistakes', () => {
  it('an unclosed quote is reported where it opens', async () => {
    for (const quote of ['"', "'"]) {
      const file = suiteFile(`${valid}cases:\n  - id: a\n    prompt: ${quote}Is 91 prime?\n  - id: b\n    prompt: B\n`);
      const errors = await loadErrors(file);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBe(`${file}:8:13: a ${quote === '"' ? 'double' : 'single'}-quoted value opened here is never closed`);
    }
  });

  it('a file with several YAML documents gets our advice, not the YAML library’s', async () => {
    const file = suiteFile(`${valid}cases:\n  - { id: a, prompt: A }\n---\nname: second\n`);
    const errors = await loadErrors(file);
    expect(errors).toEqual([
      `${file}:8:1: a suite is one YAML document, but a '---' line here starts another\n  remove the line, or put the second suite in a file of its own`,
    ]);
    expect(errors.join('\n')).not.toContain('parseAllDocuments');
  });

  it('a key given twice is named, where the second one is', async () => {
    const file = suiteFile(`${valid}cases:\n  - id: a\n    prompt: A\n    prompt: B\n`);
    expect(await loadErrors(file)).toEqual([
      `${file}:9:5: 'prompt' is given twice in the same mapping\n  keep one 'prompt:' (the other is above, at the same indentation)`,
    ]);
  });

  it('a misindented key is one issue at its first character, not the parser errors that follow from it', async () => {
    const file = suiteFile(`${valid}  b:\n    model: b\n   api_key_env: false\ncases:\n  - { id: a, prompt: A }\n`);
    const errors = await loadErrors(file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}:8:4: this line is indented by 3 spaces, unlike the keys of the mapping it is in\n  indent it`,
      ),
    );
  });

  it('{{name without its closing braces is a warning, not silently sent as written', async () => {
    const file = suiteFile(`${valid}cases:\n  - id: a\n    prompt: "Hello {{name, how are you?"\n    vars: { name: Ann }\n`);
    const suite = await loadSuite(file, { env: {} });
    expect(suite.warnings.map(formatIssue)).toContain(
      `${file}:7:5: case 'a': '{{name,' has no closing '}}', so it is sent as written\n  write {{name}} for the var, or remove the braces`,
    );
  });
});
