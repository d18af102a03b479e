import { type Alias, type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
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
  if (doc.errors.length > 0) return { ok: false, issues: doc.errors.map(toIssue) };

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
