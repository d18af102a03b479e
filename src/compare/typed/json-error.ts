// Why JSON.parse rejected a text, in words that are the same on every Node version: V8's messages
// changed between releases (Node 20 quotes the whole input back, "Unexpected token '}', "{..." is
// not valid JSON", with no position) and reports print them for thousands of outputs. A small
// scanner finds the first error and says where it is, with hints for what models get wrong
// (trailing commas, single quotes, comments).

const escapePattern = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/uy;
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/uy;

interface Scan {
  text: string;
  pos: number;
}

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

/** JSON.parse, or the reason it fails ("unexpected '}' at line 2 column 5") and where, as an index into `text`. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string; position: number } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const located = locateJsonError(text);
    return located ? { ok: false, ...located } : { ok: false, error: fallbackMessage(error), position: text.length };
  }
}

function locateJsonError(text: string): { error: string; position: number } | undefined {
  const scan: Scan = { text, pos: 0 };
  try {
    value(scan);
    skipSpace(scan);
    if (scan.pos < text.length) throw new JsonSyntax(`unexpected ${show(text[scan.pos]!)} after the JSON value`, scan.pos);
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonSyntax)) return undefined; // e.g. nesting too deep for the stack
    return { error: `${error.message}${where(text, error.pos)}`, position: error.pos };
  }
}

function where(text: string, pos: number): string {
  if (pos >= text.length) return '';
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return ` at line ${line} column ${pos - before.lastIndexOf('\n')}`;
}

function fallbackMessage(error: unknown): string {
  return String((error as Error).message).replace(/, ".*" is not valid JSON$/su, '');
}

function show(char: string): string {
  return char === "'" ? `"'"` : `'${char}'`;
}

function skipSpace(scan: Scan): void {
  while (scan.pos < scan.text.length && ' \t\n\r'.includes(scan.text[scan.pos]!)) scan.pos += 1;
  if (scan.text.startsWith('//', scan.pos) || scan.text.startsWith('/*', scan.pos)) {
    throw new JsonSyntax('comments are not allowed in JSON', scan.pos);
  }
}

function unexpected(scan: Scan, expected: string): never {
  if (scan.pos >= scan.text.length) throw new JsonSyntax(`unexpected end of input, expected ${expected}`, scan.pos);
  const char = scan.text[scan.pos]!;
  const hint = char === "'" ? ' (JSON strings use double quotes)' : '';
  throw new JsonSyntax(`expected ${expected}, found ${show(char)}${hint}`, scan.pos);
}

function value(scan: Scan): void {
  skipSpace(scan);
  const char = scan.text[scan.pos];
  if (char === '{') return object(scan);
  if (char === '[') return array(scan);
  if (char === '"') return string(scan);
  if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number(scan);
  for (const word of ['true', 'false', 'null']) {
    if (scan.text.startsWith(word, scan.pos)) {
      scan.pos += word.length;
      return;
    }
  }
  unexpected(scan, 'a value');
}

function object(scan: Scan): void {
  scan.pos += 1;
  skipSpace(scan);
  if (scan.text[scan.pos] === '}') {
    scan.pos += 1;
    return;
  }
  for (;;) {
    skipSpace(scan);
    if (scan.text[scan.pos] === '}') throw new JsonSyntax("trailing comma before '}'", scan.pos);
    if (scan.text[scan.pos] !== '"') unexpected(scan, 'a property name in double quotes');
    string(scan);
    skipSpace(scan);
    if (scan.text[scan.pos] !== ':') unexpected(scan, "':' after the property name");
    scan.pos += 1;
    value(scan);
    skipSpace(scan);
    const next = scan.text[scan.pos];
    scan.pos += 1;
    if (next === '}') return;
    if (next !== ',') {
      scan.pos -= 1;
      unexpected(scan, "',' or '}'");
    }
  }
}

function array(scan: Scan): void {
  scan.pos += 1;
  skipSpace(scan);
  if (scan.text[scan.pos] === ']') {
    scan.pos += 1;
    return;
  }
  for (;;) {
    skipSpace(scan);
    if (scan.text[scan.pos] === ']') throw new JsonSyntax("trailing comma before ']'", scan.pos);
    value(scan);
    skipSpace(scan);
    const next = scan.text[scan.pos];
    scan.pos += 1;
    if (next === ']') return;
    if (next !== ',') {
      scan.pos -= 1;
      unexpected(scan, "',' or ']'");
    }
  }
}

function string(scan: Scan): void {
  const start = scan.pos;
  scan.pos += 1;
  while (scan.pos < scan.text.length) {
    const char = scan.text[scan.pos]!;
    if (char === '"') {
      scan.pos += 1;
      return;
    }
    if (char === '\\') {
      escapePattern.lastIndex = scan.pos;
      if (!escapePattern.test(scan.text)) throw new JsonSyntax('invalid escape in string', scan.pos);
      scan.pos = escapePattern.lastIndex;
      continue;
    }
    if (char < ' ') throw new JsonSyntax(char === '\n' ? 'line break inside a string' : 'control character inside a string', scan.pos);
    scan.pos += 1;
  }
  throw new JsonSyntax('unterminated string', start);
}

function number(scan: Scan): void {
  numberPattern.lastIndex = scan.pos;
  if (!numberPattern.test(scan.text)) throw new JsonSyntax('invalid number', scan.pos);
  scan.pos = numberPattern.lastIndex;
}
