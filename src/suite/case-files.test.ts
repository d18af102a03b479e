import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadSuite } from './load-suite.js';
import { fixture, loadErrors } from './suite.test-helpers.js';

const sha8 = (canonical: string) => createHash('sha256').update(canonical).digest('hex').slice(0, 8);

describe('included case files', () => {
  test('JSONL rows: extra keys become vars, tags add up, ids derive from content', async () => {
    const suite = await loadSuite(fixture('includes'), { env: {} });
    const rows = suite.cases.filter((c) => c.loc.file.endsWith('sentiment.jsonl'));

    expect(rows.map((c) => [c.id, c.loc.line, c.tags, c.vars])).toEqual([
      [`sentiment-${sha8('{"lang":"en","text":"Great service"}')}`, 1, ['imported'], { text: 'Great service', lang: 'en' }],
      [
        `sentiment-${sha8('{"lang":"en","tags":["negative"],"text":"Terrible wait times"}')}`,
        2,
        ['negative', 'imported'],
        { text: 'Terrible wait times', lang: 'en' },
      ],
      ['explicit', 3, ['imported'], { text: 'Okay I guess' }],
      // The same row twice: the second gets -2.
      [`sentiment-${sha8('{"lang":"en","text":"Great service"}')}-2`, 4, ['imported'], { text: 'Great service', lang: 'en' }],
    ]);
    expect(rows[0]?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Classify: Great service' },
    ]);
  });

  test('derived ids do not change when rows are reordered or their keys are', async () => {
    const original = await loadSuite(fixture('includes'), { env: {} });
    const reordered = await loadSuite(fixture('includes-reordered'), { env: {} });
    const ids = (cases: typeof original.cases) =>
      cases
        .filter((c) => c.loc.file.endsWith('sentiment.jsonl'))
        .map((c) => c.id)
        .sort();

    expect(ids(reordered.cases)).toEqual(ids(original.cases));
  });

  test('CSV rows: columns become vars, tags split on ; or ,, samples is a number, a quoted cell may span lines', async () => {
    const suite = await loadSuite(fixture('includes'), { env: {} });
    const rows = suite.cases.filter((c) => c.loc.file.endsWith('tickets.csv'));

    expect(rows).toEqual([
      {
        id: `tickets-${sha8('{"customer":"Dana","id":"","prompt":"Reply to {{customer}}: \\"where is my order?\\"","samples":"2","tags":"billing;urgent"}')}`,
        index: 4,
        compare: { kind: 'text' },
        assert: [],
        // `system: null` on the file entry turns the default system message off for its rows.
        messages: [{ role: 'user', content: 'Reply to Dana: "where is my order?"' }],
        vars: { customer: 'Dana' },
        tags: ['billing', 'urgent'],
        samples: 2,
        loc: { file: 'fixtures/suite/includes/cases/tickets.csv', line: 2, col: 1 },
      },
      {
        id: 't-2',
        index: 5,
        compare: { kind: 'text' },
        assert: [],
        messages: [{ role: 'user', content: 'Reply to Lee:\nmulti-line ticket' }],
        vars: { customer: 'Lee' },
        tags: [],
        loc: { file: 'fixtures/suite/includes/cases/tickets.csv', line: 3, col: 1 },
      },
    ]);
  });

  test('YAML rows: real line:col, the entry vars under the rows', async () => {
    const suite = await loadSuite(fixture('includes'), { env: {} });
    const rows = suite.cases.filter((c) => c.loc.file.endsWith('extra.yaml'));

    expect(rows.map((c) => [c.id, c.loc, c.messages.at(-1)?.content])).toEqual([
      ['yaml-row', { file: 'fixtures/suite/includes/cases/extra.yaml', line: 1, col: 3 }, 'Describe Widget'],
      [
        `extra-${sha8('{"messages":[{"content":"Price of {{product}}?","role":"user"}]}')}`,
        { file: 'fixtures/suite/includes/cases/extra.yaml', line: 3, col: 3 },
        'Price of Widget?',
      ],
    ]);
    expect(Object.keys(suite.source.files).sort()).toEqual(['cases/extra.yaml', 'cases/sentiment.jsonl', 'cases/tickets.csv']);
  });

  test('bad rows, missing files and unsupported files are reported with file and line', async () => {
    expect(await loadErrors(fixture('bad-rows'))).toEqual([
      'fixtures/suite/bad-rows/suite.yaml:15:11: cases[4].file: file not found: fixtures/suite/bad-rows/cases/missing.jsonl\n' +
        '  the path is relative to the suite file',
      'fixtures/suite/bad-rows/suite.yaml:17:11: cases[6].file: expected a .jsonl, .csv, .yaml or .yml file, got "cases/notes.txt"',
      'fixtures/suite/bad-rows/cases/broken.jsonl:2:27: expected a JSON object (one case per line), but the line is not valid JSON: Expected double-quoted property name',
      'fixtures/suite/bad-rows/cases/broken.jsonl:4:1: expected a JSON object (one case per line), got a list',
      'fixtures/suite/bad-rows/cases/broken.jsonl:5:1: samples: expected an integer >= 1, got "three"',
      'fixtures/suite/bad-rows/cases/broken.csv:3:1: samples: expected an integer >= 1, got "three"',
      "fixtures/suite/bad-rows/cases/broken.csv:4:1: vars: expected a JSON object of vars, got text that is not JSON (Expected property name or '}')",
      "fixtures/suite/bad-rows/cases/broken.yaml:4:3: unknown key 'promt'\n  did you mean 'prompt'?",
    ]);
  });
});
