import { apiKeyOf } from './api-key.js';
import { REDACTED, isSecretName } from '../secrets.js';
import type { Suite } from './types.js';

/**
 * The secret strings this suite can see: every key variable's value, and credential headers
 * after interpolation. Short values are left out so ordinary words are never scrubbed.
 */
export function secretValues(suite: Suite, env: Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  for (const target of Object.values(suite.targets)) {
    if (target.kind !== 'endpoint') continue;
    const key = apiKeyOf(target, env);
    if (key) values.add(key);
    for (const [header, value] of Object.entries(target.headers)) {
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
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
  return {
    ...suite,
    source: {
      yaml: scrub(suite.source.yaml),
      files: Object.fromEntries(Object.entries(suite.source.files).map(([path, text]) => [path, scrub(text)])),
    },
  };
}
