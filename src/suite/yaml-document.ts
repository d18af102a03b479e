import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  visit,
  type Node,
} from 'yaml';
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
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library's guard against an alias bomb (anchors aliasing anchors, growing
    // exponentially) throws without a position: point at the alias that crossed the limit.
    if (!(error instanceof ReferenceError) || !/Excessive alias count/.test(error.message)) throw error;
    const alias = aliasOverLimit(doc);
    return {
      ok: false,
      issues: [
        {
          ...position(alias?.range?.[0]),
          message: `YAML aliases here expand the file past ${MAX_ALIAS_COUNT} values (anchors that alias anchors multiply: an alias bomb); pinned does not expand it`,
          hint: 'write the values out, or alias fewer levels deep',
        },
      ],
    };
  }
  return {
    ok: true,
    doc: {
      value,
      at: (path) => position(rangeStart(walk(path).found)),
      keyAt: (path) => {
        const { found, key } = walk(path);
        return position(rangeStart(key ?? found));
      },
    },
    warnings: doc.warnings.map(toIssue),
  };
}

const MAX_ALIAS_COUNT = 1000;

/**
 * The alias at which the yaml library's toJS gives up, found by counting as it does (Alias.resolve
 * in yaml 2): every alias of an anchor counts the anchor's own alias weight, which is the largest
 * weight among the aliases inside the anchored node (1 when it has none), taken when the anchor
 * is first aliased.
 */
function aliasOverLimit(doc: Document): Alias | undefined {
  const counts = new Map<Node, { count: number; weight: number }>();
  const weight = (node: unknown): number => {
    if (isAlias(node)) {
      const data = counts.get(node.resolve(doc) as Node);
      return data ? data.count * data.weight : 0;
    }
    if (isMap(node) || isSeq(node)) return Math.max(0, ...node.items.map(weight));
    if (isPair(node)) return Math.max(weight(node.key), weight(node.value));
    return 1;
  };
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, alias) {
      const source = alias.resolve(doc) as Node | undefined;
      if (!source) return;
      const data = counts.get(source) ?? { count: 0, weight: 0 };
      counts.set(source, data);
      data.count += 1;
      if (data.weight === 0) data.weight = weight(source);
      if (data.count * data.weight > MAX_ALIAS_COUNT) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
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
  // A misindented line confuses the parser for the rest of that line: one issue says it.
  const misindent = (error: YamlError) =>
    error.code === 'BAD_INDENT' && /^All mapping items must start at the same column/.test(error.message);
  const misindented = new Set(errors.filter(misindent).map((error) => linePos(error.pos[0]).line));
  const reported = errors.filter((error) => misindent(error) || !misindented.has(linePos(error.pos[0]).line));
  return reported.map((error) => {
    if (error.code === 'MULTIPLE_DOCS')
      return {
        file,
        ...linePos(error.pos[0]),
        message: "a suite is one YAML document, but a '---' line here starts another",
        hint: 'remove the line, or put the second suite in a file of its own',
      };
    // The library says "Map keys must be unique" without naming the key.
    if (error.code === 'DUPLICATE_KEY') {
      const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim();
      return {
        file,
        ...linePos(error.pos[0]),
        message: `'${key}' is given twice in the same mapping`,
        hint: `keep one '${key}:' (the other is above, at the same indentation)`,
      };
    }
    // "All mapping items must start at the same column", at column 1: say which line and how it is off.
    if (misindent(error)) {
      const where = linePos(error.pos[0]);
      const line = text.split('\n')[where.line - 1] ?? '';
      const indent = /^[ \t]*/.exec(line)![0];
      return {
        file,
        line: where.line,
        col: indent.length + 1,
        message: `this line is indented ${indent.includes('\t') ? 'with a tab' : `by ${indent.length} space${indent.length === 1 ? '' : 's'}`}, unlike the keys of the mapping it is in`,
        hint: 'indent it with spaces exactly as the key above it (or as its parent key, if it ends that mapping)',
      };
    }
    return toIssue(error);
  });
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
