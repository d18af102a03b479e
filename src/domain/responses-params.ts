// Chat Completions parameters in the Responses API's terms. A target with `api: responses` is
// written like any other (its params, a case's tools); what the Responses API names differently
// is translated here. The application's tools and tool_choice always take the Responses shape
// (the same definitions, laid out flat); other params are translated only under
// params_compat: auto, each change listed as a rewrite, and sent as written under strict.
import type { ParamRewrite } from './params-compat.js';

const RENAMED: Record<string, string> = {
  max_tokens: 'max_output_tokens',
  max_completion_tokens: 'max_output_tokens',
  reasoning_effort: 'reasoning.effort',
  verbosity: 'text.verbosity',
  response_format: 'text.format',
};

/** Chat Completions params the Responses API has no equivalent for. */
const UNSUPPORTED = new Set([
  'seed',
  'n',
  'stop',
  'logprobs',
  'top_logprobs',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'stream_options',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'functions',
  'function_call',
]);

const REASON = 'the Responses API';

export function responsesParams(
  params: Record<string, unknown>,
  mode: 'strict' | 'auto',
): { params: Record<string, unknown>; rewrites: ParamRewrite[] } {
  const result: Record<string, unknown> = {};
  const rewrites: ParamRewrite[] = [];
  for (const [param, value] of Object.entries(params)) {
    if (param === 'tools') result.tools = Array.isArray(value) ? value.map(flatTool) : value;
    else if (param === 'tool_choice') result.tool_choice = flatToolChoice(value);
    else if (mode === 'auto' && Object.hasOwn(RENAMED, param)) {
      const to = RENAMED[param]!;
      // max_completion_tokens is the explicit one: it wins over max_tokens.
      if (param === 'max_tokens' && params.max_completion_tokens !== undefined) {
        rewrites.push({ param, action: 'dropped', reason: `${REASON} takes max_completion_tokens as max_output_tokens` });
        continue;
      }
      setPath(result, to, param === 'response_format' ? textFormat(value) : value);
      rewrites.push({ param, action: 'renamed', to, reason: `${REASON} calls it ${to}` });
    } else if (mode === 'auto' && UNSUPPORTED.has(param)) {
      // n: 1 is what the Responses API always does; anything else it cannot.
      rewrites.push({ param, action: 'dropped', reason: `${REASON} has no ${param}` });
    } else result[param] = value;
  }
  return { params: result, rewrites };
}

/** `{ type: function, function: { name, parameters } }` -> `{ type: function, name, parameters }`. */
function flatTool(tool: unknown): unknown {
  if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) return tool;
  return { type: 'function', ...tool.function };
}

function flatToolChoice(choice: unknown): unknown {
  if (!isObject(choice) || choice.type !== 'function' || !isObject(choice.function)) return choice;
  return { type: 'function', name: choice.function.name };
}

/** `{ type: json_schema, json_schema: { name, schema, strict } }` -> `{ type: json_schema, name, schema, strict }`. */
function textFormat(format: unknown): unknown {
  if (!isObject(format) || format.type !== 'json_schema' || !isObject(format.json_schema)) return format;
  return { type: 'json_schema', ...format.json_schema };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) {
    target[head] = value;
    return;
  }
  const inner = isObject(target[head]) ? (target[head] as Record<string, unknown>) : {};
  target[head] = { ...inner, [tail]: value };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
