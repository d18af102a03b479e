export type Env = Record<string, string | undefined>;

export interface Interpolated {
  value: string;
  /** Variables with no value and no default; their `${VAR}` text is left in place. */
  unresolved: string[];
  /** A `${` that is neither `${NAME}`, `${NAME:-default}` nor the `$${` escape. */
  malformed: boolean;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

/**
 * `${VAR}` and `${VAR:-default}` as in a shell: an empty variable counts as unset, because an
 * empty base URL or header is never what the author meant. `$${` is a literal `${`.
 */
export function interpolateEnv(text: string, env: Env): Interpolated {
  const unresolved: string[] = [];
  let malformed = false;
  const value = text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      malformed = true;
      return match;
    }
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    if (!unresolved.includes(name)) unresolved.push(name);
    return match;
  });
  return { value, unresolved, malformed };
}
