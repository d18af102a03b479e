// The words of a verification. They claim no more than the data: a rejection says the endpoint
// is inconsistent with the recording and by how much; no rejection says only that no difference
// was detected at this K, with what this K can and cannot catch. Never "verified", "genuine" or
// "is <snapshot>" about the endpoint, and never a guess at which model it serves: the tests
// measure distance from one snapshot's recordings, and many models could be at that distance.
import { MEASURED } from './catch-rates.js';
import { describeMismatch } from './decoding.js';
import type { DecodingMismatch, PairedResult, StyleResult } from './types.js';

// Below this, a measured rate is "not reliably".
const RELIABLE = 0.95;

export function rejectedWords(snapshot: string, paired: PairedResult | null, style: StyleResult): { summary: string; details: string[] } {
  const summary = paired
    ? `inconsistent with the recorded ${snapshot}: on ${paired.further} of ${paired.prompts} prompts its answers are further from the recording ` +
      `than a second genuine recording is (${pText(paired.pValue)}); style ${pText(style.pValue)}`
    : `inconsistent with the recorded ${snapshot}: its answers differ in style from the recording's (style ${pText(style.pValue)}); ` +
      'the reference has one recording per prompt, so the paired test did not run';
  const details: string[] = [];
  const differing = style.features.filter((f) => Math.abs(f.z) >= 2).slice(0, 4);
  if (differing.length > 0) {
    const listed = differing.map((f) => `${f.name} (${f.z > 0 ? 'more' : 'less'} than the recording, z = ${f.z.toFixed(1)})`);
    details.push(`Its answers' style differs from the recording's most in: ${listed.join(', ')}.`);
  }
  return { summary, details };
}

export interface NoDifference {
  snapshot: string;
  /** Prompts tested. */
  k: number;
  paired: PairedResult | null;
  alpha: number;
  /** Prompts with two recordings, and how many the paired test needs. */
  pairedPrompts: number;
  minPrompts: number;
}

export function noDifferenceWords({ snapshot, k, paired, alpha, pairedPrompts, minPrompts }: NoDifference): {
  summary: string;
  details: string[];
} {
  const summary = `no detectable difference at K = ${k} under matched decoding`;
  const details: string[] = [];
  if (!paired) {
    details.push(
      pairedPrompts > 0
        ? `The paired test needs a second recording of at least ${minPrompts} of the prompts; ${pairedPrompts} of ${k} have one, so only the style test ran.`
        : 'The reference has one recording per prompt, so only the style test ran; a reference with two independent recordings per prompt adds the paired test, which catches far more.',
    );
  }
  details.push(...catchWords(snapshot, k, paired !== null, alpha));
  details.push(
    'What no K catches: a model whose answers are as close to the recording as a second recording is and written in the same style, and differences on prompts unlike these.',
    `Partial substitution (only some requests routed to another model) dilutes every difference by the share routed; catching it needs far more prompts than ${k}.`,
  );
  return { summary, details };
}

export function notComparableWords(snapshot: string, mismatches: readonly DecodingMismatch[]): { summary: string; details: string[] } {
  return {
    summary: `not comparable with the recorded ${snapshot}: the endpoint was asked with decoding settings the reference was not recorded with (${mismatches.map((m) => m.setting).join(', ')})`,
    details: [
      ...mismatches.map(describeMismatch),
      "Ask with the reference's settings: how often the tests would wrongly reject at other settings is unknown.",
    ],
  };
}

export function tooFewWords(prompts: number, minimum: number): { summary: string; details: string[] } {
  return {
    summary: `too few prompts: ${prompts} with an answer and a recording, at least ${minimum} are needed`,
    details: [`Below ${minimum} prompts neither test can reject a substitute reliably; draw more prompts from the reference.`],
  };
}

/** What the measured figures say about a verification at k prompts. */
function catchWords(snapshot: string, k: number, bothTests: boolean, alpha: number): string[] {
  if (snapshot !== MEASURED.snapshot) {
    return [
      `How much a verification at K = ${k} catches was measured for ${MEASURED.snapshot} only; there are no figures for ${snapshot}.`,
    ];
  }
  const measured = [...MEASURED.rates].sort((a, b) => b.k - a.k).find((r) => r.k <= k);
  if (!measured) return [];
  const rates = bothTests ? measured.bothTests : measured.styleOnly;
  const entries = Object.entries(rates).sort((a, b) => a[1] - b[1]);
  if (entries.length === 0) return [];
  const at = measured.k === k ? `At K = ${k}` : `At K = ${measured.k} (the nearest measured K below ${k})`;
  const how = bothTests ? 'both tests' : 'the style test alone';
  const caught = entries.filter(([, rate]) => rate >= RELIABLE);
  const missed = entries.filter(([, rate]) => rate < RELIABLE);
  const lines = [
    `${at}, on ${MEASURED.corpus}'s prompts at temperature 0.7, ${how} rejected ${caught.length} of ${entries.length} later OpenAI snapshots ` +
      `served in place of ${MEASURED.snapshot} in at least ${percent(RELIABLE)} of ${MEASURED.draws} random draws` +
      (caught.length > 0 ? ` (${caught.map(([name, rate]) => `${name} ${percent(rate)}`).join(', ')})` : '') +
      '.',
  ];
  if (missed.length > 0) {
    lines.push(`It does not reliably catch ${missed.map(([name, rate]) => `${name} (${percent(rate)} of draws)`).join(', ')} at this K.`);
  }
  if (alpha !== MEASURED.alpha) lines.push(`Those figures are for alpha = ${MEASURED.alpha}; this verification used ${alpha}.`);
  return lines;
}

/** "p = 0.012", "p = 0.31", "p < 0.001". */
export function pText(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p >= 0.1 ? p.toFixed(2) : p.toPrecision(2)}`;
}

function percent(rate: number): string {
  return `${Math.floor(rate * 100)}%`;
}
