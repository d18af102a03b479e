/** One change pinned made to a target's params so the model accepts them (params_compat: auto). */
export interface ParamRewrite {
  param: string;
  action: 'renamed' | 'dropped';
  /** The new name, for a rename. */
  to?: string;
  reason: string;
}

/** The rewrite in a few words, as every summary and report shows it: "max_tokens → max_completion_tokens". */
export function describeParamRewrite(rewrite: ParamRewrite): string {
  return rewrite.action === 'renamed' ? `${rewrite.param} → ${rewrite.to ?? '?'}` : `${rewrite.param} dropped`;
}

// Reasoning models (the o-series, the gpt-5 family) take max_completion_tokens instead of
// max_tokens and only the default sampling settings; gpt-5-chat models are not reasoning models.
const REASONING_MODEL = /^(o\d|gpt-5(?!.*-chat))/;

/** Sampling params reasoning models reject with a value other than the default. */
const SAMPLING_DEFAULTS: Record<string, unknown> = {
  temperature: 1,
  top_p: 1,
  presence_penalty: 0,
  frequency_penalty: 0,
  logprobs: false,
  top_logprobs: undefined,
  logit_bias: undefined,
};

/** Aggregators prefix the provider (`openai/o3-mini`); the model's own name is the last part. */
export function isReasoningModel(model: string): boolean {
  return REASONING_MODEL.test(model.slice(model.lastIndexOf('/') + 1).toLowerCase());
}

/** The params a known reasoning model accepts, and what was changed to get there. */
export function compatibleParams(
  model: string,
  params: Record<string, unknown>,
): { params: Record<string, unknown>; rewrites: ParamRewrite[] } {
  if (!isReasoningModel(model)) return { params, rewrites: [] };
  const reason = `${model} is a reasoning model`;
  let result = params;
  const rewrites: ParamRewrite[] = [];
  for (const param of Object.keys(params)) {
    const rewritten = rewriteParam(result, param, reason, { keepDefaults: true });
    if (!rewritten) continue;
    result = rewritten.params;
    rewrites.push(rewritten.rewrite);
  }
  return { params: result, rewrites };
}

/**
 * What to do about one param the model rejects: max_tokens becomes max_completion_tokens (kept
 * when both are set: the explicit one wins), a sampling param is dropped. Undefined when the
 * param is not one pinned knows how to rewrite, or is not in `params`.
 */
export function rewriteParam(
  params: Record<string, unknown>,
  param: string,
  reason: string,
  options: { keepDefaults?: boolean } = {},
): { params: Record<string, unknown>; rewrite: ParamRewrite } | undefined {
  if (!Object.hasOwn(params, param)) return undefined;
  const { [param]: value, ...rest } = params;
  if (param === 'max_tokens') {
    if (rest.max_completion_tokens !== undefined) return { params: rest, rewrite: { param, action: 'dropped', reason } };
    return {
      params: { ...rest, max_completion_tokens: value },
      rewrite: { param, action: 'renamed', to: 'max_completion_tokens', reason },
    };
  }
  if (!Object.hasOwn(SAMPLING_DEFAULTS, param)) return undefined;
  // Up front, a default value is left alone: the model accepts it and the request stays as written.
  if (options.keepDefaults && SAMPLING_DEFAULTS[param] !== undefined && value === SAMPLING_DEFAULTS[param]) return undefined;
  return { params: rest, rewrite: { param, action: 'dropped', reason } };
}
