const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface Rendered {
  text: string;
  /** Placeholders with no value in vars, as written between the braces. */
  missing: string[];
  /** A `{{` that no `}}` closes (`{{name, how`): sent as written, which is rarely what was meant. */
  unclosed: string[];
}

/**
 * Replaces `{{name}}` and `{{ a.b.c }}` with values from vars: strings as they are, numbers and
 * booleans via String(), objects and arrays as JSON. null counts as missing: an empty YAML
 * value is almost always a forgotten one.
 */
export function renderTemplate(text: string, vars: Record<string, unknown>): Rendered {
  const missing: string[] = [];
  const rendered = text.replace(PLACEHOLDER, (match, path: string) => {
    const value = lookup(vars, path);
    if (value === undefined || value === null) {
      if (!missing.includes(path)) missing.push(path);
      return match;
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  });
  return { text: rendered, missing, unclosed: unclosedPlaceholders(text) };
}

function unclosedPlaceholders(text: string): string[] {
  const rest = text.replace(PLACEHOLDER, '');
  return [...rest.matchAll(/\{\{(?![^{]*\}\})\s*[^\s{}]*/g)].map((match) => match[0]);
}

function lookup(vars: Record<string, unknown>, path: string): unknown {
  // A whole key first, so a CSV column named "order.id" still works.
  if (Object.hasOwn(vars, path)) return vars[path];
  let value: unknown = vars;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
