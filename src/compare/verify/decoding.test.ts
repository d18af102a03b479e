import { describe, expect, it } from 'vitest';
import { commonDecoding, decodingMismatches, describeMismatch } from './decoding.js';

describe('decodingMismatches', () => {
  it('is empty when the settings match, an absent setting meaning the API default', () => {
    expect(
      decodingMismatches(
        { temperature: 0.7, max_tokens: 4096, system: 'You are a helpful assistant.' },
        { temperature: 0.7, max_tokens: 4096, system: 'You are a helpful assistant.' },
      ),
    ).toEqual([]);
    expect(decodingMismatches({ temperature: 1, top_p: 1 }, {})).toEqual([]);
    expect(decodingMismatches({ system: null }, {})).toEqual([]);
  });

  it('names every setting that differs, with both values', () => {
    const mismatches = decodingMismatches(
      { temperature: 0.7, top_p: 1, max_tokens: 4096, system: 'You are a helpful assistant.' },
      { temperature: 0, top_p: 0.9, system: 'Be brief.' },
    );
    expect(mismatches).toEqual([
      { setting: 'temperature', reference: '0.7', request: '0' },
      { setting: 'top_p', reference: '1', request: '0.9' },
      { setting: 'max_tokens', reference: '4096', request: 'none' },
      { setting: 'system prompt', reference: '"You are a helpful assistant."', request: '"Be brief."' },
    ]);
    expect(describeMismatch(mismatches[0]!)).toBe('temperature: the reference was recorded with 0.7, the endpoint was asked with 0');
    expect(decodingMismatches({ temperature: 0.7 }, {})).toEqual([{ setting: 'temperature', reference: '0.7', request: 'default (1)' }]);
  });
});

describe('commonDecoding', () => {
  it('keeps what every row shares and names what rows disagree on', () => {
    // alpaca_eval's two gpt-4-0314 samples: the same temperature, different max_tokens.
    expect(
      commonDecoding([
        { temperature: 0.7, max_tokens: 4096, system: 'S' },
        { temperature: 0.7, max_tokens: 2048, system: 'S' },
      ]),
    ).toEqual({ settings: { temperature: 0.7, system: 'S' }, conflicts: ['max_tokens'] });
    expect(commonDecoding([])).toEqual({ settings: {}, conflicts: [] });
  });
});
