import { ConfigError, UsageError } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import type { Suite, Target } from '../suite/types.js';
import type { RunTargetRow, TargetRole } from '../store/types.js';
import { REDACTED, isSecretName } from '../secrets.js';
import { priceOf } from '../plan/estimate.js';
import { PRICE_TABLE_DATE } from '../plan/model-table.js';

/**
 * The targets a run takes part with, baseline first. `--only` takes `baseline`, `candidates`
 * or target names, repeated or comma-separated.
 */
export function selectTargets(suite: Suite, only: string[] | undefined): string[] {
  const all = [suite.baseline, ...suite.candidates];
  if (!only || only.length === 0) return all;
  const wanted = new Set<string>();
  for (const word of only.flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean)) {
    if (word === 'baseline') wanted.add(suite.baseline);
    else if (word === 'candidates') suite.candidates.forEach((name) => wanted.add(name));
    else if (suite.targets[word]) wanted.add(word);
    else
      throw new UsageError(
        `--only ${word}: the suite has no target '${word}'`,
        `use baseline, candidates, or one of: ${Object.keys(suite.targets).join(', ')}`,
      );
  }
  // Keep the suite's order (baseline first) whatever order the flag used.
  return [...all.filter((name) => wanted.has(name)), ...[...wanted].filter((name) => !all.includes(name))];
}

export function roleOf(suite: Suite, name: string): TargetRole {
  if (name === suite.baseline) return 'baseline';
  return suite.candidates.includes(name) ? 'candidate' : 'other';
}

/** What the database keeps of a target: everything that shaped its requests, never a key. */
export function targetRow(suite: Suite, target: Target, recordingHash?: string): RunTargetRow {
  const config: Record<string, unknown> =
    target.kind === 'replay'
      ? { replay: displayPath(target.file), sha256: recordingHash ?? null }
      : {
          model: target.model,
          base_url: target.baseUrl,
          api_key_env: target.apiKeyEnv,
          params: target.params,
          headers: target.headers,
          ...(target.organization ? { organization: target.organization } : {}),
          ...(target.project ? { project: target.project } : {}),
          timeout_ms: target.timeoutMs,
          max_retries: target.maxRetries,
          // Kept with the run so a report made later prices it as the run did, whatever the table says then.
          price: storedPrice(suite, target.name),
          ...(target.paramsCompat && { params_compat: target.paramsCompat }),
          ...(target.rpm !== undefined && { rpm: target.rpm }),
          ...(target.tpm !== undefined && { tpm: target.tpm }),
        };
  config.concurrency = target.concurrency;
  if (target.samples !== undefined) config.samples = target.samples;
  return { name: target.name, role: roleOf(suite, target.name), kind: target.kind, config };
}

function storedPrice(suite: Suite, name: string): Record<string, unknown> | null {
  const price = priceOf(suite, name);
  if (!price) return null;
  return { input: price.input, output: price.output, source: price.source, ...(price.source === 'table' && { table_date: PRICE_TABLE_DATE }) };
}

/**
 * Everything the named targets need from the environment, checked together so a user fixes
 * all of it in one go, before any request is sent.
 */
export function checkEnvironment(suite: Suite, names: string[], env: Record<string, string | undefined>): void {
  const problems: string[] = [];
  for (const name of names) {
    const target = suite.targets[name]!;
    for (const variable of target.unresolved) {
      const where = [variable.loc.file, variable.loc.line, variable.loc.col].filter((part) => part !== undefined).join(':');
      problems.push(`${name}: \${${variable.name}} is not set (${where}); set it or write \${${variable.name}:-default}`);
    }
    if (target.kind === 'endpoint' && target.apiKeyEnv && !env[target.apiKeyEnv]) {
      problems.push(`${name}: the API key variable ${target.apiKeyEnv} is not set (api_key_env in the suite): export ${target.apiKeyEnv}=<key>, or write api_key_env: false if the endpoint needs none`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `cannot start: ${problems.length} setting${problems.length === 1 ? '' : 's'} missing from the environment; nothing was sent`,
      problems,
    );
  }
}

/**
 * The secret strings this suite can see: every key variable's value, and credential headers
 * after interpolation. Short values are left out so ordinary words are never scrubbed.
 */
export function secretValues(suite: Suite, env: Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  for (const target of Object.values(suite.targets)) {
    if (target.kind !== 'endpoint') continue;
    const key = target.apiKeyEnv ? env[target.apiKeyEnv] : undefined;
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
