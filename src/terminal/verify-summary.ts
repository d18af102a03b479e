// What pinned verify prints: before sending, what is compared and at which settings; after, the
// result in the words the pure layer chose (summary, details, warnings), what the endpoint said
// about itself, and where the result is kept.
import pc from 'picocolors';
import type { VerifyResult } from '../compare/verify/types.js';
import type { BaselineVerification, StoredVerification } from '../domain/verification.js';

export interface VerifyIntro {
  target: { name: string; model: string; baseUrl: string };
  reference: { file: string; rows: number; prompts: number; snapshot: string; snapshotNamed: boolean; recordingsPerPrompt: number[] };
  notes: string[];
  dropped: string[];
  seed: number;
  seedSource: 'flag' | 'resumed' | 'random';
  k: number;
  drawn: number;
}

/** Before anything is sent (stderr): the endpoint, the reference, its settings and the seed. */
export function formatVerifyIntro(intro: VerifyIntro): string {
  const { target, reference } = intro;
  const counts = [...new Set(reference.recordingsPerPrompt)].sort((a, b) => a - b);
  const each = counts.length === 1 ? `${counts[0]} recording${counts[0] === 1 ? '' : 's'} each` : `${counts.join(' to ')} recordings each`;
  const named = reference.snapshotNamed
    ? `recorded by ${reference.snapshot}`
    : `its rows name no model: taken as ${reference.snapshot}, the target's`;
  const lines = [
    `verifying ${target.name} (${target.model} at ${target.baseUrl}) against ${reference.file}: ${reference.prompts.toLocaleString('en-US')} prompts, ${each}, ${named}`,
    `asked as the reference was recorded: ${intro.notes.join('; ')}`,
  ];
  if (intro.dropped.length > 0) lines.push(`not sent from the target's params: ${intro.dropped.join('; ')}`);
  if (intro.drawn < intro.k) lines.push(`the reference has ${intro.drawn} prompts, fewer than --prompts ${intro.k}: all of them are drawn`);
  const seedLine =
    intro.seedSource === 'resumed'
      ? `seed ${intro.seed}, the seed of the unfinished verification it continues`
      : `seed ${intro.seed}${intro.seedSource === 'random' ? ' (drawn at random)' : ''}`;
  lines.push(`${seedLine}: --seed ${intro.seed} --prompts ${intro.k} draws the same ${intro.drawn} prompts again`);
  return lines.join('\n');
}

export interface VerifyReport {
  result: VerifyResult;
  runId?: number;
  seed?: number;
  /** The model and system_fingerprint names the endpoint's answers carried, with counts. */
  models?: Record<string, number>;
  systemFingerprints?: Record<string, number>;
  answers?: number;
  reused?: number;
  answeredFrom?: string | null;
  stored?: StoredVerification;
}

/** The result (stdout): summary, details and warnings exactly as worded by verifyEndpoint. */
export function formatVerifyResult(report: VerifyReport): string {
  const { result } = report;
  const paint = result.outcome === 'inconsistent' ? pc.red : result.outcome === 'no-detectable-difference' ? (s: string) => s : pc.yellow;
  const lines: string[] = [];
  if (report.runId !== undefined) {
    lines.push(`verification run ${report.runId} (K = ${result.prompts}, seed ${report.seed}, alpha ${result.alpha}):`);
  }
  lines.push(paint(result.summary));
  for (const detail of result.details) lines.push(`  ${detail}`);
  for (const warning of result.warnings) lines.push(`${pc.yellow('warning:')} ${warning}`);
  if (report.models && report.answers) {
    lines.push(
      `the endpoint's answers named model ${counted(report.models, report.answers)}; system_fingerprint ${counted(report.systemFingerprints ?? {}, report.answers)}`,
    );
  }
  if (report.reused && report.answers) {
    lines.push(
      `${report.reused} of ${report.answers} answers were stored earlier for identical requests and reused` +
        `${report.answeredFrom ? ` (the oldest from ${report.answeredFrom.replace('T', ' ').slice(0, 16)} UTC)` : ''}; --no-cache asks the endpoint again`,
    );
  }
  if (report.stored) {
    lines.push(
      `kept as verification ${report.stored.id} of ${report.stored.model} at ${report.stored.baseUrl}: pinned run shows it beside a baseline with that model and base_url`,
    );
  }
  return lines.join('\n');
}

function counted(counts: Record<string, number>, total: number): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} (${n} of ${total})`)
    .join(', ');
}

/** Beside the decisions of pinned run, compare and report: the baseline endpoint's latest verification, and any warning. */
export function formatBaselineVerification(target: string, verification: BaselineVerification | undefined): string | undefined {
  if (!verification) return undefined;
  const lines = [`baseline ${target}: ${verification.line}`];
  if (verification.warning) lines.push(`${pc.yellow('warning:')} ${verification.warning}`);
  return lines.join('\n');
}
