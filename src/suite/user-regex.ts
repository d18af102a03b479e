// Regexes written by suite authors (label/number `extract`, the `regex` assertion). Both accept
// the same two forms so a pattern behaves alike wherever it is used:
//   - a bare source, `\[(Yes|No)\]`, compiled with the `u` flag only, so it is case-sensitive
//     (YAML authors rarely expect a bare pattern to ignore case; the literal form can);
//   - a literal, `/\[(yes|no)\]/i`, whose flags are kept (`g` and `y` are dropped: they make a
//     RegExp stateful, and extraction adds `g` itself where it needs every match).
// `u` is always on (unless `v`, its superset, is given) so `\p{L}` and astral characters work.

const literal = /^\/(.+)\/([a-z]*)$/su;
const cache = new Map<string, RegExp>();

/** Compiles a suite author's pattern; throws SyntaxError with the engine's message when invalid. */
export function compileUserRegex(text: string, extraFlags = ''): RegExp {
  const key = `${extraFlags}\u0000${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const parts = literal.exec(text);
  const source = parts ? parts[1]! : text;
  const written = parts ? parts[2]! : '';
  const unknown = [...written].filter((flag) => !'dgimsuvy'.includes(flag));
  if (unknown.length > 0) throw new SyntaxError(`unknown regex flag "${unknown.join('')}" in ${text}`);
  const flags = new Set([...written, ...extraFlags].filter((flag) => flag !== 'y' && (flag !== 'g' || extraFlags.includes('g'))));
  if (!flags.has('v')) flags.add('u');
  const regex = new RegExp(source, [...flags].join(''));
  cache.set(key, regex);
  return regex;
}

/** The error message of an invalid pattern, for validateSpec / validateAssertion. */
export function userRegexError(text: string): string | undefined {
  try {
    compileUserRegex(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** How a pattern is shown in reasons and reports: always in the literal form. */
export function showUserRegex(text: string): string {
  return literal.test(text) ? text : `/${text}/`;
}
