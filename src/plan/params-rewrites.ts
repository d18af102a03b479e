// params_compat: auto, decided before sending: what pinned rewrites up front for each target,
// from what it knows of the model and what the same model and endpoint rejected before.
import { compatibleParams, type ParamRewrite } from '../domain/params-compat.js';
import { responsesParams } from '../domain/responses-params.js';
import type { Suite } from '../suite/types.js';

/**
 * What params_compat: auto rewrites before sending, per target taking part: params of known
 * reasoning models, and the ones this model and endpoint rejected in earlier runs (`learned`).
 */
export function upFrontRewrites(
  suite: Suite,
  names: string[],
  learned: Record<string, ParamRewrite[]> = {},
): Record<string, ParamRewrite[]> {
  const rewrites: Record<string, ParamRewrite[]> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind !== 'endpoint' || target.paramsCompat !== 'auto') continue;
    const translated = target.api === 'responses' ? responsesParams(target.params, 'auto') : { params: target.params, rewrites: [] };
    const known = [...translated.rewrites, ...compatibleParams(target.model, translated.params).rewrites];
    const earlier = (learned[name] ?? []).filter(
      (rewrite) => Object.hasOwn(target.params, rewrite.param) && !known.some((k) => k.param === rewrite.param),
    );
    rewrites[name] = [...known, ...earlier];
  }
  return rewrites;
}

/** Params the provider rejected for each auto target's model and endpoint in earlier runs. */
export function learnedRewrites(
  suite: Suite,
  names: string[],
  rejectedBefore: (model: string, baseUrl: string) => ParamRewrite[],
): Record<string, ParamRewrite[]> {
  const learned: Record<string, ParamRewrite[]> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind === 'endpoint' && target.paramsCompat === 'auto') learned[name] = rejectedBefore(target.model, target.baseUrl);
  }
  return learned;
}
