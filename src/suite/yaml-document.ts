import { isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Node } from 'yaml';
import type { IssueLocation, SuiteIssue } from '../errors.js';

export type YamlPath = readonly PropertyKey[];

/** Finds where a value (or a key) sits in the file a user edits. */
export interface Locator {
  /** The value at `path`, or the nearest ancestor that exists. */
  at(path: YamlPath): IssueLocation;
  /** The key of the last segment of `path` (falls back to `at`). */
  keyAt(path: YamlPath): IssueLocation;
}

export interface YamlFile extends Locator {
  /** The document as plain data; null for an empty file. */
  value: unknown;
}

export type ParsedYaml = { ok: true; doc: YamlFile; warnings: SuiteIssue[] } | { ok: false; issues: SuiteIssue[] };

/** Parses YAML keeping positions; syntax errors and duplicate keys come back as issues. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // merge: true so `<<: *anchor` works for users who share target settings with anchors.
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  const toIssue = (error: { message: string; pos: [number, number] }): SuiteIssue => ({
    file,
    ...lineCounter.linePos(error.pos[0]),
    message: firstLine(error.message),
  });
  if (doc.errors.length > 0) return { ok: false, issues: syntaxIssues(text, doc.errors, toIssue, (offset) => lineCounter.linePos(offset)) };

  const position = (offset: number | undefined): IssueLocation =>
    offset === undefined ? { file } : { file, ...lineCounter.linePos(offset) };
  const walk = (path: YamlPath) => {
    let node: unknown = doc.contents;
    let found = node;
    let key: unknown;
    for (const [depth, segment] of path.entries()) {
      const step = child(node, segment);
      if (!step) break;
      node = step.value ?? step.key;
      found = node;
      if (depth === path.length - 1) key = step.key;
    }
    return { found, key };
  };
  return {
    ok: true,
    doc: {
      value: doc.toJS({ maxAliasCount: 1000 }) as unknown,
      at: (path) => position(rangeStart(walk(path).found)),
      keyAt: (path) => {
        const { found, key } = walk(path);
        return position(rangeStart(key ?? found));
      },
    },
    warnings: doc.warnings.map(toIssue),
  };
}

function child(node: unknown, segment: PropertyKey): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    return pair && { key: pair.key, value: pair.value };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

type YamlError = { code: string; message: string; pos: [number, number] };

/**
 * The YAML library's errors, in our words where its own mislead: an unclosed quote is reported
 * where the parser gave up (often the end of the file), and several documents come with advice
 * about its API. One issue per mistake: the errors that follow from it are left out.
 */
function syntaxIssues(
  text: string,
  errors: YamlError[],
  toIssue: (error: YamlError) => SuiteIssue,
  linePos: (offset: number) => { line: number; col: number },
): SuiteIssue[] {
  const file = toIssue(errors[0]!).file;
  const quote = errors.find((error) => error.code === 'MISSING_CHAR' && /quote/.test(error.message));
  const opened = quote && unclosedQuote(text);
  if (opened) {
    return [
      {
        file,
        ...linePos(opened.offset),
        message: `a ${opened.quote === '"' ? 'double' : 'single'}-quoted value opened here is never closed`,
      },
    ];
  }
  return errors.map((error) =>
    error.code === 'MULTIPLE_DOCS'
      ? {
          file,
          ...linePos(error.pos[0]),
          message: "a suite is one YAML document, but a '---' line here starts another",
          hint: 'remove the line, or put the second suite in a file of its own',
        }
      : toIssue(error),
  );
}

/** Where the first quoted scalar that never closes starts, from the YAML lexer's tokens. */
function unclosedQuote(text: string): { offset: number; quote: string } | undefined {
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // The lexer marks structure with control characters that are not in the source.
    if (token.length === 1 && token < ' ' && token !== '\n' && token !== '\t') continue;
    const quote = token[0];
    if ((quote === '"' || quote === "'") && !closed(token)) return { offset, quote };
    offset += token.length;
  }
  return undefined;
}

function closed(token: string): boolean {
  if (token.length < 2) return false;
  if (token[0] === "'") return token.slice(1).replace(/''/g, '').endsWith("'");
  const body = token.slice(1);
  if (!body.endsWith('"')) return false;
  const backslashes = /\\*$/.exec(body.slice(0, -1))![0].length;
  return backslashes % 2 === 0;
}
