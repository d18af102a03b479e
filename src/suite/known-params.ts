import type { SuiteIssue } from '../errors.js';
import { closestMatch } from './did-you-mean.js';
import { pathText } from './zod-issues.js';
import type { Locator, YamlPath } from './yaml-document.js';

/** Chat-completions parameters that mean the same for every model. */
const KNOWN_PARAMS = [
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'functions',
  'function_call',
  'user',
  'reasoning_effort',
  'verbosity',
  'service_tier',
  'store',
  'metadata',
  'prediction',
  'modalities',
  'audio',
  'stream_options',
  'web_search_options',
] as const;

/**
 * Warnings, not errors: providers add their own parameters, and pinned never changes params,
 * but a typo like `temprature` silently changes what is being compared.
 */
export function unknownParamWarnings(params: Record<string, unknown>, path: YamlPath, locator: Locator): SuiteIssue[] {
  return Object.keys(params)
    .filter((key) => !(KNOWN_PARAMS as readonly string[]).includes(key))
    .map((key) => {
      const match = closestMatch(key, KNOWN_PARAMS);
      return {
        ...locator.keyAt([...path, key]),
        message: `${pathText(path)}: '${key}' is not a chat-completions parameter pinned knows; it is sent as written`,
        ...(match && { hint: `did you mean '${match}'?` }),
      };
    });
}
