import { describe, expect, it } from 'vitest';
import { extract } from './extract.js';

describe('text extraction', () => {
  it('keeps the output as it is', () => {
    expect(extract({ kind: 'text' }, ' Hello\n')).toEqual({ ok: true, value: ' Hello\n', display: ' Hello\n' });
  });
});

describe('code extraction', () => {
  it('takes fenced blocks, joined, and notes the fence', () => {
    const output = 'Here is the fix:\n```python\ndef f():\n    return 1\n```\nand a test:\n```python\nassert f() == 1\n```';
    expect(extract({ kind: 'code' }, output)).toEqual({
      ok: true,
      value: 'def f():\n    return 1\nassert f() == 1',
      display: 'def f(): … (3 lines)',
      fenced: true,
    });
  });

  it('takes the whole output when nothing is fenced', () => {
    expect(extract({ kind: 'code' }, 'return num + t')).toEqual({
      ok: true,
      value: 'return num + t',
      display: 'return num + t',
      fenced: false,
    });
  });

  it('keeps the code of a fence cut off by the token limit', () => {
    expect(extract({ kind: 'code' }, '```python\nclass Solution:\n    def f(self):').value).toBe('class Solution:\n    def f(self):');
  });

  it('fails on an empty answer or an empty fence', () => {
    expect(extract({ kind: 'code' }, '  \n')).toMatchObject({ ok: false, error: 'empty output', fenced: false });
    expect(extract({ kind: 'code' }, '```\n```')).toMatchObject({ ok: false, error: 'empty code block', fenced: true });
  });
});
