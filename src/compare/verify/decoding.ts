// Refusing to compare what cannot be compared. An endpoint asked at temperature 0 against
// recordings at 0.7 writes less varied answers than either recording, and no data here says
// how often either test would then reject a genuine endpoint; the same holds for top_p, a
// max_tokens that cuts answers differently, and a different system prompt. So any difference
// makes the verification "not comparable", naming each setting.
import type { DecodingMismatch, DecodingSetting, DecodingSettings } from './types.js';

// What the API does when a setting is absent.
const DEFAULTS = { temperature: 1, top_p: 1 } as const;

/** Every setting that differs between the reference and the request; [] when they match. */
export function decodingMismatches(reference: DecodingSettings, request: DecodingSettings): DecodingMismatch[] {
  const mismatches: DecodingMismatch[] = [];
  for (const setting of ['temperature', 'top_p'] as const) {
    const a = reference[setting] ?? DEFAULTS[setting];
    const b = request[setting] ?? DEFAULTS[setting];
    if (a !== b)
      mismatches.push({
        setting,
        reference: showNumber(reference[setting], DEFAULTS[setting]),
        request: showNumber(request[setting], DEFAULTS[setting]),
      });
  }
  if ((reference.max_tokens ?? null) !== (request.max_tokens ?? null)) {
    mismatches.push({
      setting: 'max_tokens',
      reference: String(reference.max_tokens ?? 'none'),
      request: String(request.max_tokens ?? 'none'),
    });
  }
  if ((reference.system ?? null) !== (request.system ?? null)) {
    mismatches.push({ setting: 'system prompt', reference: showSystem(reference.system), request: showSystem(request.system) });
  }
  return mismatches;
}

/**
 * The settings shared by every row of a reference, and the settings on which rows disagree
 * (samples recorded at different settings are not samples of one distribution).
 */
export function commonDecoding(rows: readonly DecodingSettings[]): { settings: DecodingSettings; conflicts: DecodingSetting[] } {
  const settings: DecodingSettings = {};
  const conflicts: DecodingSetting[] = [];
  const first = rows[0];
  if (!first) return { settings, conflicts };
  const fields = [
    ['temperature', 'temperature'],
    ['top_p', 'top_p'],
    ['max_tokens', 'max_tokens'],
    ['system', 'system prompt'],
  ] as const;
  for (const [field, setting] of fields) {
    const value = first[field] ?? null;
    if (rows.some((row) => (row[field] ?? null) !== value)) conflicts.push(setting);
    else if (value !== null) (settings as Record<string, unknown>)[field] = value;
  }
  return { settings, conflicts };
}

export function describeMismatch(m: DecodingMismatch): string {
  return `${m.setting}: the reference was recorded with ${m.reference}, the endpoint was asked with ${m.request}`;
}

function showNumber(value: number | null | undefined, fallback: number): string {
  return value === undefined || value === null ? `default (${fallback})` : String(value);
}

function showSystem(system: string | null | undefined): string {
  if (system === undefined || system === null) return 'none';
  return JSON.stringify(system.length > 60 ? `${system.slice(0, 57)}...` : system);
}
