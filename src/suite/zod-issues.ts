import { z } from 'zod';
import type { SuiteIssue } from '../errors.js';
import { closestMatch, suggest } from './did-you-mean.js';
import type { Locator, YamlPath } from './yaml-document.js';

/**
 * One readable issue per zod issue: "<path>: expected <phrase from schema.ts>, got <value>",
 * unknown keys with a did-you-mean from the keys allowed at that level, located in the file.
 */
export function zodIssues(error: z.ZodError, schema: z.ZodType, locator: Locator, base: YamlPath = []): SuiteIssue[] {
  return readIssues(error.issues, schema, locator, base);
}

function readIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, locator: Locator, base: YamlPath): SuiteIssue[] {
  return issues.flatMap((issue): SuiteIssue[] => {
    const path = [...base, ...issue.path];
    // A list where text or a list is allowed (a message's content parts): the list's own problems,
    // at the item that has them, say more than "expected text or a list".
    if (issue.code === 'invalid_union' && Array.isArray(issue.input)) {
      const inside = issue.errors.find((branch) => branch.length > 0 && branch.every((item) => item.path.length > 0));
      if (inside) return readIssues(inside, schema, locator, path);
    }
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path);
      return issue.keys.map((key) => {
        const hint = suggest(key, allowed, 'allowed keys');
        return {
          ...locator.keyAt([...path, key]),
          message: `${prefix(path)}unknown key '${key}'`,
          ...(hint && { hint }),
        };
      });
    }
    if (issue.code === 'invalid_type' && issue.input === undefined && path.length > 0) {
      const parent = path.slice(0, -1);
      return [{ ...locator.at(parent), message: `${prefix(parent)}missing '${String(path.at(-1))}' (expected ${issue.message})` }];
    }
    // A discriminated union (compare: { kind: ... }) reports the whole mapping: show the key's own value.
    const input = valueAt(issue.input, issue.path.at(-1));
    // "one of a, b, c" and a string that is nearly one of them: say which.
    const choices = /^one of (.+)$/.exec(issue.message)?.[1]?.split(', ');
    const match = choices && typeof input === 'string' ? closestMatch(input, choices) : undefined;
    const hint = match && `did you mean '${match}'?`;
    return [
      { ...locator.at(path), message: `${prefix(path)}expected ${issue.message}, got ${describeValue(input)}`, ...(hint && { hint }) },
    ];
  });
}

function valueAt(input: unknown, key: PropertyKey | undefined): unknown {
  if (typeof key !== 'string' || input === null || typeof input !== 'object' || Array.isArray(input) || !(key in input)) return input;
  return (input as Record<string, unknown>)[key];
}

/** `targets.gpt-4.1.concurrency`, `cases[2].prompt`. */
export function pathText(path: YamlPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`)).join('');
}

function prefix(path: YamlPath): string {
  return path.length === 0 ? '' : `${pathText(path)}: `;
}

/** What the user wrote, short enough for one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function allowedKeys(schema: z.ZodType, path: YamlPath): string[] {
  let node: z.ZodType | undefined = schema;
  for (const segment of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = node.shape[String(segment)] as z.ZodType | undefined;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return [];
    if (node === undefined) return [];
  }
  return keysOf(unwrap(node));
}

function keysOf(node: z.ZodType): string[] {
  if (node instanceof z.ZodObject) return Object.keys(node.shape);
  // A union (compare kinds, assertion forms): any key of any option is a fair suggestion.
  if (node instanceof z.ZodUnion) return [...new Set((node.options as z.ZodType[]).flatMap((option) => keysOf(unwrap(option))))];
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType;
    else if (node instanceof z.ZodPipe) node = node.out as z.ZodType;
    else return node;
  }
}

/** Parses `value` with `schema`; the data when valid, else the issues located in the file. */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  locator: Locator,
  base: YamlPath = [],
): { data: z.infer<T>; issues: [] } | { data?: undefined; issues: SuiteIssue[] } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { data: result.data, issues: [] };
  return { issues: zodIssues(result.error, schema, locator, base) };
}
