import { describe, expect, it } from 'vitest';
import { extract } from './extract.js';

const number = { kind: 'number' } as const;

describe('number extraction', () => {
  it.each([
    ['The total comes to $1,234.50.', 1234.5],
    ['It fell to -3 degrees', -3],
    ['It fell to −3 degrees', -3],
    ['roughly 1.5e3 units', 1500],
    ['22.50', 22.5],
    ['Revenue grew 12%.', 12],
    ['Between 4 and 9, the answer is 7', 7],
    ['1,2,3', 3],
    ['Step 1. then .5', 0.5],
  ])('reads the last number of %j as %d', (output, value) => {
    expect(extract(number, output).value).toBe(value);
  });

  it('shows the number canonically: 22.50 is 22.5', () => {
    expect(extract(number, 'Total: 22.50')).toEqual({ ok: true, value: 22.5, display: '22.5' });
  });

  it('reads the capture group of the last match with extract (LaTeX \\boxed{})', () => {
    // In YAML the pattern is written \\boxed\{([^}]*)\}; the backslash before "boxed" is a literal one.
    const boxed = { kind: 'number', extract: '\\\\boxed\\{([^}]*)\\}' } as const;
    expect(extract(boxed, 'Answer within \\boxed{} (e.g, \\boxed{10}). ... so there is \\boxed{2} happy number').value).toBe(2);
    expect(extract(boxed, '\\boxed{\\text{3}}').value).toBe(3);
    expect(extract(boxed, 'no box here: 5').error).toBe('no match for /\\\\boxed\\{([^}]*)\\}/');
    expect(extract(boxed, '\\boxed{none}').error).toBe('no number in "none"');
  });

  it('fails when there is no number', () => {
    expect(extract(number, 'I cannot say.')).toEqual({ ok: false, value: undefined, display: '', error: 'no number in the output' });
  });
});
