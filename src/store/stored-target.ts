// The one form in which the database keeps an endpoint (a target of a run, the judge, the
// embeddings model): everything that shaped its requests, in the suite's own snake_case words,
// never a key. Queries read `$.model` and `$.base_url` of it.
import { PRICE_TABLE_DATE } from '../domain/model-table.js';
import { priceOf } from '../domain/prices.js';
import { displayPath } from '../suite/display-path.js';
import { interpolateEnv, type Env } from '../suite/env-vars.js';
import type { EndpointTarget, Suite, Target } from '../suite/types.js';
import type { RunTargetRow, TargetRole } from './types.js';

export function storedEndpoint(target: EndpointTarget): Record<string, unknown> {
  return {
    model: target.model,
    base_url: target.baseUrl,
    api_key_env: target.apiKeyEnv,
    params: target.params,
    headers: target.headers,
    ...(target.organization ? { organization: target.organization } : {}),
    ...(target.project ? { project: target.project } : {}),
    timeout_ms: target.timeoutMs,
    max_retries: target.maxRetries,
    ...(target.api && { api: target.api }),
    ...(target.azure && { azure: { deployment: target.azure.deployment, api_version: target.azure.apiVersion } }),
    ...(target.paramsCompat && { params_compat: target.paramsCompat }),
    ...(target.rpm !== undefined && { rpm: target.rpm }),
    ...(target.tpm !== undefined && { tpm: target.tpm }),
    concurrency: target.concurrency,
  };
}

/**
 * An endpoint back from its stored form, to call it again (the judge of a run whose suite file
 * changed). Judge and embeddings settings stored before this form was shared used camelCase.
 * Values the suite took from the environment were stored as `${VAR}`: they are taken from it again.
 */
export function endpointFromStored(name: string, stored: Record<string, unknown>, env: Env = {}): EndpointTarget {
  const read = (snake: string, camel: string) => stored[snake] ?? stored[camel];
  const expand = (text: string) => interpolateEnv(text, env).value;
  const baseUrl = String(read('base_url', 'baseUrl'));
  const headers = (stored.headers as Record<string, string> | undefined) ?? {};
  const organization = typeof stored.organization === 'string' ? stored.organization : undefined;
  const project = typeof stored.project === 'string' ? stored.project : undefined;
  return {
    kind: 'endpoint',
    name,
    model: String(stored.model),
    baseUrl,
    apiKeyEnv: (read('api_key_env', 'apiKeyEnv') as string | null | undefined) ?? null,
    params: (stored.params as Record<string, unknown> | undefined) ?? {},
    headers,
    ...(organization !== undefined && { organization }),
    ...(project !== undefined && { project }),
    wire: {
      baseUrl: expand(baseUrl),
      headers: Object.fromEntries(Object.entries(headers).map(([header, value]) => [header, expand(value)])),
      ...(organization !== undefined && { organization: expand(organization) }),
      ...(project !== undefined && { project: expand(project) }),
    },
    concurrency: Number(stored.concurrency),
    timeoutMs: Number(read('timeout_ms', 'timeoutMs')),
    maxRetries: Number(read('max_retries', 'maxRetries')),
    unresolved: [],
    loc: { file: '(suite)' },
  };
}

export function roleOf(suite: Suite, name: string): TargetRole {
  if (name === suite.baseline) return 'baseline';
  return suite.candidates.includes(name) ? 'candidate' : 'other';
}

/** A target of a run as the database keeps it, with the price the run used so a later report prices it the same. */
export function targetRow(suite: Suite, target: Target, recordingHash?: string): RunTargetRow {
  const config: Record<string, unknown> =
    target.kind === 'replay'
      ? { replay: displayPath(target.file), sha256: recordingHash ?? null, concurrency: target.concurrency }
      : { ...storedEndpoint(target), price: storedPrice(suite, target.name) };
  if (target.samples !== undefined) config.samples = target.samples;
  return { name: target.name, role: roleOf(suite, target.name), kind: target.kind, config };
}

function storedPrice(suite: Suite, name: string): Record<string, unknown> | null {
  const price = priceOf(suite, name);
  if (!price) return null;
  return {
    input: price.input,
    output: price.output,
    source: price.source,
    ...(price.source === 'table' && { table_date: PRICE_TABLE_DATE }),
  };
}
