// Checks an assertion when the suite loads, so a bad regex or schema is one error with
// file:line:col rather than a failure on every output.
import type { Assertion, ToolCallMatch } from './types.js';
import { toolCallPath } from './key-path.js';
import { showUserRegex, userRegexError } from './user-regex.js';
import { compileSchema } from './assertion-schema.js';

/** The problem in words, or undefined. `javascript` is left to the loader, which resolves the file. */
export function validateAssertion(assertion: Assertion): string | undefined {
  switch (assertion.type) {
    case 'contains':
    case 'icontains':
    case 'not-contains':
    case 'starts-with':
      // Every output contains and starts with "", so the assertion could never fail.
      return assertion.value === '' ? `${assertion.type} needs a non-empty value` : undefined;
    case 'equals':
      return undefined;
    case 'regex': {
      const error = userRegexError(assertion.value);
      return error === undefined ? undefined : `invalid regex ${showUserRegex(assertion.value)}: ${error}`;
    }
    case 'json-schema': {
      const compiled = compileSchema(assertion.value);
      return 'error' in compiled ? compiled.error : undefined;
    }
    case 'min-length':
    case 'max-length':
      return Number.isInteger(assertion.value) && assertion.value >= 0
        ? undefined
        : `${assertion.type} needs a whole number of at least 0, got ${assertion.value}`;
    case 'one-of':
      return assertion.value.length === 0 ? 'one-of needs at least one value' : undefined;
    case 'is-json':
    case 'javascript':
    case 'no-tool-call':
      return undefined;
    case 'tool-call':
      return toolCallProblem(assertion.value);
  }
}

function toolCallProblem(match: ToolCallMatch): string | undefined {
  if (match.name !== undefined && match.name.trim() === '') return 'tool-call: name is empty';
  for (const written of Object.keys(match.arguments ?? {})) {
    const path = toolCallPath(written);
    if (!Array.isArray(path)) return `tool-call: arguments: ${path.error}`;
  }
  if (match.schema !== undefined) {
    const compiled = compileSchema(match.schema);
    if ('error' in compiled) return `tool-call: schema: ${compiled.error}`;
  }
  return undefined;
}
