// Paths into parsed JSON ("customer.email", "items[0].sku") and the leaf-by-leaf difference of two values.

import type { PathSegment } from '../../suite/key-path.js';

/** Marks a path that does not exist on one side; prints as "missing". */
const missing: unique symbol = Symbol('missing');

export interface LeafDifference {
  path: PathSegment[];
  before: unknown;
  after: unknown;
}

function formatPath(path: PathSegment[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

export function valueAt(value: unknown, path: PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/u.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= current.length) return missing;
      current = current[index];
    } else if (isObject(current) && typeof segment === 'string' && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return missing;
    }
  }
  return current;
}

/** Differences down to leaves; a side that is missing, or of another shape, is one difference at that path. */
export function diffJson(before: unknown, after: unknown, path: PathSegment[] = []): LeafDifference[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) =>
      diffJson(index < before.length ? before[index] : missing, index < after.length ? after[index] : missing, [...path, index]),
    ).flat();
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffJson(Object.hasOwn(before, key) ? before[key] : missing, Object.hasOwn(after, key) ? after[key] : missing, [...path, key]),
    );
  }
  return sameJson(before, after) ? [] : [{ path, before, after }];
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return false;
}

/** "quantity: 3 → 1", "tags[1]: \"a\" → missing". */
export function describeDifference({ path, before, after }: LeafDifference): string {
  return `${formatPath(path)}: ${showValue(before)} → ${showValue(after)}`;
}

function showValue(value: unknown): string {
  if (value === missing) return 'missing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 59)}…` : json;
}

/** `inner` is `outer` or lies under it. */
export function isWithin(inner: PathSegment[], outer: PathSegment[]): boolean {
  return outer.length <= inner.length && outer.every((segment, index) => String(segment) === String(inner[index]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
