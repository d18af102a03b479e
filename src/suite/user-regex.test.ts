import { describe, expect, it } from 'vitest';
import { compileUserRegex, nestedQuantifier, userRegexError } from './user-regex.js';

describe('suite authors regexes on the linear-time engine', () => {
  it('keep their JavaScript meaning', () => {
    const first = (pattern: string, text: string) => compileUserRegex(pattern).exec(text)?.[0];
    expect(first('a\\sb', 'a\u00a0b')).toBe('a\u00a0b');
    expect(first('a[\\s-]b', 'a\u3000b')).toBe('a\u3000b');
    expect(first('a.b', 'a\rb')).toBeUndefined();
    expect(first('/a.b/s', 'a\rb')).toBe('a\rb');
    expect(first('caf\\u00e9', 'café')).toBe('café');
    expect(first('\\u{1F600}+', 'x😀😀')).toBe('😀😀');
    expect(first('\\uD83D\\uDE00', '😀')).toBe('😀');
    expect(first('a[^]b', 'a\nb')).toBe('a\nb');
    expect(first('\\p{Script=Greek}+', 'abc αβγ')).toBe('αβγ');
    expect(first('/^answer: (yes|no)$/im', 'x\nANSWER: Yes\ny')).toBe('ANSWER: Yes');
    expect(first('(?<=\\$)\\d+', 'costs $42')).toBe('42');
    expect(compileUserRegex('(?<n>\\d+)-(x)?').exec('12-')).toEqual(Object.assign(['12-', '12', undefined], { index: 0 }));
    expect(
      compileUserRegex('\\[(Yes|No)\\]')
        .matchAll('[Yes] then [No]')
        .map((match) => match[1]),
    ).toEqual(['Yes', 'No']);
  });

  it('refuse what cannot run in linear time, saying what to do instead', () => {
    expect(userRegexError('(?=x)y')).toMatch(/^lookahead \(\?=\.\.\.\) cannot run in linear time.*capture group$/);
    expect(userRegexError('(a)\\1')).toMatch(/^backreferences \(\\1\) cannot run in linear time/);
    expect(userRegexError('(?<q>a)\\k<q>')).toMatch(/^backreferences \(\\k<name>\)/);
    // JavaScript's own parser still reports syntax errors in its words.
    expect(userRegexError('([A-D]')).toMatch(/Unterminated group/);
  });

  it('finds a repeated group that holds a repetition', () => {
    expect(nestedQuantifier('(a+)+$')).toBe('(a+)+');
    expect(nestedQuantifier('/^(\\w+\\s?)*$/i')).toBe('(\\w+\\s?)*');
    expect(nestedQuantifier('((ab)*c)+')).toBe('((ab)*c)+');
    expect(nestedQuantifier('\\[(Yes|No)\\]+')).toBeUndefined();
    expect(nestedQuantifier('(a+)b(c)*')).toBeUndefined();
    expect(nestedQuantifier('[(a+)]+')).toBeUndefined();
  });
});
