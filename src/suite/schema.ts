import { z } from 'zod';

// The suite as written, snake_case keys and all. Every schema carries the phrase a user reads
// after "expected" (zod-issues.ts adds the path and what was found), so messages stay plain.

const text = (what = 'a string') => z.string({ error: what });
const intAtLeast = (min: number) =>
  z.int({ error: `an integer >= ${min}` }).min(min, { error: `an integer >= ${min}` });
const mapping = (what: string) => z.record(z.string(), z.unknown(), { error: what });
const stringList = (what: string) => z.array(text(), { error: what });

export const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;

const params = mapping('a mapping of request parameters');
const headers = z.record(z.string(), text('a string (header values are text)'), {
  error: 'a mapping of header names to values',
});
const apiKeyEnv = z.union([text(), z.literal(false)], {
  error: 'the name of an environment variable, or false when the endpoint needs no key',
});
const vars = mapping('a mapping of variable names to values');
// null (or '') switches the default system message off for this case.
const system = z.string({ error: 'a string, or null for no system message' }).nullable();

/** Target keys that `defaults` may also set; they apply to endpoint targets only. */
const endpointFields = {
  base_url: text(),
  api_key_env: apiKeyEnv,
  params,
  headers,
  organization: text(),
  project: text(),
  timeout_ms: intAtLeast(1),
  max_retries: intAtLeast(0),
};

export const targetSchema = z.strictObject(
  {
    model: text(),
    replay: text('a path to a recording file'),
    ...endpointFields,
    concurrency: intAtLeast(1),
    samples: intAtLeast(1),
  },
  { error: 'a mapping of target settings' },
).partial();

export const defaultsSchema = z.strictObject(
  {
    system,
    samples: intAtLeast(1),
    vars,
    ...endpointFields,
    concurrency: intAtLeast(1),
  },
  { error: 'a mapping of defaults' },
).partial();

export const messageSchema = z.strictObject(
  {
    role: z.enum(ROLES, { error: `one of ${ROLES.join(', ')}` }),
    content: text(),
    name: text().optional(),
  },
  { error: 'a chat message with role and content' },
);

const caseFields = {
  prompt: text(),
  messages: z.array(messageSchema, { error: 'a list of chat messages' }).min(1, { error: 'at least one message' }),
  vars,
  tags: stringList('a list of tags'),
  system,
  samples: intAtLeast(1),
};

/** One case written inline, or one row of an included YAML file. */
export const caseSchema = z.strictObject(
  {
    id: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }),
    description: text(),
    ...caseFields,
  },
  { error: 'a case: a mapping with prompt or messages' },
).partial();

/**
 * An entry of `cases`: an inline case, or `file:` with a template shared by the file's rows.
 * One schema for both, so a misspelt key gets a suggestion from every key a case can have;
 * load-suite rejects `id`/`description` on a file entry.
 */
export const caseEntrySchema = caseSchema.extend({ file: text('a path to a .jsonl, .csv, .yaml or .yml file').optional() });

export const suiteSchema = z.strictObject(
  {
    name: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }),
    description: text().optional(),
    baseline: text('a target name'),
    candidates: stringList('a list of target names'),
    targets: z.record(z.string(), targetSchema, { error: 'a mapping of target names to settings' }),
    defaults: defaultsSchema.optional(),
    cases: z.array(caseEntrySchema, { error: 'a list of cases' }),
  },
  { error: 'a mapping with name, baseline, candidates, targets and cases' },
);

export type WrittenSuite = z.infer<typeof suiteSchema>;
export type WrittenTarget = z.infer<typeof targetSchema>;
export type WrittenDefaults = z.infer<typeof defaultsSchema>;
export type WrittenCase = z.infer<typeof caseSchema>;
export type WrittenCaseEntry = z.infer<typeof caseEntrySchema>;
export type WrittenMessage = z.infer<typeof messageSchema>;
