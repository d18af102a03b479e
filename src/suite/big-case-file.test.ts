import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { KEPT_TEXT_CHARS } from './jsonl-rows.js';
import { loadSuite } from './load-suite.js';
import { loadErrors } from './suite.test-helpers.js';

// A big suite belongs in a JSONL case file, which is read row by row: it loads as a small one does.

const SUITE = `name: big
baseline: a
candidates: [b]
targets:
  a: { model: a, base_url: "http://127.0.0.1:9/v1", api_key_env: K }
  b: { model: b, base_url: "http://127.0.0.1:9/v1", api_key_env: K }
cases:
  - file: small.jsonl
    prompt: "{{text}}"
  - file: cases.jsonl
    prompt: "Question {{n}}: {{text}}"
`;

/** Text with characters of 2, 3 and 4 bytes, so the file's chunks end inside some of them. */
const textOf = (n: number) => `réponse ${n} ☂ ${'𝄞'.repeat(n % 5)} ${'x'.repeat(n % 40)}`;

describe('a JSONL case file bigger than is kept whole', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function project(lines: string[]): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'pinned-big-'));
    await writeFile(join(dir, 'suite.yaml'), SUITE);
    await writeFile(join(dir, 'small.jsonl'), '{"id": "small", "text": "kept whole"}\n');
    // A byte-order mark, Windows line ends on some rows, blank lines, and no newline at the end.
    await writeFile(join(dir, 'cases.jsonl'), `\uFEFF${lines.join('')}`);
    return join(dir, 'suite.yaml');
  }

  const rows = 30_000;
  const lines = Array.from(
    { length: rows },
    (_, n) => `${JSON.stringify({ id: `row-${n}`, n, text: textOf(n) })}${n === rows - 1 ? '' : n % 3 ? '\n' : '\r\n\n'}`,
  );

  test('has every row as a case, in order, and the hash of the whole text', async () => {
    const path = await project(lines);
    const text = await readFile(join(dir!, 'cases.jsonl'), 'utf8');
    expect(text.length).toBeGreaterThan(KEPT_TEXT_CHARS);
    const suite = await loadSuite(path, { env: {} });

    expect(suite.cases).toHaveLength(rows + 1);
    expect(suite.cases[0]!.messages).toEqual([{ role: 'user', content: 'kept whole' }]);
    for (let n = 0; n < rows; n++) {
      const testCase = suite.cases[n + 1]!;
      expect(testCase.id).toBe(`row-${n}`);
      expect(testCase.messages).toEqual([{ role: 'user', content: `Question ${n}: ${textOf(n)}` }]);
    }
    // As before case files were streamed: the YAML, then each file's path and text in path order.
    const expected = createHash('sha256')
      .update(SUITE)
      .update(`\0cases.jsonl\0${text}`)
      .update('\0small.jsonl\0{"id": "small", "text": "kept whole"}\n')
      .digest('hex');
    expect(suite.hash).toBe(expected);
    expect(suite.source.files).toEqual({ 'small.jsonl': '{"id": "small", "text": "kept whole"}\n' });
  });

  test('names the file, line and column of a row that is not JSON', async () => {
    const broken = [...lines];
    broken[20_000] = '{"id": "row-20000", "n": 1, text: "unquoted key"}\n';
    // Rows before 20,000 that end in \r\n\n add a blank line each.
    const line = 20_000 + Math.ceil(20_000 / 3) + 1;
    expect(await loadErrors(await project(broken))).toEqual([
      expect.stringMatching(
        new RegExp(`/cases\\.jsonl:${line}:29: expected a JSON object \\(one case per line\\), but the line is not valid JSON`),
      ),
    ]);
  });
});
