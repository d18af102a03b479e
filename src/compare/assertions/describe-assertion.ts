// Short names for assertions in reports: `icontains "[Yes]"`, `json-schema`, `max-length 400`.
import type { Assertion } from '../../suite/types.js';
import { showUserRegex } from '../../suite/user-regex.js';

export function describeAssertion(assertion: Assertion): string {
  switch (assertion.type) {
    case 'contains':
    case 'icontains':
    case 'not-contains':
    case 'equals':
    case 'starts-with':
      return `${assertion.type} ${quote(assertion.value)}`;
    case 'regex':
      return `regex ${showUserRegex(assertion.value)}`;
    case 'is-json':
      return 'is-json';
    case 'json-schema':
      return typeof assertion.value.title === 'string' ? `json-schema ${quote(assertion.value.title)}` : 'json-schema';
    case 'min-length':
    case 'max-length':
      return `${assertion.type} ${assertion.value}`;
    case 'one-of':
      return `one-of ${quoteList(assertion.value)}`;
    case 'javascript':
      return `javascript ${assertion.value}`;
    case 'no-tool-call':
      return 'no-tool-call';
    case 'tool-call': {
      const { name, arguments: args, schema } = assertion.value;
      const parts = [
        ...(args ? Object.entries(args).map(([path, value]) => `${path}=${JSON.stringify(value)}`) : []),
        ...(schema ? ['json-schema'] : []),
      ];
      const shown = parts.join(', ');
      return `tool-call ${name ?? '(any)'}${parts.length ? ` (${shown.length > 80 ? `${shown.slice(0, 79)}…` : shown})` : ''}`;
    }
  }
}

/** A value as JSON, so spaces and line breaks are visible: "refund", "\n\nAnswer:"; cut at `limit` characters. */
export function quote(value: string, limit = 60): string {
  return JSON.stringify(value.length > limit ? `${value.slice(0, limit - 1)}…` : value);
}

export function quoteList(values: string[], shown = 5): string {
  const listed = values
    .slice(0, shown)
    .map((value) => quote(value))
    .join(', ');
  return values.length > shown ? `${listed} and ${values.length - shown} more` : listed;
}
