// JSON Schema validation with ajv. The same assertion runs on thousands of outputs, so each
// schema is compiled once: cached by object (the loader hands the same object to every run of a
// case) and by its JSON (an identical schema written in two cases).
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { schemaFormats } from './schema-formats.js';

export type CompiledSchema = { validate: ValidateFunction } | { error: string };

const options: Options = {
  allErrors: true, // a reason lists the first few problems, not only the first
  strictTypes: false,
  strictTuples: false, // strictSchema stays on: a typo like "requried" is reported at load time
  addUsedSchema: false, // two schemas with the same $id must not collide in the shared instance
  logger: false,
  formats: schemaFormats,
};

// The draft is chosen by $schema, as users copy schemas from generators that write 2020-12.
const instances: { draft7?: Ajv; draft2019?: Ajv2019; draft2020?: Ajv2020 } = {};
const byObject = new WeakMap<object, CompiledSchema>();
const byJson = new Map<string, CompiledSchema>();
let compilations = 0;

export function compileSchema(schema: Record<string, unknown>): CompiledSchema {
  const known = byObject.get(schema);
  if (known) return known;
  const json = JSON.stringify(schema);
  const compiled = byJson.get(json) ?? compile(schema);
  byJson.set(json, compiled);
  byObject.set(schema, compiled);
  return compiled;
}

/** How many schemas were compiled since start: lets tests see the cache work without timing. */
export function schemaCompilations(): number {
  return compilations;
}

function compile(schema: Record<string, unknown>): CompiledSchema {
  compilations += 1;
  try {
    return { validate: ajvFor(schema).compile(schema) };
  } catch (error) {
    const message = (error as Error).message;
    const hint = /^unknown format/u.test(message) ? ` (supported formats: ${Object.keys(schemaFormats).join(', ')})` : '';
    return { error: `invalid JSON Schema: ${message}${hint}` };
  }
}

function ajvFor(schema: Record<string, unknown>): Ajv | Ajv2019 | Ajv2020 {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (draft.includes('2020-12')) return (instances.draft2020 ??= new Ajv2020(options));
  if (draft.includes('2019-09')) return (instances.draft2019 ??= new Ajv2019(options));
  return (instances.draft7 ??= new Ajv(options));
}

/** "/quantity must be integer", "(root) must have required property 'sku'". */
export function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  if (error.keyword === 'additionalProperties')
    return `${where} must not have the extra property "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ');
    return `${where} must be one of ${allowed}`;
  }
  return `${where} ${error.message ?? `fails ${error.keyword}`}`;
}
