import { z } from 'zod';
import { assertionSchema, compareSchema, COMPARE_KINDS, suiteSchema } from './schema.js';

/** Where editors fetch the schema from (`# yaml-language-server: $schema=...` in a suite). */
export const SUITE_SCHEMA_URL = 'https://raw.githubusercontent.com/pinned-dev/pinned/main/schema/suite.schema.json';

type JsonSchema = Record<string, unknown>;

/**
 * The suite format as JSON Schema, generated from the zod schema the loader uses, for editors
 * (completion, hover, checks while typing). Shorthands the loader accepts through z.preprocess
 * (`compare: json`, `- is-json`, `judge: gpt-4.1`) are added back here: the converter only sees
 * what the preprocess produces. Checks that need the whole suite (target names, files, vars,
 * regexes) stay with the loader: `pinned validate` is the full check.
 */
export function suiteJsonSchema(): JsonSchema {
  const helpers = new Set<unknown>([unwrap(suiteSchema.shape.judge), unwrap(suiteSchema.shape.embeddings)]);
  const generated = z.toJSONSchema(suiteSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const schema = jsonSchema as JsonSchema;
      if (zodSchema === compareSchema) alternatives(schema, { type: 'string', enum: [...COMPARE_KINDS] });
      else if (zodSchema === assertionSchema) {
        Object.assign(schema, { minProperties: 1, maxProperties: 1 });
        alternatives(schema, { const: 'is-json' });
      } else if (helpers.has(zodSchema)) alternatives(schema, { type: 'string', description: 'the name of a target' });
      // A label comparison needs a way to find the label.
      const kind = (schema.properties as Record<string, JsonSchema> | undefined)?.kind;
      if (kind?.const === 'label') schema.anyOf = ['extract', 'labels'].map((key) => ({ properties: { [key]: {} }, required: [key] }));
    },
  });
  return {
    $schema: generated.$schema,
    $id: SUITE_SCHEMA_URL,
    title: 'pinned suite',
    description:
      "A pinned suite: targets (the pinned baseline and its candidates), defaults and cases. Generated from the loader's schema (src/suite/schema.ts); `pinned validate` checks the rest.",
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
}

/** Turns `schema` in place into "either `extra` or what it was". */
function alternatives(schema: JsonSchema, extra: JsonSchema): void {
  const original = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [extra, original];
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}
