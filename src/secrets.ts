// A second line of defence: callers strip secrets from target configs before storing them,
// and this makes sure a key that slipped through (a header, a param) never reaches the file.

export const REDACTED = '[redacted]';

// Names that end like a secret but hold none: an env var's name, a cache routing label.
const NOT_SECRET = new Set(['api_key_env', 'prompt_cache_key']);

const SECRET_WORDS = ['authorization', 'secret', 'password', 'passwd', 'credential', 'cookie', 'apikey'];

export function redactSecrets<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSecretName(key) ? REDACTED : redactValue(inner)]));
  }
  // A credential under an innocent name still announces itself by its scheme.
  if (typeof value === 'string' && /^(bearer|basic)\s+\S/i.test(value)) return REDACTED;
  return value;
}

/** `X-Api-Key`, `apiKey`, `access_token`, `client_secret`: yes. `max_tokens`, `apiKeyEnv`: no. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || NOT_SECRET.has(words.join('_'))) return false;
  if (words.at(-1) === 'key') return true;
  const joined = words.join('');
  if (SECRET_WORDS.some((word) => joined.includes(word)) && !joined.endsWith('apikeyenv')) return true;
  // "token" is a secret, "tokens" is a count (max_tokens, max_completion_tokens).
  return words.some((word) => word.includes('token') && !word.endsWith('tokens'));
}
