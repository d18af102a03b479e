import type { Case, Target } from '../suite/types.js';
import type { RequestSpec } from './types.js';
import { canonicalJson, sha256 } from './canonical.js';
import { compatibleParams, rewriteParam } from '../domain/params-compat.js';
import { responsesParams } from '../domain/responses-params.js';
import { responsesInput } from './responses-request.js';

/**
 * The request a target makes for a case. Params are spread exactly as the suite wrote them
 * (with `params_compat: auto`, as rewritten for a known reasoning model): pinned adds nothing
 * the user did not ask for, so the stored request is the one that was sent.
 */
export function buildRequest(testCase: Case, target: Target, recordingHash?: string, learned: string[] = []): RequestSpec {
  if (target.kind === 'replay') {
    if (!recordingHash) throw new Error(`recording of target '${target.name}' was not read before planning`);
    return { kind: 'replay', recording: recordingHash, caseId: testCase.id, messages: testCase.messages };
  }
  const params = targetParams(target, learned, testCase.params);
  // An Azure deployment is named in the body (and the path); `model` is what it is priced as.
  const model = target.azure?.deployment ?? target.model;
  const endpoint = requestEndpoint(target);
  const body = { model, messages: testCase.messages, ...params };
  if (testCase.turns) {
    const turns = testCase.turns.map((turn) => ({ user: turn.user, toolResults: turn.toolResults }));
    return { kind: 'conversation', ...(target.api === 'responses' && { api: 'responses' }), endpoint, body, turns };
  }
  if (target.api === 'responses') {
    return { kind: 'responses', endpoint, body: { model, input: responsesInput(testCase.messages), ...params } };
  }
  return { kind: 'chat', endpoint, body };
}

/**
 * Where a target's requests go, as the cache key names it: the base URL, or for an Azure
 * deployment the deployment and api-version too (two deployments behind one resource answer
 * differently). Never sent: the senders build the URL.
 */
export function requestEndpoint(target: Extract<Target, { kind: 'endpoint' }>): string {
  if (!target.azure) return target.baseUrl;
  const [resource, query] = target.baseUrl.split('?', 2) as [string, string | undefined];
  const version = `api-version=${encodeURIComponent(target.azure.apiVersion)}`;
  return `${resource.replace(/\/+$/u, '')}/openai/deployments/${encodeURIComponent(target.azure.deployment)}?${query ? `${query}&` : ''}${version}`;
}

export function hashRequest(request: RequestSpec): string {
  return sha256(canonicalJson(request));
}

/**
 * The params a target sends for a case before this run's provider answered: with params_compat: auto, as
 * rewritten for a known reasoning model and for the params (`learned`) the same model and
 * endpoint rejected in earlier runs, so their stored outputs are found again by request hash.
 */
export function targetParams(
  target: Extract<Target, { kind: 'endpoint' }>,
  learned: string[] = [],
  caseParams?: Record<string, unknown>,
): Record<string, unknown> {
  // The case's own params (its tools, tool_choice...) go over the target's.
  const merged = caseParams ? { ...target.params, ...caseParams } : target.params;
  // A Responses API target's params in that API's terms (tools always; the rest under auto).
  const written = target.api === 'responses' ? responsesParams(merged, target.paramsCompat ?? 'strict').params : merged;
  if (target.paramsCompat !== 'auto') return written;
  let { params } = compatibleParams(target.model, written);
  for (const param of learned) params = rewriteParam(params, param, '')?.params ?? params;
  return params;
}
