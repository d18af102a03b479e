import { apiKeyOf, wireOf } from './api-key.js';
import { REDACTED, isSecretName } from '../secrets.js';
import type { Suite } from './types.js';

/**
 * The secret strings this suite can see: every key variable's value, every value an endpoint took
 * from the environment (base_url, headers, organization, project), and credential headers after
 * interpolation. Short values are left out so ordinary words are never scrubbed.
 */
export function secretValues(suite: Suite, env: Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  const endpoints = [...Object.values(suite.targets), suite.judge, suite.embeddings].filter((target) => target?.kind === 'endpoint');
  for (const target of endpoints) {
    const key = apiKeyOf(target, env);
    if (key) values.add(key);
    // The model's name is what it is asked as, not a credential (and outputs name it).
    for (const { variable, use } of target.reads ?? []) {
      const value = use === 'model' ? undefined : env[variable];
      if (value) values.add(value);
      // A URL from the environment: its credentials alone may be echoed too.
      if (value && use === 'base_url') for (const part of urlCredentials(value)) values.add(part);
    }
    for (const [header, value] of Object.entries(wireOf(target).headers)) {
      if (!isSecretName(header)) continue;
      values.add(value);
      const credential = value.replace(/^(bearer|basic)\s+/i, '');
      values.add(credential);
    }
  }
  return [...values].filter((value) => value.length >= 8);
}

/** The suite as the database keeps it: its source with any secret value that was pasted in scrubbed. */
export function withoutSecrets(suite: Suite, secrets: string[]): Suite {
  if (secrets.length === 0) return suite;
  const scrub = (text: string) => scrubSecrets(text, secrets);
  return {
    ...suite,
    source: {
      yaml: scrub(suite.source.yaml),
      files: Object.fromEntries(Object.entries(suite.source.files).map(([path, text]) => [path, scrub(text)])),
    },
  };
}

/** Text with every secret value replaced by [redacted], longest first so a secret inside another goes too. */
export function scrubSecrets(text: string, secrets: string[]): string {
  if (secrets.length === 0 || text === '') return text;
  return [...secrets].sort((a, b) => b.length - a.length).reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

function urlCredentials(url: string): string[] {
  if (!URL.canParse(url)) return [];
  const parsed = new URL(url);
  // A query value is taken for a credential by its name (token, key, ...) or its length (a signature),
  // so an api-version date echoed in an output is left alone.
  const query = [...parsed.searchParams].filter(([name, value]) => isSecretName(name) || value.length >= 16).map(([, value]) => value);
  const parts = [parsed.username, parsed.password, ...query].filter(Boolean);
  return [...parts, ...parts.map((part) => encodeURIComponent(part))];
}
