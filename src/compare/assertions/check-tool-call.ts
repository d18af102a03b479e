// `tool-call` and `no-tool-call`: assertions on the calls an output makes, not its text.
import type { ToolCall } from '../../domain/outcome.js';
import { compileSchema, describeSchemaError } from '../../suite/assertion-schema.js';
import { toolCallPath } from '../../suite/key-path.js';
import type { ToolCallMatch } from '../../suite/types.js';
import { describeCalls, parseCalls, type ParsedCall } from '../tool-calls/parse-calls.js';
import { diffJson, valueAt } from '../typed/json-paths.js';
import type { AssertionResult } from '../types.js';

/** Passes when one call satisfies everything the assertion gives: its name, each argument path's value, its schema. */
export function checkToolCall(match: ToolCallMatch, toolCalls: readonly ToolCall[]): AssertionResult {
  const calls = parseCalls(toolCalls);
  if (calls.length === 0) return { pass: false, reason: 'calls no tool' };
  const named = match.name === undefined ? calls : calls.filter((call) => call.name === match.name);
  if (named.length === 0) return { pass: false, reason: `calls ${describeCalls(calls)}, not ${match.name}` };
  let firstProblem: string | undefined;
  for (const call of named) {
    const problem = callProblem(call, match);
    if (problem === undefined) return { pass: true, reason: `calls ${call.display}` };
    firstProblem ??= problem;
  }
  return { pass: false, reason: firstProblem! };
}

export function checkNoToolCall(toolCalls: readonly ToolCall[]): AssertionResult {
  const calls = parseCalls(toolCalls);
  return calls.length === 0 ? { pass: true, reason: 'calls no tool' } : { pass: false, reason: `calls ${describeCalls(calls)}` };
}

function callProblem(call: ParsedCall, match: ToolCallMatch): string | undefined {
  if (match.arguments === undefined && match.schema === undefined) return undefined;
  if (!call.args.ok) return `${call.name}'s arguments are not valid JSON: ${call.args.error}`;
  const args = call.args.value;
  for (const [written, want] of Object.entries(match.arguments ?? {})) {
    const path = toolCallPath(written);
    if (!Array.isArray(path)) return `invalid argument path ${JSON.stringify(written)}: ${path.error}`;
    const actual = valueAt(args, path);
    if (diffJson(want, actual).length > 0) return `${call.name}'s ${written} is ${show(actual)}, not ${show(want)}`;
  }
  if (match.schema !== undefined) {
    const compiled = compileSchema(match.schema);
    if ('error' in compiled) return compiled.error;
    if (!compiled.validate(args)) {
      const errors = (compiled.validate.errors ?? []).map(describeSchemaError);
      return `${call.name}'s arguments do not match the JSON schema: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}`;
    }
  }
  return undefined;
}

function show(value: unknown): string {
  if (value === undefined || typeof value === 'symbol') return 'missing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 59)}…` : json;
}
