// At which settings a reference was recorded, and what a verification therefore sends.
//
// A verification is only valid at the reference's own decoding settings (decoding.ts says why).
// Log rows carry their request, so their settings are read from it (an absent setting is the
// API's default); case rows carry none, so the user states them (--temperature, --top-p,
// --max-tokens). Rows that disagree are handled one setting at a time:
// - temperature, top_p, and the other params that change what a model writes (penalties, stop,
//   response_format, tools...): samples drawn at different settings are not samples of one
//   distribution, so the reference is refused;
// - max_tokens: a limit no recorded output reached shaped none of them. Rows that differ only in
//   max_tokens are accepted when no output stopped at its limit (finish_reason "length", or, for
//   rows that do not say, a length of at least 90% of the limit), and the largest limit is sent,
//   so no answer is cut shorter than a recording could have been. alpaca_eval's two gpt-4-0314
//   samples were made with 4096 and 2048; the longest of either is 1,430 tokens.
import { decodingMismatches } from './decoding.js';
import type { DecodingMismatch, DecodingSettings } from './types.js';

/** Params other than temperature, top_p and max_tokens that change what a model writes. */
export const OUTPUT_PARAMS = [
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'stop',
  'response_format',
  'tools',
  'tool_choice',
  'functions',
  'function_call',
  'reasoning_effort',
] as const;

const LIMIT_KEYS = ['max_tokens', 'max_completion_tokens'] as const;
const SAMPLING_DEFAULTS = { temperature: 1, top_p: 1 } as const;
/** An output at least this share of its limit, from a row that does not say why it stopped, may have been cut. */
export const NEAR_LIMIT = 0.9;

/** One recorded output, as far as its decoding goes. */
export interface RecordedSample {
  /** The request params its row was logged with; null when the row does not say (a case row). */
  params: Record<string, unknown> | null;
  finishReason: string | null;
  /** Its length in tokens, counted only when rows differ in max_tokens and this one does not say why it stopped. */
  tokens: () => number;
  /** Where it is in the reference file, for messages. */
  line: number;
}

/** What the user stated for rows that do not carry their settings. */
export interface StatedDecoding {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
}

export interface ReferenceDecoding {
  /** The settings, for verifyEndpoint (a max_completion_tokens limit given as max_tokens). */
  settings: DecodingSettings;
  /** What every verification request carries for them, under the names the reference used. */
  params: Record<string, unknown>;
  /** How each setting was decided, one line each. */
  notes: string[];
}

export type ReferenceDecodingResult = ({ ok: true } & ReferenceDecoding) | { ok: false; problems: string[] };

export function referenceDecoding(samples: readonly RecordedSample[], stated: StatedDecoding): ReferenceDecodingResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const settings: DecodingSettings = {};
  const params: Record<string, unknown> = {};
  const unlogged = samples.filter((s) => s.params === null);

  if (unlogged.length > 0 && stated.temperature === undefined) {
    problems.push(
      `${count(unlogged.length, 'row')} of the reference (${lines(unlogged)}) do not say at which settings they were recorded: ` +
        'give --temperature (and --top-p and --max-tokens when they were set)',
    );
  }
  for (const key of ['temperature', 'top_p'] as const) {
    if (key === 'temperature' && unlogged.length > 0 && stated.temperature === undefined) continue;
    const valueOf = (s: RecordedSample): number | null => (s.params ? numberOrNull(s.params[key]) : (stated[key] ?? null));
    const flag = key === 'temperature' ? '--temperature' : '--top-p';
    const contradiction = contradicts(samples, valueOf, stated[key], SAMPLING_DEFAULTS[key]);
    if (contradiction) problems.push(`${flag} ${stated[key]} contradicts the reference's requests (${key} ${contradiction})`);
    const groups = groupBy(samples, (s) => valueOf(s) ?? SAMPLING_DEFAULTS[key]);
    if (groups.size > 1) {
      problems.push(
        `the reference's rows were recorded at different ${key} (${describeGroups(groups)}): samples at different settings are not samples of one model's answers`,
      );
      continue;
    }
    const value = [...groups.keys()][0];
    const explicit = samples.some((s) => valueOf(s) !== null);
    if (value === undefined) continue;
    if (explicit) {
      params[key] = value;
      settings[key] = value;
      notes.push(`${key} ${value} (${source(samples, flag)})`);
    } else {
      notes.push(`${key} not set (the API's default, ${SAMPLING_DEFAULTS[key]}), as the reference was recorded`);
    }
  }

  const limitOf = (s: RecordedSample): number | null =>
    s.params ? numberOrNull(s.params['max_tokens'] ?? s.params['max_completion_tokens']) : (stated.max_tokens ?? null);
  const contradiction = contradicts(samples, limitOf, stated.max_tokens, null);
  if (contradiction) problems.push(`--max-tokens ${stated.max_tokens} contradicts the reference's requests (max_tokens ${contradiction})`);
  const limits = groupBy(samples, (s) => limitOf(s));
  let limit: number | null = limits.size === 1 ? [...limits.keys()][0]! : null;
  if (limits.size > 1) {
    const stopped = samples.filter((s) => {
      const at = limitOf(s);
      return at !== null && (s.finishReason === 'length' || (s.finishReason === null && s.tokens() >= NEAR_LIMIT * at));
    });
    if (stopped.length > 0) {
      problems.push(
        `the reference's rows were recorded with different max_tokens (${describeGroups(limits)}), and ${count(stopped.length, 'output')} ` +
          `stopped at or near its limit (${lines(stopped)}): answers cut at different lengths are not samples of one model's answers; keep rows of one max_tokens`,
      );
    } else {
      limit = limits.has(null) ? null : Math.max(...([...limits.keys()] as number[]));
      const longest = Math.max(...samples.map((s) => s.tokens()));
      notes.push(
        `max_tokens ${limit ?? 'not set'}: the reference's rows were recorded with different limits (${describeGroups(limits)}), ` +
          `but no recorded output stopped at its limit (the longest has ${longest.toLocaleString('en-US')} tokens), so none was shaped by it`,
      );
    }
  } else if (limit !== null) {
    notes.push(`max_tokens ${limit} (${source(samples, '--max-tokens')})`);
  } else {
    notes.push('max_tokens not set, as the reference was recorded');
  }
  if (limit !== null) {
    const logged = samples.filter((s) => s.params && numberOrNull(s.params['max_tokens'] ?? s.params['max_completion_tokens']) !== null);
    const name = logged.length > 0 && logged.every((s) => s.params!['max_tokens'] === undefined) ? 'max_completion_tokens' : 'max_tokens';
    params[name] = limit;
    settings.max_tokens = limit;
  }

  for (const key of OUTPUT_PARAMS) {
    const groups = groupBy(samples, (s) => (s.params?.[key] == null ? null : stableJson(s.params[key])));
    if (groups.size > 1) {
      problems.push(`the reference's rows were recorded with different ${key} (${describeGroups(groups)})`);
      continue;
    }
    const value = samples[0]?.params?.[key];
    if (value !== undefined && value !== null) {
      params[key] = value;
      notes.push(`${key} ${stableJson(value)} (the reference's requests)`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings, params, notes };
}

export interface VerifyRequest {
  /** Every verification request's params: the target's own that shape nothing, then the reference's settings. */
  params: Record<string, unknown>;
  /** The settings the endpoint is asked with. */
  settings: DecodingSettings;
  /** Decoding settings the target's params set differently from the reference's. */
  mismatches: DecodingMismatch[];
  /** Other params that change what a model writes, set differently by the target, in words. */
  conflicts: string[];
  /** The target's params not sent, and why. */
  dropped: string[];
}

// A seed makes the two answers to one prompt alike, and those repeats are how a verification sees
// whether the endpoint samples at all; n asks for answers the verification would not read.
const NOT_SENT: Record<string, string> = {
  seed: 'a fixed seed makes repeated answers alike, and the repeats check whether the endpoint samples',
  n: 'one answer per request is read',
};

/**
 * The request a verification sends for the target: the reference's settings exactly, with the
 * target's other params passed through. A decoding setting the target sets differently is a
 * mismatch (the verification is refused, not silently asked at the reference's setting).
 */
export function verifyRequest(reference: ReferenceDecoding, targetParams: Record<string, unknown>): VerifyRequest {
  const own = (key: string) => (key in targetParams ? targetParams[key] : undefined);
  const settings: DecodingSettings = {
    ...reference.settings,
    ...(own('temperature') !== undefined && { temperature: numberOrNull(own('temperature')) }),
    ...(own('top_p') !== undefined && { top_p: numberOrNull(own('top_p')) }),
  };
  const ownLimit = own('max_tokens') ?? own('max_completion_tokens');
  if (ownLimit !== undefined) settings.max_tokens = numberOrNull(ownLimit);
  const { system: _system, ...referenceSettings } = reference.settings;
  const mismatches = decodingMismatches(referenceSettings, settings);
  const conflicts = OUTPUT_PARAMS.filter(
    (key) => own(key) !== undefined && stableJson(own(key)) !== stableJson(reference.params[key] ?? null),
  ).map(
    (key) =>
      `${key}: the reference was recorded with ${reference.params[key] === undefined ? 'none' : stableJson(reference.params[key])}, the target's params set ${stableJson(own(key))}`,
  );
  const shaping = new Set<string>(['temperature', 'top_p', ...LIMIT_KEYS, ...OUTPUT_PARAMS]);
  const dropped = Object.keys(NOT_SENT)
    .filter((key) => own(key) !== undefined)
    .map((key) => `${key} (${NOT_SENT[key]})`);
  const passed = Object.fromEntries(Object.entries(targetParams).filter(([key]) => !shaping.has(key) && !(key in NOT_SENT)));
  return { params: { ...passed, ...reference.params }, settings, mismatches, conflicts, dropped };
}

function contradicts(
  samples: readonly RecordedSample[],
  valueOf: (s: RecordedSample) => number | null,
  stated: number | undefined,
  fallback: number | null,
): string | undefined {
  if (stated === undefined) return undefined;
  const differing = samples.filter((s) => s.params !== null && (valueOf(s) ?? fallback) !== stated);
  if (differing.length === 0) return undefined;
  return `${valueOf(differing[0]!) ?? (fallback === null ? 'not set' : `not set, ${fallback}`)}, ${lines(differing)}`;
}

/** Where a setting came from: the logged requests, the flag (for case rows), or both. */
function source(samples: readonly RecordedSample[], flag: string): string {
  const logged = samples.some((s) => s.params !== null);
  const unlogged = samples.some((s) => s.params === null);
  return logged && unlogged ? `the reference's requests, and ${flag} for its case rows` : logged ? "the reference's requests" : flag;
}

function groupBy<K>(samples: readonly RecordedSample[], key: (s: RecordedSample) => K): Map<K, RecordedSample[]> {
  const groups = new Map<K, RecordedSample[]>();
  for (const sample of samples) {
    const k = key(sample);
    groups.set(k, [...(groups.get(k) ?? []), sample]);
  }
  return groups;
}

function describeGroups(groups: Map<unknown, RecordedSample[]>): string {
  return [...groups]
    .map(([value, members]) => `${value === null ? 'not set' : String(value)}: ${count(members.length, 'output')}, ${lines(members)}`)
    .join('; ');
}

/** "line 3", "lines 1, 2, 5", "lines 1, 2, 3, … (662 rows)". */
function lines(samples: readonly RecordedSample[]): string {
  const numbers = [...new Set(samples.map((s) => s.line))].sort((a, b) => a - b);
  if (numbers.length === 1) return `line ${numbers[0]}`;
  const shown = numbers.slice(0, 3).join(', ');
  return numbers.length > 3 ? `lines ${shown}, …` : `lines ${shown}`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** JSON with sorted keys, so two equal settings written in another key order compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
