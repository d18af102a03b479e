import type { Suite } from '../suite/types.js';

/**
 * Which environment variables a suite reads and where each goes: a suite can put any variable
 * (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY) in a header sent to any base_url, so validate says so.
 * URLs are shown as stored, with credentials from the environment as ${VAR}.
 */
export function formatEnvironmentReads(suite: Suite): string | undefined {
  const lines: Array<[string, string]> = [];
  const endpoints = [
    ...Object.values(suite.targets),
    ...(suite.judge ? [suite.judge] : []),
    ...(suite.embeddings ? [suite.embeddings] : []),
  ];
  for (const target of endpoints) {
    if (target.kind === 'replay') {
      for (const variable of target.unresolved) lines.push([variable.name, `replay path of ${target.name} (read here, sent nowhere)`]);
      continue;
    }
    for (const read of target.reads ?? []) {
      const where = read.use === 'base_url' || read.use === 'model' ? '' : `, sent to ${target.baseUrl}`;
      const unset = read.defaulted ? ' (unset here: its default is used)' : '';
      lines.push([read.variable, `${read.use} of ${target.name}${where}${unset}`]);
    }
  }
  if (lines.length === 0) return undefined;
  const unique = [...new Map(lines.map((line) => [line.join('\u0000'), line])).values()];
  const width = Math.max(...unique.map(([variable]) => variable.length));
  return ['  reads from the environment:', ...unique.map(([variable, use]) => `    ${variable.padEnd(width)}  ${use}`)].join('\n');
}
