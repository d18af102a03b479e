import { describe, expect, it } from 'vitest';
import { isSecretName, redactSecrets } from './secrets.js';

describe('redactSecrets', () => {
  it('recognises secret names and leaves look-alikes alone', () => {
    const secret = [
      'Authorization',
      'authorization',
      'api-key',
      'X-Api-Key',
      'api_key',
      'apiKey',
      'openai_api_key',
      'access_token',
      'refreshToken',
      'client_secret',
      'password',
      'Proxy-Authorization',
      'Cookie',
    ];
    const harmless = [
      'api_key_env',
      'apiKeyEnv',
      'max_tokens',
      'max_completion_tokens',
      'model',
      'baseUrl',
      'temperature',
      'prompt_cache_key',
      'keywords',
      'headers',
    ];
    expect(secret.filter((name) => !isSecretName(name))).toEqual([]);
    expect(harmless.filter(isSecretName)).toEqual([]);
  });

  it('redacts nested values and credentials under innocent names', () => {
    expect(
      redactSecrets({
        model: 'gpt-4-0314',
        apiKeyEnv: 'OPENAI_API_KEY',
        params: { max_tokens: 400 },
        headers: { Authorization: 'Bearer sk-abc', 'X-Custom': 'Bearer sk-def', 'X-Trace': 'yes' },
        list: [{ token: 't' }],
      }),
    ).toEqual({
      model: 'gpt-4-0314',
      apiKeyEnv: 'OPENAI_API_KEY',
      params: { max_tokens: 400 },
      headers: { Authorization: '[redacted]', 'X-Custom': '[redacted]', 'X-Trace': 'yes' },
      list: [{ token: '[redacted]' }],
    });
  });
});
