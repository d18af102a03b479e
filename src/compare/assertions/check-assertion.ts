// Deterministic assertions on one output, with promptfoo's names and meanings (users know them).
// Reasons are short sentences a report reader understands without the suite open.
import type { AssertionResult } from '../types.js';
import type { ToolCall } from '../../domain/outcome.js';
import { checkNoToolCall, checkToolCall } from './check-tool-call.js';
import type { Assertion } from '../../suite/types.js';
import { surroundingFence } from '../typed/code-fences.js';
import { parseJson } from '../typed/json-error.js';
import { compileUserRegex, showUserRegex, type UserRegex } from '../../suite/user-regex.js';
import { quote, quoteList } from './describe-assertion.js';
import { compileSchema, describeSchemaError } from '../../suite/assertion-schema.js';

type Checked = Exclude<Assertion, { type: 'javascript' }>;

/** One assertion on one output: its text, and for tool-call assertions the calls it made. */
export function checkAssertion(assertion: Checked, output: string, toolCalls: readonly ToolCall[] = []): AssertionResult {
  switch (assertion.type) {
    case 'tool-call':
      return checkToolCall(assertion.value, toolCalls);
    case 'no-tool-call':
      return checkNoToolCall(toolCalls);
    case 'contains':
      return output.includes(assertion.value)
        ? pass(`contains ${quote(assertion.value)}`)
        : fail(`does not contain ${quote(assertion.value)}`);
    case 'icontains':
      return output.toLowerCase().includes(assertion.value.toLowerCase())
        ? pass(`contains ${quote(assertion.value)} (ignoring case)`)
        : fail(`does not contain ${quote(assertion.value)} (ignoring case)`);
    case 'not-contains':
      return output.includes(assertion.value)
        ? fail(`contains ${quote(assertion.value)}, which is not allowed`)
        : pass(`does not contain ${quote(assertion.value)}`);
    case 'regex':
      return checkRegex(assertion.value, output);
    case 'equals': {
      const actual = output.trim();
      return actual === assertion.value.trim()
        ? pass(`equals ${quote(assertion.value.trim())}`)
        : fail(`is ${quote(actual)}, not ${quote(assertion.value.trim())}`);
    }
    case 'starts-with': {
      const actual = output.trimStart();
      if (actual.startsWith(assertion.value)) return pass(`starts with ${quote(assertion.value)}`);
      const shown = Math.max(assertion.value.length, 20);
      const head = actual.length > shown ? `${actual.slice(0, shown)}…` : actual;
      return fail(`starts with ${quote(head)}, not ${quote(assertion.value)}`);
    }
    case 'is-json': {
      const parsed = parseOutputJson(output);
      return parsed.ok ? pass(`valid JSON${parsed.where}`) : fail(`not valid JSON: ${parsed.error}`);
    }
    case 'json-schema':
      return checkSchema(assertion.value, output);
    case 'min-length':
    case 'max-length':
      return checkLength(assertion.type, assertion.value, output);
    case 'one-of': {
      const actual = output.trim();
      if (assertion.value.includes(actual)) return pass(`is ${quote(actual)}, one of the ${assertion.value.length} allowed values`);
      return fail(`is ${quote(actual)}, not one of ${quoteList(assertion.value)}`);
    }
  }
}

function checkRegex(pattern: string, output: string): AssertionResult {
  let regex: UserRegex;
  try {
    regex = compileUserRegex(pattern);
  } catch (error) {
    return fail(`invalid regex ${showUserRegex(pattern)}: ${(error as Error).message}`);
  }
  const match = regex.exec(output);
  return match ? pass(`matches ${showUserRegex(pattern)} at ${quote(match[0], 40)}`) : fail(`does not match ${showUserRegex(pattern)}`);
}

/** A fence around the whole output is allowed, as in json comparisons; the reason says it was there. */
function parseOutputJson(output: string): { ok: true; value: unknown; where: string } | { ok: false; error: string } {
  const fence = surroundingFence(output);
  const text = fence ? fence.content : output;
  if (text.trim() === '') return { ok: false, error: fence ? 'empty code fence' : 'empty output' };
  const parsed = parseJson(text);
  return parsed.ok ? { ok: true, value: parsed.value, where: fence ? ' (inside a code fence)' : '' } : parsed;
}

function checkSchema(schema: Record<string, unknown>, output: string): AssertionResult {
  const compiled = compileSchema(schema);
  if ('error' in compiled) return fail(compiled.error);
  const parsed = parseOutputJson(output);
  if (!parsed.ok) return fail(`not valid JSON: ${parsed.error}`);
  if (compiled.validate(parsed.value)) return pass(`matches the JSON schema${parsed.where}`);
  const errors = (compiled.validate.errors ?? []).map(describeSchemaError);
  const shown = errors.slice(0, 3).join('; ');
  return fail(`does not match the JSON schema: ${shown}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}`);
}

/** Characters (code points) of the trimmed output: what a reader would count, emoji included. */
function checkLength(type: 'min-length' | 'max-length', limit: number, output: string): AssertionResult {
  const length = [...output.trim()].length;
  const counted = `${length} character${length === 1 ? '' : 's'}`;
  if (type === 'min-length')
    return length >= limit ? pass(`${counted}, at least ${limit}`) : fail(`${counted}, fewer than the ${limit} required`);
  return length <= limit ? pass(`${counted}, within the ${limit} allowed`) : fail(`${counted}, more than the ${limit} allowed`);
}

function pass(reason: string): AssertionResult {
  return { pass: true, reason };
}

function fail(reason: string): AssertionResult {
  return { pass: false, reason };
}
