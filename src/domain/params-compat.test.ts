import { describe, expect, it } from 'vitest';
import { compatibleParams, isReasoningModel, rewriteParam } from './params-compat.js';

describe('params compatibility', () => {
  it('knows the reasoning models by name, with or without an aggregator prefix', () => {
    for (const model of ['o1', 'o1-mini', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'openai/o3', 'GPT-5-nano']) {
      expect(isReasoningModel(model), model).toBe(true);
    }
    for (const model of ['gpt-4-0314', 'gpt-4o', 'gpt-4.1', 'gpt-5-chat-latest', 'omni-moderation', 'claude-opus-4']) {
      expect(isReasoningModel(model), model).toBe(false);
    }
  });

  it('renames max_tokens and drops non-default sampling params for a reasoning model, nothing for others', () => {
    const params = { temperature: 0, top_p: 1, max_tokens: 400, seed: 7 };
    expect(compatibleParams('o3-mini', params)).toEqual({
      params: { top_p: 1, max_completion_tokens: 400, seed: 7 },
      rewrites: [
        { param: 'temperature', action: 'dropped', reason: 'o3-mini is a reasoning model' },
        { param: 'max_tokens', action: 'renamed', to: 'max_completion_tokens', reason: 'o3-mini is a reasoning model' },
      ],
    });
    expect(compatibleParams('gpt-4.1', params)).toEqual({ params, rewrites: [] });
  });

  it('rewrites one rejected param, keeping an explicit max_completion_tokens', () => {
    expect(rewriteParam({ max_tokens: 5, max_completion_tokens: 9 }, 'max_tokens', 'r')).toEqual({
      params: { max_completion_tokens: 9 },
      rewrite: { param: 'max_tokens', action: 'dropped', reason: 'r' },
    });
    expect(rewriteParam({ top_p: 1 }, 'top_p', 'r')?.params).toEqual({});
    expect(rewriteParam({ tools: [] }, 'tools', 'r')).toBeUndefined();
    expect(rewriteParam({}, 'temperature', 'r')).toBeUndefined();
  });
});
