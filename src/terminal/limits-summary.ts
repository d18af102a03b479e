import pc from 'picocolors';
import type { TargetLimits } from '../domain/limits.js';
import { describeParamRewrite } from '../domain/params-compat.js';
import type { RunCells } from '../store/types.js';
import { formatDuration } from '../domain/format.js';

/**
 * Summary lines on how the targets' rate limits bit (429s, time held, the lowest concurrency,
 * the pacing) and what params_compat: auto rewrote; nothing when neither happened.
 */
export function formatLimitLines(data: Pick<RunCells, 'targets' | 'paramRewrites'>, limits: Record<string, TargetLimits> = {}): string[] {
  const lines: string[] = [];
  const rateLines: string[] = [];
  for (const target of data.targets) {
    const figures = limits[target.name];
    const { rpm, tpm } = target.config;
    const paced = [typeof rpm === 'number' && `${rpm} rpm`, typeof tpm === 'number' && `${tpm} tpm`].filter(Boolean).join(', ');
    const bit = figures && (figures.rateLimited > 0 || figures.pausedMs > 0 || figures.lowestConcurrency < figures.concurrency);
    if (!bit && !paced) continue;
    const parts: string[] = [];
    if (figures && bit) {
      parts.push(`${figures.rateLimited} × 429`, `paused ${formatDuration(figures.pausedMs)}`);
      parts.push(`concurrency ${figures.concurrency}, lowest ${figures.lowestConcurrency}`);
    }
    if (paced) parts.push(`paced to ${paced}`);
    rateLines.push(`  ${target.name}: ${parts.join(' · ')}`);
  }
  if (rateLines.length > 0) lines.push('', pc.yellow('rate limits:'), ...rateLines);

  const rewriteLines: string[] = [];
  for (const [name, rewrites] of Object.entries(data.paramRewrites ?? {})) {
    for (const rewrite of rewrites) {
      rewriteLines.push(`  ${name}: ${describeParamRewrite(rewrite)} (${rewrite.reason})`);
    }
  }
  if (rewriteLines.length > 0) lines.push('', pc.yellow('params rewritten (params_compat: auto):'), ...rewriteLines);
  return lines;
}
