import type { z } from 'zod';
import type { SuiteIssue } from '../errors.js';
import {
  caseEntrySchema,
  defaultsSchema,
  suiteSchema,
  targetSchema,
  type WrittenCaseEntry,
  type WrittenGate,
  type WrittenHelperModel,
  type WrittenDefaults,
  type WrittenTarget,
} from './schema.js';
import type { YamlFile } from './yaml-document.js';
import { validate } from './zod-issues.js';

/** The parts of the suite that passed the schema, so later checks can still report their own problems. */
export interface CheckedSuite {
  name?: string;
  description?: string;
  baseline?: string;
  candidates?: string[];
  /** Every target name written, valid or not: references to an invalid target are not "unknown". */
  targetNames: string[];
  targets: Record<string, WrittenTarget>;
  defaults: WrittenDefaults;
  /** Position for position; undefined where the entry failed the schema. */
  cases: (WrittenCaseEntry | undefined)[];
  gate?: WrittenGate;
  judge?: WrittenHelperModel;
  embeddings?: WrittenHelperModel;
  allow_outside_modules?: boolean;
}

/**
 * Validates the whole document once (every schema problem, located), then keeps each part
 * that is valid on its own: a wrong type in one target must not hide a bad baseline name or
 * a missing var in a case.
 */
export function checkSchema(doc: YamlFile): { suite: CheckedSuite; issues: SuiteIssue[] } {
  const { issues } = validate(suiteSchema, doc.value, doc);
  const raw = asRecord(doc.value);
  const targets = asRecord(raw.targets);
  const shape = suiteSchema.shape;
  const suite: CheckedSuite = {
    name: valid(shape.name, raw.name),
    description: valid(shape.description, raw.description),
    baseline: valid(shape.baseline, raw.baseline),
    candidates: valid(shape.candidates, raw.candidates),
    targetNames: Object.keys(targets),
    targets: Object.fromEntries(
      Object.entries(targets).flatMap(([name, value]) => {
        const target = salvage(targetSchema, value, ['model', 'replay']);
        return target ? [[name, target]] : [];
      }),
    ),
    gate: valid(shape.gate, raw.gate),
    judge: valid(shape.judge, raw.judge),
    embeddings: valid(shape.embeddings, raw.embeddings),
    allow_outside_modules: valid(shape.allow_outside_modules, raw.allow_outside_modules),
    defaults: salvage(defaultsSchema, raw.defaults, [], { unknownKeys: 'skip' }) ?? {},
    cases: Array.isArray(raw.cases)
      ? raw.cases.map((entry: unknown) => salvage(caseEntrySchema, entry, ['id', 'prompt', 'messages', 'vars', 'file']))
      : [],
  };
  return { suite, issues };
}

function valid<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/**
 * The fields of an object that are valid on their own, so one bad value does not hide the
 * checks that come later. Gives up (undefined) when later checks would only mislead: an
 * unknown key (a misspelt `promt` would read as "no prompt") or an invalid `essential` field.
 * In defaults an unknown key misleads nothing, so it is skipped.
 */
function salvage<T extends z.ZodObject>(
  schema: T,
  value: unknown,
  essential: string[],
  options: { unknownKeys: 'give-up' | 'skip' } = { unknownKeys: 'give-up' },
): z.infer<T> | undefined {
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = schema.shape[key] as z.ZodType | undefined;
    const parsed = fieldSchema?.safeParse(field);
    if (!parsed?.success) {
      if (fieldSchema ? essential.includes(key) : options.unknownKeys === 'give-up') return undefined;
      continue;
    }
    if (parsed.data !== undefined) fields[key] = parsed.data;
  }
  return fields as z.infer<T>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
