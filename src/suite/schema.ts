import { z } from 'zod';
import { contentPart, functionTool, messageSchema, ROLES, toolChoice, toolResults, turnUser } from './message-schema.js';
import { intAtLeast, mapping, stringList, text } from './schema-primitives.js';

// The suite as written, snake_case keys and all. Every schema carries the phrase a user reads
// after "expected" (zod-issues.ts adds the path and what was found), so messages stay plain.

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

export const COMPARE_KINDS = ['text', 'label', 'json', 'number', 'code', 'tool-calls'] as const;
const compareKinds = COMPARE_KINDS;
const kindError = { error: `one of ${compareKinds.join(', ')}` };

/** `compare: json` or `compare: { kind: json, keys: [...] }`. */
export const compareSchema = z.preprocess(
  // Only a known kind becomes { kind }: a misspelt one stays a string, so the error shows what was written.
  (value) => (typeof value === 'string' && (compareKinds as readonly string[]).includes(value) ? { kind: value } : value),
  z
    .discriminatedUnion(
      'kind',
      [
        z.strictObject({ kind: z.literal('text') }),
        z.strictObject({
          kind: z.literal('label'),
          extract: text('a regular expression').optional(),
          labels: stringList('a list of labels').optional(),
        }),
        z.strictObject({ kind: z.literal('json'), keys: stringList('a list of keys (dotted paths allowed)').optional() }),
        z.strictObject({
          kind: z.literal('number'),
          extract: text('a regular expression').optional(),
          tolerance: z.number({ error: 'a number >= 0' }).min(0, { error: 'a number >= 0' }).optional(),
        }),
        z.strictObject({ kind: z.literal('code') }),
        z.strictObject({
          kind: z.literal('tool-calls'),
          keys: stringList('a list of argument paths (dotted paths allowed)').optional(),
        }),
      ],
      kindError,
    )
    .refine((spec) => spec.kind !== 'label' || spec.extract !== undefined || spec.labels !== undefined, {
      error: "a label comparison with 'extract' (a regex) or 'labels' (a list)",
    }),
);

const scalarText = z.union([z.string(), z.number(), z.boolean()], { error: 'a string' }).transform(String);
const ASSERTION_TYPES = [
  'contains',
  'icontains',
  'not-contains',
  'regex',
  'equals',
  'starts-with',
  'is-json',
  'json-schema',
  'min-length',
  'max-length',
  'one-of',
  'javascript',
  'tool-call',
  'no-tool-call',
] as const;

/** `tool-call: get_order` or `tool-call: { name, arguments: { path: value }, schema }`. */
const toolCallMatch = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value === null ? {} : value),
  z
    .strictObject(
      {
        name: text('a function name'),
        arguments: mapping('a mapping of argument paths (order_id, items[0].sku) to the values they must have'),
        schema: mapping('a JSON Schema mapping the arguments must match'),
      },
      { error: 'a function name, or a mapping with name, arguments and schema' },
    )
    .partial(),
);

/** One assertion: `- icontains: "[Yes]"`; `- is-json` may stand alone. */
export const assertionSchema = z.preprocess(
  (value) => (value === 'is-json' || value === 'no-tool-call' ? { [value]: true } : value),
  z
    .strictObject(
      {
        contains: scalarText,
        icontains: scalarText,
        'not-contains': scalarText,
        regex: text('a regular expression'),
        equals: scalarText,
        'starts-with': scalarText,
        'is-json': z.union([z.literal(true), z.null()], { error: 'true (or nothing)' }),
        'json-schema': mapping('a JSON Schema mapping'),
        'min-length': intAtLeast(0),
        'max-length': intAtLeast(0),
        'one-of': stringList('a list of allowed outputs'),
        javascript: text('file.mjs#function'),
        'tool-call': toolCallMatch,
        'no-tool-call': z.union([z.literal(true), z.null()], { error: 'true (or nothing)' }),
      },
      { error: 'an assertion: a mapping with one type, e.g. "- icontains: refund"' },
    )
    .partial()
    .refine((item) => Object.keys(item).length <= 1, {
      error: 'one assertion type per item; write each as its own "- type: value" item',
    })
    // An item whose only key was unknown is already reported as such; do not say it twice.
    .refine((item) => Object.keys(item).length > 0, {
      error: `an assertion type (${ASSERTION_TYPES.join(', ')})`,
      when: (payload) => payload.issues.length === 0,
    }),
);

const assertList = z.array(assertionSchema, { error: 'a list of assertions' });

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
  batch: z.boolean({ error: 'true or false' }),
};

const usdPerMillion = z
  .number({ error: 'a price in USD per million tokens, e.g. 30' })
  .min(0, { error: 'a price >= 0 in USD per million tokens' });
/** What the endpoint charges, when pinned's table does not know it or an aggregator charges its own. */
const price = z.strictObject(
  { input: usdPerMillion, output: usdPerMillion },
  { error: 'a mapping { input, output } in USD per million tokens' },
);
/** How a run target's requests are adapted and paced; the judge and embeddings models do not take them yet. */
const limitFields = {
  api: z.enum(['chat', 'responses'], { error: 'chat (Chat Completions, the default) or responses (the Responses API)' }),
  params_compat: z.enum(['strict', 'auto'], { error: 'strict (send params as written) or auto (rewrite what the model rejects)' }),
  rpm: intAtLeast(1),
  tpm: intAtLeast(1),
};

/** An Azure OpenAI deployment: base_url is the resource's endpoint, model what prices and context windows are read for. */
const azure = z.strictObject(
  {
    deployment: text('the deployment name (default: the model)').optional(),
    api_version: text('an Azure OpenAI api-version, e.g. 2024-10-21'),
  },
  { error: 'a mapping { deployment, api_version }' },
);

export const targetSchema = z
  .strictObject(
    {
      model: text(),
      replay: text('a path to a recording file'),
      azure,
      ...endpointFields,
      ...limitFields,
      concurrency: intAtLeast(1),
      samples: intAtLeast(1),
      price,
    },
    { error: 'a mapping of target settings' },
  )
  .partial();

export const defaultsSchema = z
  .strictObject(
    {
      system,
      samples: intAtLeast(1),
      vars,
      compare: compareSchema,
      assert: assertList,
      ...endpointFields,
      ...limitFields,
      concurrency: intAtLeast(1),
    },
    { error: 'a mapping of defaults' },
  )
  .partial();

/**
 * The right answer for a case, checked against the value each side's output gives: a label, a
 * number, a JSON value, or a text. Its kind follows the case's `compare:`; render-case checks it.
 */
const expected = z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown()), z.null()], {
  error: 'the right answer: a label, a number, a JSON value or a text',
});

/** A user turn of a conversation: its message, and what answers tool calls during it; the assistant's turn is the target's own. */
const turnSchema = z.preprocess(
  (value) => (typeof value === 'string' || Array.isArray(value) ? { user: value } : value),
  z.strictObject(
    {
      user: turnUser,
      tool_results: toolResults.optional(),
      assert: assertList.optional(),
      expected: expected.optional(),
    },
    { error: 'a turn: the user message as text, or a mapping { user, tool_results, assert, expected }' },
  ),
);

const caseFields = {
  prompt: text(),
  turns: z.array(turnSchema, { error: 'a list of user turns' }).min(1, { error: 'at least one turn' }),
  tool_results: toolResults,
  tools: z.array(functionTool, { error: 'a list of tools' }),
  tool_choice: toolChoice,
  params: mapping('a mapping of request parameters for this case'),
  messages: z.array(messageSchema, { error: 'a list of chat messages' }).min(1, { error: 'at least one message' }),
  vars,
  tags: stringList('a list of tags'),
  system,
  samples: intAtLeast(1),
  compare: compareSchema,
  assert: assertList,
  expected,
};

/** One case written inline, or one row of an included YAML file. */
export const caseSchema = z
  .strictObject(
    {
      id: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }),
      description: text(),
      ...caseFields,
    },
    { error: 'a case: a mapping with prompt or messages' },
  )
  .partial();

/**
 * An entry of `cases`: an inline case, or `file:` with a template shared by the file's rows.
 * One schema for both, so a misspelt key gets a suggestion from every key a case can have;
 * load-suite rejects `id`/`description` on a file entry.
 */
export const caseEntrySchema = caseSchema.extend({ file: text('a path to a .jsonl, .csv, .yaml or .yml file').optional() });

const fraction = z
  .number({ error: 'a fraction between 0 and 1, e.g. 0.05 for 5%' })
  .min(0, { error: 'a fraction between 0 and 1' })
  .max(1, { error: 'a fraction between 0 and 1' });

export const gateSchema = z
  .strictObject(
    {
      max_regression_rate: fraction,
      min_equivalence_rate: fraction,
      critical_tags: stringList('a list of tags'),
      max_change_rate: fraction,
      max_cost_ratio: z
        .number({ error: "a ratio of the baseline's cost per answer, e.g. 1.5 for at most half as much again" })
        .gt(0, { error: 'a ratio above 0, e.g. 1.5' }),
      max_p95_latency_ratio: z
        .number({ error: "a ratio of the baseline's p95 latency, e.g. 1.2" })
        .gt(0, { error: 'a ratio above 0, e.g. 1.2' }),
      confidence: z
        .number({ error: 'a confidence level between 0.5 and 1, e.g. 0.95' })
        .gt(0.5, { error: 'a confidence level above 0.5' })
        .lt(1, { error: 'a confidence level below 1' }),
      stop_early: z.boolean({ error: 'true or false: stop sending a candidate once the decision on it is known' }),
    },
    { error: 'a mapping of gate settings' },
  )
  .partial();

/**
 * A model pinned uses to judge or embed: `judge: gpt-4.1` names a target (its endpoint settings
 * are reused), or a mapping describes an endpoint in place.
 */
const helperModel = (what: string, extra: Record<string, z.ZodType> = {}) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? { target: value } : value),
    z
      .strictObject(
        { target: text('a target name'), model: text(), ...endpointFields, concurrency: intAtLeast(1), ...extra },
        { error: `${what}: a target name, or a mapping with model, base_url, api_key_env...` },
      )
      .partial(),
  );

export const suiteSchema = z.strictObject(
  {
    name: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }),
    description: text().optional(),
    baseline: text('a target name'),
    candidates: stringList('a list of target names'),
    targets: z.record(z.string(), targetSchema, { error: 'a mapping of target names to settings' }),
    defaults: defaultsSchema.optional(),
    cases: z.array(caseEntrySchema, { error: 'a list of cases' }),
    gate: gateSchema.optional(),
    judge: helperModel('the judge model').optional(),
    embeddings: helperModel('the embeddings model', { min_cosine: fraction }).optional(),
    allow_outside_modules: z.boolean({ error: 'true or false' }).optional(),
  },
  { error: 'a mapping with name, baseline, candidates, targets and cases' },
);

export type WrittenSuite = z.infer<typeof suiteSchema>;
export type WrittenTarget = z.infer<typeof targetSchema>;
export type WrittenDefaults = z.infer<typeof defaultsSchema>;
export type WrittenCase = z.infer<typeof caseSchema>;
export type WrittenCaseEntry = z.infer<typeof caseEntrySchema>;
export type WrittenMessage = z.infer<typeof messageSchema>;
export type WrittenTurn = z.infer<typeof turnSchema>;
export type WrittenCompare = z.infer<typeof compareSchema>;
export type WrittenAssertion = z.infer<typeof assertionSchema>;
export type WrittenGate = z.infer<typeof gateSchema>;
export type WrittenHelperModel = z.infer<ReturnType<typeof helperModel>> & { min_cosine?: number };
