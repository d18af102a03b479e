import { ConfigError } from '../errors.js';
import type { EndpointTarget } from './types.js';

type Env = Record<string, string | undefined>;

/** The key an endpoint is called with: the value of its `api_key_env` variable (none when it needs none). */
export function apiKeyOf(endpoint: Pick<EndpointTarget, 'apiKeyEnv'>, env: Env): string | undefined {
  return endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv] || undefined : undefined;
}

/**
 * What the given endpoints (targets, the judge, the embeddings model) lack from the environment,
 * one line each in the same words wherever it is checked: a `${VAR}` without a value, an unset key.
 */
export function missingFromEnvironment(
  endpoints: Array<Pick<EndpointTarget, 'name' | 'unresolved'> & Partial<Pick<EndpointTarget, 'apiKeyEnv'>>>,
  env: Env,
): string[] {
  const problems: string[] = [];
  for (const endpoint of endpoints) {
    for (const variable of endpoint.unresolved) {
      const where = [variable.loc.file, variable.loc.line, variable.loc.col].filter((part) => part !== undefined).join(':');
      problems.push(`${endpoint.name}: \${${variable.name}} is not set (${where}); set it or write \${${variable.name}:-default}`);
    }
    if (endpoint.apiKeyEnv && !apiKeyOf({ apiKeyEnv: endpoint.apiKeyEnv }, env)) {
      problems.push(
        `${endpoint.name}: the API key variable ${endpoint.apiKeyEnv} is not set (api_key_env in the suite): export ${endpoint.apiKeyEnv}=<key>, or write api_key_env: false if the endpoint needs none`,
      );
    }
  }
  return problems;
}

/** Stops before anything is sent when an endpoint lacks a setting, listing all of them at once. */
export function requireEnvironment(endpoints: Parameters<typeof missingFromEnvironment>[0], env: Env, what: string): void {
  const problems = missingFromEnvironment(endpoints, env);
  if (problems.length > 0) {
    throw new ConfigError(
      `${what}: ${problems.length} setting${problems.length === 1 ? '' : 's'} missing from the environment; nothing was sent`,
      problems,
    );
  }
}

/** What an endpoint sends: its base URL, headers, organization and project with every `${VAR}` expanded. Senders only. */
export function wireOf(endpoint: EndpointTarget): Required<EndpointTarget>['wire'] {
  return (
    endpoint.wire ?? {
      baseUrl: endpoint.baseUrl,
      headers: endpoint.headers,
      ...(endpoint.organization !== undefined && { organization: endpoint.organization }),
      ...(endpoint.project !== undefined && { project: endpoint.project }),
    }
  );
}
