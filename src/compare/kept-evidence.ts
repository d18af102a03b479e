// The expensive part of a comparison is per-case evidence: similarity metrics between samples,
// assertions, extraction. It depends only on the case's checks and the two sides' outputs, so it
// is computed once (as answers arrive during a run, or read back after a resume) and reused by
// the final comparison under a key of exactly those inputs. What depends on the whole suite (the
// lexical noise floor) is not evidence but a verdict: verdicts are re-decided from kept evidence.
import { createHash } from 'node:crypto';
import { pairEvidence, sideEvidence, type PairEvidence, type SideEvidence } from './case-evidence.js';
import type { CaseInput, ExternalEvidence, SampleOutput } from './input.js';

/** Evidence computed earlier, by key (sideKey, pairKeyOf); a side's without its samples. A Map will do. */
export interface KeptEvidence {
  get(key: string): SideEvidence | PairEvidence | undefined;
}

/** Evidence this comparison computed, for the caller to keep. */
export interface NewEvidence {
  set(key: string, evidence: SideEvidence | PairEvidence): unknown;
}

export interface EvidenceMemo {
  kept?: KeptEvidence;
  fresh?: NewEvidence;
}

/**
 * Below this many characters of output on a side, its evidence is computed again rather than kept
 * and read back: reading a case's three rows (two sides and the pair, each a lookup in a table as
 * big as the suite) and parsing them costs ~70-100 µs, as much as computing the evidence of two
 * 200-character answers (a label, a number, a sentence); two 1,600-character answers cost ~500 µs
 * to compare and still ~100 µs to read back. Kept, short answers only made the run slower and the
 * database bigger (135 MB at 100,000 cases).
 */
export const MIN_KEPT_CHARS = 200;

/**
 * The key of one side's evidence on a case: a hash of what it is computed from. Undefined for a
 * case with JavaScript assertions, whose results come from the edge and are never kept, and for
 * short answers (MIN_KEPT_CHARS), computed again instead.
 */
export function sideKey(testCase: CaseInput, samples: SampleOutput[]): string | undefined {
  if (testCase.assert.some((assertion) => assertion.type === 'javascript')) return undefined;
  let chars = 0;
  for (const sample of samples) chars += sample.output.length;
  if (chars < MIN_KEPT_CHARS) return undefined;
  const checks = { compare: testCase.compare, assert: testCase.assert, expected: testCase.expected ?? null };
  return `side:${hash(JSON.stringify([checks, samples]))}`;
}

export function pairKeyOf(baselineKey: string, candidateKey: string): string {
  return `pair:${hash(`${baselineKey}\u0000${candidateKey}`)}`;
}

export function keptSideEvidence(
  testCase: CaseInput,
  target: string,
  samples: SampleOutput[],
  external: ExternalEvidence | undefined,
  memo: EvidenceMemo | undefined,
): { evidence: SideEvidence; key: string | undefined } {
  const key = memo ? sideKey(testCase, samples) : undefined;
  const kept = key === undefined ? undefined : (memo?.kept?.get(key) as SideEvidence | undefined);
  // The samples themselves are not kept (the key is their hash): they are put back from the input.
  if (kept) return { evidence: { ...kept, ok: samples.filter((s) => s.ok), failed: samples.filter((s) => !s.ok) }, key };
  const evidence = sideEvidence(testCase, target, samples, external);
  if (key !== undefined) {
    const { ok: _ok, failed: _failed, ...figures } = evidence;
    memo?.fresh?.set(key, figures as SideEvidence);
  }
  return { evidence, key };
}

export function keptPairEvidence(
  testCase: CaseInput,
  baseline: { evidence: SideEvidence; key: string | undefined },
  candidate: { evidence: SideEvidence; key: string | undefined },
  memo: EvidenceMemo | undefined,
): PairEvidence {
  const key = baseline.key !== undefined && candidate.key !== undefined ? pairKeyOf(baseline.key, candidate.key) : undefined;
  const kept = key === undefined ? undefined : (memo?.kept?.get(key) as PairEvidence | undefined);
  if (kept) return kept;
  const evidence = pairEvidence(testCase, baseline.evidence, candidate.evidence);
  if (key !== undefined) memo?.fresh?.set(key, evidence);
  return evidence;
}

/** Read from the digest's bytes: a slice of the hex string would keep all of it alive. */
function hash(text: string): string {
  return createHash('sha256').update(text).digest().toString('hex', 0, 16);
}
