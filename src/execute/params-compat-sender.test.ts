import { describe, expect, it } from 'vitest';
import type { ParamRewrite } from '../domain/params-compat.js';
import type { ChatRequest, Job } from '../plan/types.js';
import { chatJob } from './execute.test-helpers.js';
import { withParamsCompat } from './params-compat-sender.js';
import type { AttemptResult, Sender } from './types.js';

/** A provider that rejects the named params in OpenAI's shape, and records every body it got. */
function rejecting(params: Record<string, 'unsupported_parameter' | 'unsupported_value' | 'other'>) {
  const bodies: Array<Record<string, unknown>> = [];
  const sender: Sender = {
    async send(job: Job): Promise<AttemptResult> {
      const body = (job.request as ChatRequest).body;
      bodies.push(body);
      const rejected = Object.keys(params).find((param) => param in body);
      if (!rejected)
        return {
          ok: true,
          output: 'fine',
          finishReason: 'stop',
          model: body.model,
          systemFingerprint: null,
          usage: null,
          latencyMs: 1,
          source: 'api',
        };
      const code = params[rejected] === 'other' ? 'invalid_value' : params[rejected]!;
      return {
        ok: false,
        kind: 'http',
        status: 400,
        code,
        param: rejected,
        message: `Unsupported parameter: '${rejected}'`,
        retryable: false,
        latencyMs: 1,
      };
    },
  };
  return { sender, bodies };
}

const signal = new AbortController().signal;

describe('withParamsCompat', () => {
  it('auto: learns a rejected param once, even from requests in flight together, and asks for a resend', async () => {
    const provider = rejecting({ max_tokens: 'unsupported_parameter' });
    const rewrites: ParamRewrite[] = [];
    const sender = withParamsCompat(provider.sender, { target: 't', mode: 'auto', onRewrite: (r) => rewrites.push(r) });
    const job = chatJob('a', 'house', { max_tokens: 9 });
    const [first, second] = await Promise.all([sender.send(job, signal), sender.send(chatJob('b', 'house', { max_tokens: 9 }), signal)]);
    expect(first).toMatchObject({ ok: false, resend: true });
    expect(second).toMatchObject({ ok: false, resend: true });
    expect(rewrites).toEqual([
      {
        param: 'max_tokens',
        action: 'renamed',
        to: 'max_completion_tokens',
        reason: 'the provider rejected it: 400 unsupported_parameter',
      },
    ]);
    const again = await sender.send(job, signal);
    expect(again).toMatchObject({ ok: true, request: { body: { max_completion_tokens: 9 } } });
    expect(provider.bodies.at(-1)).not.toHaveProperty('max_tokens');
  });

  it('stops the target on a param it cannot rewrite, and leaves other 400s alone', async () => {
    const provider = rejecting({ tools: 'unsupported_parameter', seed: 'other' });
    const auto = withParamsCompat(provider.sender, { target: 't', mode: 'auto' });
    expect(await auto.send(chatJob('a', 'm', { tools: [] }), signal)).toMatchObject({
      stopsTarget: true,
      message: "Unsupported parameter: 'tools' (target 't' stopped: pinned cannot rewrite 'tools': remove it from the target's params)",
    });
    const plain = await auto.send(chatJob('b', 'm', { seed: 1 }), signal);
    expect(plain).toMatchObject({ ok: false, code: 'invalid_value' });
    expect(plain).not.toHaveProperty('stopsTarget');
    const strict = withParamsCompat(rejecting({ temperature: 'unsupported_value' }).sender, { target: 's', mode: 'strict' });
    expect(await strict.send(chatJob('c', 'm', { temperature: 0 }), signal)).toMatchObject({
      stopsTarget: true,
      message: expect.stringContaining(
        "set params_compat: auto on target 's' to have pinned rewrite it, or remove 'temperature' in its params",
      ),
    });
  });
});
