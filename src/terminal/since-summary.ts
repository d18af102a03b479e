import { describeSince, type Since } from '../compare/since.js';
import { escapeControlCharacters as shown } from '../domain/control-characters.js';

/** What changed since the earlier comparison, per candidate: new regressions, fixed ones, other verdicts that moved. */
export function formatSince(since: Since): string {
  const list = (ids: string[]) => shown(ids.slice(0, 8).join(', ') + (ids.length > 8 ? `, … and ${ids.length - 8} more` : ''));
  const lines = [describeSince(since)];
  for (const c of since.candidates) {
    const decision =
      c.decisionBefore === null
        ? `${c.decision} (new candidate)`
        : c.decisionBefore === c.decision
          ? c.decision
          : `${c.decisionBefore} → ${c.decision}`;
    lines.push(
      `  ${shown(c.candidate)}: ${decision}; ${c.newRegressions.length} new regressions, ${c.fixed.length} fixed, ${c.moved.length} moved`,
    );
    if (c.newRegressions.length) lines.push(`    new regressions: ${list(c.newRegressions)}`);
    if (c.fixed.length) lines.push(`    fixed: ${list(c.fixed)}`);
    if (c.moved.length)
      lines.push(
        `    moved: ${shown(
          c.moved
            .slice(0, 8)
            .map((m) => `${m.caseId} ${m.from ?? 'new'} → ${m.to}`)
            .join(', '),
        )}${c.moved.length > 8 ? `, … and ${c.moved.length - 8} more` : ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
