import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addCaseFileEntry } from './add-case-file.js';

describe('addCaseFileEntry', () => {
  it('adds the entry to a block list, an empty flow list and a flow list, leaving everything else as written', () => {
    const block =
      'name: x\ncandidates: [b]\ncases:\n  # first\n  - id: a\n    prompt: "Hi"   # note\n  - { id: b, prompt: Yo }\ngate: { confidence: 0.9 }\n';
    const added = addCaseFileEntry(block, 'cases/p.jsonl')!;
    expect(added.text).toBe(block.replace('  - { id: b, prompt: Yo }\n', '  - { id: b, prompt: Yo }\n  - file: cases/p.jsonl\n'));
    const empty = addCaseFileEntry('name: x\ncases: []   # to fill\n', 'c.jsonl')!.text;
    expect(parse(empty).cases).toEqual([{ file: 'c.jsonl' }]);
    expect(empty).toContain('# to fill');
    const flow = addCaseFileEntry('cases: [{ id: a, prompt: Hi }]\n', 'c.jsonl')!.text;
    expect(flow).toBe('cases: [{ id: a, prompt: Hi }, { file: c.jsonl }]\n');
    const last = addCaseFileEntry('cases:\n- id: a\n  prompt: Hi', 'c.jsonl')!.text;
    expect(parse(last).cases).toEqual([{ id: 'a', prompt: 'Hi' }, { file: 'c.jsonl' }]);
  });

  it('leaves a suite that lists the file alone, and refuses cases that are not a list', () => {
    expect(addCaseFileEntry('cases:\n  - file: c.jsonl\n', 'c.jsonl')).toEqual({ text: 'cases:\n  - file: c.jsonl\n', added: false });
    expect(addCaseFileEntry('cases: 3\n', 'c.jsonl')).toBeNull();
  });
});
