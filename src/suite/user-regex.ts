// Regexes written by suite authors (label/number `extract`, the `regex` assertion). Both accept
// the same two forms so a pattern behaves alike wherever it is used:
//   - a bare source, `\[(Yes|No)\]`, compiled with the `u` flag only, so it is case-sensitive
//     (YAML authors rarely expect a bare pattern to ignore case; the literal form can);
//   - a literal, `/\[(yes|no)\]/i`, whose flags are kept (`g`, `y` and `d` have no meaning here:
//     extraction asks for every match itself).
//
// They run on RE2 (re2js, pure JavaScript), whose time is linear in the output's length: a
// pattern such as `(a+)+$`, which takes JavaScript's backtracking engine longer than a lifetime
// on 40 characters, cannot stall a compare. Patterns are written in JavaScript's syntax, checked
// by JavaScript's own parser (so errors read as they always did), then translated: `\uXXXX`,
// `\u{...}`, `\cX`, `[^]`, `\s` and `.` keep their JavaScript meaning. What RE2 cannot do in
// linear time, lookahead and backreferences, is refused with a hint; lookbehind works when it
// captures nothing.
import { RE2JS } from 're2js';

const literal = /^\/(.+)\/([a-z]*)$/su;

/** A match: [0] the text, then each capture group (undefined when it took no part); `index` where it starts. */
export type UserMatch = Array<string | undefined> & { 0: string; index: number };

export interface UserRegex {
  /** The first match. */
  exec(text: string): UserMatch | null;
  /** Every match, left to right, not overlapping. */
  matchAll(text: string): UserMatch[];
  test(text: string): boolean;
}

const cache = new Map<string, UserRegex>();

/** Compiles a suite author's pattern; throws SyntaxError with the reason when it cannot be run. */
export function compileUserRegex(text: string): UserRegex {
  const cached = cache.get(text);
  if (cached) return cached;
  const parts = literal.exec(text);
  const source = parts ? parts[1]! : text;
  const written = parts ? parts[2]! : '';
  const unknown = [...written].filter((flag) => !'dgimsuvy'.includes(flag));
  if (unknown.length > 0) throw new SyntaxError(`unknown regex flag "${unknown.join('')}" in ${text}`);
  // JavaScript's parser first: the pattern is compiled, never run, so this costs nothing.
  new RegExp(source, written.includes('v') ? 'v' : 'u');
  const translated = toRe2(source, written.includes('s'));
  let flags = translated.lookbehind ? RE2JS.LOOKBEHINDS : 0;
  if (written.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (written.includes('m')) flags |= RE2JS.MULTILINE;
  if (written.includes('s')) flags |= RE2JS.DOTALL;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(translated.source, flags);
  } catch (error) {
    throw new SyntaxError(`pinned runs regexes on a linear-time engine (RE2), which cannot run this one: ${(error as Error).message}`);
  }
  const regex = wrap(compiled);
  cache.set(text, regex);
  return regex;
}

function wrap(compiled: RE2JS): UserRegex {
  const groups = compiled.groupCount();
  const read = (matcher: ReturnType<RE2JS['matcher']>): UserMatch => {
    const match = [] as unknown as UserMatch;
    for (let group = 0; group <= groups; group++) match.push(matcher.group(group) ?? undefined);
    match.index = matcher.start();
    return match;
  };
  return {
    exec(text) {
      const matcher = compiled.matcher(text);
      return matcher.find() ? read(matcher) : null;
    },
    matchAll(text) {
      const matcher = compiled.matcher(text);
      const matches: UserMatch[] = [];
      while (matcher.find()) matches.push(read(matcher));
      return matches;
    },
    test: (text) => compiled.test(text),
  };
}

// JavaScript's \s: ASCII whitespace plus the Unicode spaces and line terminators.
const WHITESPACE = '\\t\\n\\x{b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
// JavaScript's `.` without the s flag: anything but a line terminator.
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/** JavaScript's syntax in RE2's, for a pattern JavaScript's parser accepted (u or v mode). */
function toRe2(source: string, dotAll: boolean): { source: string; lookbehind: boolean } {
  let out = '';
  let inClass = false;
  let lookbehind = false;
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    if (ch === '\\') {
      const [text, length] = escape(source, i, inClass);
      out += text;
      i += length;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      // A '[' inside a class is a literal in JavaScript; RE2 would read [:alpha:] there.
      out += ch === '[' ? '\\[' : ch;
      i += 1;
      continue;
    }
    if (source.startsWith('[^]', i)) {
      out += '[\\x{0}-\\x{10ffff}]';
      i += 3;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      i += 1;
    } else if (source.startsWith('(?=', i) || source.startsWith('(?!', i)) {
      throw new SyntaxError(
        `lookahead ${source.slice(i, i + 3)}...) cannot run in linear time, and pinned runs regexes on a linear-time engine; match the text instead, and put what you want in a capture group`,
      );
    } else if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
      lookbehind = true;
      out += source.slice(i, i + 4);
      i += 4;
    } else if (ch === '.' && !dotAll) {
      out += DOT;
      i += 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return { source: out, lookbehind };
}

/** One escape at `at`: its RE2 form and how many characters it took. */
function escape(source: string, at: number, inClass: boolean): [string, number] {
  const next = source[at + 1] ?? '';
  if (next === 'u') {
    if (source[at + 2] === '{') {
      const end = source.indexOf('}', at);
      return [`\\x{${source.slice(at + 3, end)}}`, end - at + 1];
    }
    const code = parseInt(source.slice(at + 2, at + 6), 16);
    // A surrogate pair written as two escapes is one character.
    const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(source.slice(at + 6));
    if (code >= 0xd800 && code <= 0xdbff && low) {
      const point = (code - 0xd800) * 0x400 + (parseInt(low[1]!, 16) - 0xdc00) + 0x10000;
      return [`\\x{${point.toString(16)}}`, 12];
    }
    return [`\\x{${code.toString(16)}}`, 6];
  }
  if (next === 'c') return [`\\x{${((source.charCodeAt(at + 2) ?? 0) % 32).toString(16)}}`, 3];
  if (next === '0') return ['\\x{0}', 2];
  if (/[1-9]/.test(next) || next === 'k') {
    throw new SyntaxError(
      `backreferences (\\${next === 'k' ? 'k<name>' : next}) cannot run in linear time, and pinned runs regexes on a linear-time engine; match the text itself instead`,
    );
  }
  if (next === 's') return [inClass ? WHITESPACE : `[${WHITESPACE}]`, 2];
  if (next === 'S') return [inClass ? '\\S' : `[^${WHITESPACE}]`, 2];
  if (next === 'p' || next === 'P') {
    const end = source.indexOf('}', at);
    if (source[at + 2] !== '{' || end < 0) return [source.slice(at, at + 2), 2];
    // \p{Script=Greek}, \p{sc=Greek}, \p{General_Category=L}: RE2 writes the value alone.
    const name = source.slice(at + 3, end).replace(/^(?:Script|sc|General_Category|gc|Script_Extensions|scx)=/, '');
    return [`\\${next}{${name}}`, end - at + 1];
  }
  return [source.slice(at, at + 2), 2];
}

/** The error message of a pattern that cannot run, for validateSpec / validateAssertion. */
export function userRegexError(text: string): string | undefined {
  try {
    compileUserRegex(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * A repeated group that holds a repetition (`(a+)+`, `(\w*\s?)*`): harmless here, where regexes
 * run in linear time, but exponential in JavaScript's own engine and most others, where the
 * author's software may use the same pattern. Returns the group as written, or undefined.
 */
export function nestedQuantifier(text: string): string | undefined {
  const parts = literal.exec(text);
  const source = parts ? parts[1]! : text;
  // Per open group: where it starts and whether a repetition is inside it.
  const open: Array<{ start: number; repeats: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') open.push({ start: i, repeats: false });
    else if (ch === ')') {
      const group = open.pop();
      if (!group) continue;
      const quantifier = /^(?:[*+]|\{\d*,\d*\})/.exec(source.slice(i + 1));
      if (quantifier && group.repeats && unbounded(quantifier[0])) return source.slice(group.start, i + 1 + quantifier[0].length);
      if (open.length > 0) open.at(-1)!.repeats ||= group.repeats || quantifier !== null;
    } else if ((ch === '*' || ch === '+' || (ch === '{' && /^\{\d*,\d*\}/.test(source.slice(i)))) && open.length > 0) {
      open.at(-1)!.repeats = true;
    }
  }
  return undefined;
}

function unbounded(quantifier: string): boolean {
  return quantifier === '*' || quantifier === '+' || /^\{\d*,\}$/.test(quantifier);
}

/** How a pattern is shown in reasons and reports: always in the literal form. */
export function showUserRegex(text: string): string {
  return literal.test(text) ? text : `/${text}/`;
}
