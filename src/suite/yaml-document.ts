import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
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
