import { describe, expect, it } from 'vitest';
import { referenceDecoding, verifyRequest, type RecordedSample, type ReferenceDecoding } from './reference-decoding.js';

const logged = (params: Record<string, unknown>, line: number, extra: Partial<RecordedSample> = {}): RecordedSample => ({
  params,
  finishReason: 'stop',
  tokens: () => 300,
  line,
  ...extra,
});
const caseRow = (line: number, extra: Partial<RecordedSample> = {}): RecordedSample => ({
  params: null,
  finishReason: null,
  tokens: () => 300,
  line,
  ...extra,
});

function ok(result: ReturnType<typeof referenceDecoding>): ReferenceDecoding {
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

describe('referenceDecoding: the settings a reference was recorded with', () => {
  it("reads them from the logged requests, an absent setting being the API's default", () => {
    const result = ok(
      referenceDecoding([logged({ temperature: 0.7, max_tokens: 4096 }, 1), logged({ temperature: 0.7, max_tokens: 4096 }, 2)], {}),
    );
    expect(result.settings).toEqual({ temperature: 0.7, max_tokens: 4096 });
    expect(result.params).toEqual({ temperature: 0.7, max_tokens: 4096 });
    expect(result.notes).toEqual([
      "temperature 0.7 (the reference's requests)",
      "top_p not set (the API's default, 1), as the reference was recorded",
      "max_tokens 4096 (the reference's requests)",
    ]);
  });

  it('accepts rows that differ only in max_tokens when no output reached its limit, and sends the largest', () => {
    const rows = [
      logged({ temperature: 0.7, max_tokens: 4096 }, 1, { finishReason: null, tokens: () => 1430 }),
      logged({ temperature: 0.7, max_tokens: 2048 }, 2, { finishReason: null, tokens: () => 1279 }),
    ];
    const result = ok(referenceDecoding(rows, {}));
    expect(result.params).toEqual({ temperature: 0.7, max_tokens: 4096 });
    expect(result.notes[2]).toBe(
      "max_tokens 4096: the reference's rows were recorded with different limits (4096: 1 output, line 1; 2048: 1 output, line 2), but no recorded output stopped at its limit (the longest has 1,430 tokens), so none was shaped by it",
    );
  });

  it('refuses rows that differ in max_tokens when an output stopped at its limit, by finish_reason or by its length', () => {
    const byReason = referenceDecoding(
      [logged({ max_tokens: 4096 }, 1), logged({ max_tokens: 256 }, 2, { finishReason: 'length', tokens: () => 256 })],
      {},
    );
    expect(byReason).toEqual({
      ok: false,
      problems: [expect.stringMatching(/different max_tokens .* 1 output stopped at or near its limit \(line 2\)/)],
    });
    const byLength = referenceDecoding(
      [logged({ max_tokens: 4096 }, 1), logged({ max_tokens: 256 }, 2, { finishReason: null, tokens: () => 240 })],
      {},
    );
    expect(byLength.ok).toBe(false);
  });

  it('refuses rows recorded at different temperatures, or with different penalties, naming values and lines', () => {
    const result = referenceDecoding(
      [
        logged({ temperature: 0.7 }, 1),
        logged({ temperature: 0.7 }, 2),
        logged({}, 3, { params: { temperature: 0, presence_penalty: 0.5 } }),
      ],
      {},
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        "the reference's rows were recorded at different temperature (0.7: 2 outputs, lines 1, 2; 0: 1 output, line 3): samples at different settings are not samples of one model's answers",
        "the reference's rows were recorded with different presence_penalty (not set: 2 outputs, lines 1, 2; 0.5: 1 output, line 3)",
      ],
    });
  });

  it('needs --temperature for case rows, which carry no request, and takes the flags for them', () => {
    expect(referenceDecoding([caseRow(1), caseRow(2)], {})).toEqual({
      ok: false,
      problems: [
        '2 rows of the reference (lines 1, 2) do not say at which settings they were recorded: give --temperature (and --top-p and --max-tokens when they were set)',
      ],
    });
    const stated = ok(referenceDecoding([caseRow(1), caseRow(2)], { temperature: 0.7, max_tokens: 1000 }));
    expect(stated.params).toEqual({ temperature: 0.7, max_tokens: 1000 });
    expect(stated.notes[0]).toBe('temperature 0.7 (--temperature)');
  });

  it('refuses a flag that contradicts the logged requests', () => {
    const result = referenceDecoding([logged({ temperature: 0.7 }, 1)], { temperature: 0 });
    expect(result).toEqual({ ok: false, problems: ["--temperature 0 contradicts the reference's requests (temperature 0.7, line 1)"] });
  });

  it('keeps max_completion_tokens under its own name when the reference used it', () => {
    expect(ok(referenceDecoding([logged({ max_completion_tokens: 500 }, 1)], {})).params).toEqual({ max_completion_tokens: 500 });
  });
});

describe('verifyRequest: what is sent to the target', () => {
  const reference = ok(referenceDecoding([logged({ temperature: 0.7, max_tokens: 4096, stop: ['END'] }, 1)], {}));

  it("sends the reference's settings with the target's other params, and drops a seed", () => {
    const request = verifyRequest(reference, { user: 'team-a', seed: 7, temperature: 0.7 });
    expect(request).toEqual({
      params: { user: 'team-a', temperature: 0.7, max_tokens: 4096, stop: ['END'] },
      settings: { temperature: 0.7, max_tokens: 4096 },
      mismatches: [],
      conflicts: [],
      dropped: ['seed (a fixed seed makes repeated answers alike, and the repeats check whether the endpoint samples)'],
    });
  });

  it('names every decoding setting and output param the target sets differently', () => {
    const request = verifyRequest(reference, { temperature: 0, max_tokens: 400, stop: ['\n'], frequency_penalty: 1 });
    expect(request.mismatches).toEqual([
      { setting: 'temperature', reference: '0.7', request: '0' },
      { setting: 'max_tokens', reference: '4096', request: '400' },
    ]);
    expect(request.conflicts).toEqual([
      "frequency_penalty: the reference was recorded with none, the target's params set 1",
      'stop: the reference was recorded with ["END"], the target\'s params set ["\\n"]',
    ]);
  });
});
