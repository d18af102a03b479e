import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SuiteIssue } from '../errors.js';
import type { EndpointTarget, EnvRead, ReplayTarget, Target, UnresolvedVar } from './types.js';
import type { WrittenDefaults, WrittenTarget } from './schema.js';
import { displayPath } from './display-path.js';
import { isInside, projectFolder, realPath } from './project-folder.js';
import { envPieces, interpolateEnv, shownText, shownUrl, variablesRead, type Env, type Piece } from './env-vars.js';
import { unknownParamWarnings } from './known-params.js';
import { compatibleParams } from '../domain/params-compat.js';
import { isSecretName } from '../secrets.js';
import { pathText } from './zod-issues.js';
import type { Locator, YamlPath } from './yaml-document.js';

export interface TargetsInput {
  /** Targets that passed the schema; the others were already reported. */
  targets: Record<string, WrittenTarget>;
  defaults: WrittenDefaults;
  locator: Locator;
  suiteDir: string;
  env: Env;
}

export interface ResolvedTargets {
  targets: Record<string, Target>;
  issues: SuiteIssue[];
  warnings: SuiteIssue[];
}

const REPLAY_KEYS = ['replay', 'samples', 'concurrency'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Fills target defaults, interpolates `${VAR}`, and checks model/replay and recording files. */
export async function resolveTargets(input: TargetsInput): Promise<ResolvedTargets> {
  const issues: SuiteIssue[] = [];
  const warnings = unknownParamWarnings(input.defaults.params ?? {}, ['defaults', 'params'], input.locator);
  const targets: Record<string, Target> = {};
  for (const [name, written] of Object.entries(input.targets)) {
    const path = ['targets', name];
    const loc = input.locator.keyAt(path);
    if (written.replay !== undefined) {
      for (const key of Object.keys(written).filter((k) => !REPLAY_KEYS.includes(k))) {
        issues.push({
          ...input.locator.keyAt([...path, key]),
          message: `${pathText(path)}: '${key}' does not apply to a replay target, which reads a recording and sends no requests`,
          hint: `remove '${key}', or remove 'replay' to call an endpoint instead`,
        });
      }
      const target = await replayTarget(name, written.replay, input, issues);
      targets[name] = { ...target, ...(written.samples !== undefined && { samples: written.samples }), loc };
    } else if (written.model === undefined) {
      issues.push({
        ...loc,
        message: `${pathText(path)}: missing 'model' (the model id to request) or 'replay' (a recording to read instead)`,
      });
    } else {
      const target = endpointTarget(name, path, { ...written, model: written.model }, input, issues, warnings);
      targets[name] = { ...target, loc };
      warnings.push(...unknownParamWarnings(written.params ?? {}, [...path, 'params'], input.locator));
      const rejected = target.paramsCompat === 'auto' ? [] : compatibleParams(target.model, target.params).rewrites;
      if (rejected.length > 0) {
        warnings.push({
          ...input.locator.keyAt(path),
          message: `${pathText(path)}: ${target.model} is a reasoning model and rejects ${rejected.map((r) => `'${r.param}'`).join(', ')}; with params_compat: strict the target stops at the first 400`,
          hint: 'set params_compat: auto to have pinned rewrite them, or use max_completion_tokens and leave sampling params at their defaults',
        });
      }
    }
  }
  return { targets, issues, warnings };
}

/** An endpoint with defaults filled in; `base` is where it is written (targets.x, or judge). */
export function endpointTarget(
  name: string,
  base: YamlPath,
  written: WrittenTarget & { model: string },
  input: TargetsInput,
  issues: SuiteIssue[],
  warnings: SuiteIssue[],
): Omit<EndpointTarget, 'loc'> {
  const { defaults, locator } = input;
  const unresolved: UnresolvedVar[] = [];
  // The written value and where it came from: the target itself, else defaults.
  const pick = <K extends keyof WrittenTarget & keyof WrittenDefaults>(key: K) =>
    written[key] !== undefined
      ? { value: written[key], path: [...base, key] as YamlPath }
      : { value: defaults[key], path: ['defaults', key] as YamlPath };
  const reads: EnvRead[] = [];
  // Interpolated, remembering which variables filled it and for what (validate lists them).
  const expand = (value: string, path: YamlPath, use: string): Piece[] => {
    const result = envPieces(value, input.env);
    for (const variable of result.unresolved) unresolved.push({ name: variable, loc: locator.at(path) });
    for (const variable of [...variablesRead(result.pieces), ...result.unresolved]) reads.push({ variable, use });
    // Unset here, it would still be read (and its value sent) where it is set, as in CI.
    for (const variable of result.defaulted) reads.push({ variable, use, defaulted: true });
    if (result.malformed) {
      issues.push({
        ...locator.at(path),
        message: `${pathText(path)}: expected \${NAME} or \${NAME:-default} after '\${'`,
        hint: 'write $${ for a literal ${',
      });
    }
    return result.pieces;
  };
  const interpolate = (value: string, path: YamlPath, use: string): string =>
    expand(value, path, use)
      .map((piece) => piece.text)
      .join('');
  // What is sent, and what may be stored and printed (values from the environment as ${VAR}).
  const wire: Required<EndpointTarget>['wire'] = { baseUrl: '', headers: {} };
  const optional = (key: 'organization' | 'project') => {
    const { value, path } = pick(key);
    if (value === undefined) return {};
    const pieces = expand(value, path, key);
    wire[key] = pieces.map((piece) => piece.text).join('');
    return { [key]: shownText(pieces) };
  };

  // Only when written (here or in defaults): an absent params_compat means strict.
  const limit = (key: 'params_compat' | 'rpm' | 'tpm') => {
    const { value } = pick(key);
    return value === undefined ? {} : { [key === 'params_compat' ? 'paramsCompat' : key]: value };
  };

  const baseUrl = pick('base_url');
  const before = unresolved.length + issues.length;
  const urlPieces = baseUrl.value === undefined ? [{ text: 'https://api.openai.com/v1' }] : expand(baseUrl.value, baseUrl.path, 'base_url');
  const url = urlPieces.map((piece) => piece.text).join('');
  wire.baseUrl = url;
  // A URL still holding ${VAR} is the run's problem (if the target is used), not the suite's.
  const checkable = unresolved.length + issues.length === before;
  if (checkable && !(/^https?:\/\/[^/]/.test(url) && URL.canParse(url))) {
    issues.push({ ...locator.at(baseUrl.path), message: `${pathText(baseUrl.path)}: expected an http(s) URL, got ${JSON.stringify(url)}` });
  }

  const keyEnv = pick('api_key_env');
  if (typeof keyEnv.value === 'string' && !ENV_NAME.test(keyEnv.value)) {
    // Never echo the value: a key pasted here by mistake must not end up in CI logs.
    issues.push({
      ...locator.at(keyEnv.path),
      message: `${pathText(keyEnv.path)}: expected the NAME of the environment variable that holds the key, e.g. OPENAI_API_KEY`,
      hint: 'the key itself never goes in the suite; export it and name the variable here',
    });
  }

  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries({ ...defaults.headers, ...written.headers })) {
    const source = written.headers?.[header] !== undefined ? [...base, 'headers'] : ['defaults', 'headers'];
    const pieces = expand(value, [...source, header], `header ${header}`);
    wire.headers[header] = pieces.map((piece) => piece.text).join('');
    headers[header] = shownText(pieces);
    if (isSecretName(header) && !value.includes('${')) {
      warnings.push({
        ...locator.at([...source, header]),
        message: `${pathText([...source, header])}: a credential written into the suite ends up in git and in every copy of the file`,
        hint: `export it and write \${VAR} instead, e.g. ${header}: "Bearer \${MY_TOKEN}"`,
      });
    }
  }

  const model = interpolate(written.model, [...base, 'model'], 'model');
  const apiKeyEnv = keyEnv.value === false ? null : (keyEnv.value ?? 'OPENAI_API_KEY');
  if (apiKeyEnv) reads.push({ variable: apiKeyEnv, use: 'API key' });
  const organization = optional('organization');
  const project = optional('project');
  return {
    kind: 'endpoint',
    name,
    model,
    baseUrl: shownUrl(urlPieces),
    apiKeyEnv,
    params: { ...defaults.params, ...written.params },
    headers,
    ...organization,
    ...project,
    concurrency: pick('concurrency').value ?? 4,
    timeoutMs: pick('timeout_ms').value ?? 60_000,
    maxRetries: pick('max_retries').value ?? 4,
    ...(pick('batch').value === true && { batch: true }),
    ...(pick('api').value === 'responses' && { api: 'responses' as const }),
    ...(written.azure && { azure: { deployment: written.azure.deployment ?? model, apiVersion: written.azure.api_version } }),
    ...limit('params_compat'),
    ...limit('rpm'),
    ...limit('tpm'),
    ...(written.samples !== undefined && { samples: written.samples }),
    ...(written.price !== undefined && { price: written.price }),
    wire,
    reads,
    unresolved: unresolved.sort((a, b) => (a.loc.line ?? 0) - (b.loc.line ?? 0) || (a.loc.col ?? 0) - (b.loc.col ?? 0)),
  };
}

async function replayTarget(name: string, replay: string, input: TargetsInput, issues: SuiteIssue[]): Promise<Omit<ReplayTarget, 'loc'>> {
  const path = ['targets', name, 'replay'];
  const loc = input.locator.at(path);
  const interpolated = interpolateEnv(replay, input.env);
  const file = resolve(input.suiteDir, interpolated.value);
  const unresolved = interpolated.unresolved.map((variable) => ({ name: variable, loc }));
  if (interpolated.malformed) {
    issues.push({
      ...loc,
      message: `${pathText(path)}: expected \${NAME} or \${NAME:-default} after '\${'`,
      hint: 'write $${ for a literal ${',
    });
  } else if (unresolved.length === 0) {
    // A recording is read and its rows reported: one outside the project (../../etc/passwd) is
    // refused before it is read, so no message can quote a file the suite has no business with.
    const project = projectFolder(input.suiteDir);
    const problem = isInside(project, realPath(file))
      ? await fileProblem(file)
      : `${displayPath(file)} is outside the project (${displayPath(project)}), and a recording must be inside it`;
    if (problem)
      issues.push({
        ...loc,
        message: problem.includes(' is outside the project')
          ? `${pathText(path)}: ${problem}`
          : `${pathText(path)}: ${problem}: ${displayPath(file)}`,
        hint: problem.includes(' is outside the project')
          ? 'copy the recording into the project'
          : 'the path is relative to the suite file',
      });
  }
  return {
    kind: 'replay',
    name,
    file,
    concurrency: input.targets[name]?.concurrency ?? 4,
    unresolved,
  };
}

async function fileProblem(file: string): Promise<string | undefined> {
  try {
    return (await stat(file)).isFile() ? undefined : 'expected a recording file, found a folder';
  } catch {
    return 'recording not found';
  }
}
