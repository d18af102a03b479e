import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './commands/cli.test-helpers.js';

// `npm test` runs dependency-cruiser over src/ with .dependency-cruiser.cjs before vitest; these
// tests keep the rules honest: they must catch the arrows they forbid, and the one rule a
// dependency graph cannot see (who exits the process) is checked here.
const ruleSet = createRequire(import.meta.url)(join(repoRoot, '.dependency-cruiser.cjs')) as IConfiguration & {
  options: Record<string, unknown>;
};

async function violations(dir: string): Promise<Array<{ rule: string; from: string; to: string }>> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const result = await cruise(['src'], { ...ruleSet.options, ruleSet, validate: true });
    if (typeof result.output === 'string') throw new Error(result.output);
    return result.output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    process.chdir(cwd);
  }
}

describe('the layering rules', () => {
  it('hold for the source tree', async () => {
    expect(await violations(repoRoot)).toEqual([]);
  });

  it('catch every arrow they forbid (fixtures/architecture/upward-imports)', async () => {
    const found = await violations(join(repoRoot, 'fixtures/architecture/upward-imports'));
    const broken = (rule: string, from: string, to: string) => expect(found).toContainEqual({ rule, from, to });
    broken('plan-and-compare-are-pure', 'src/plan/uses-store.ts', 'src/store/db.ts');
    broken('plan-and-compare-are-pure', 'src/compare/reads-files.ts', 'fs');
    broken('store-knows-no-executor', 'src/store/db.ts', 'src/execute/send.ts');
    broken('report-and-terminal-are-apart', 'src/report/page.ts', 'src/terminal/table.ts');
    broken('suite-imports-nothing-downstream', 'src/suite/load.ts', 'src/compare/check.ts');
    broken('pipeline-below-the-surface', 'src/pipeline/root.ts', 'src/commands/run.ts');
    expect(found.map((v) => v.rule)).toContain('no-circular');
  });
});

describe('exiting the process', () => {
  it('happens only in cli.ts: everything else returns or throws', () => {
    const callers = sourceFiles(join(repoRoot, 'src')).filter((file) => /\bprocess\.exit\s*\(/.test(readFileSync(file, 'utf8')));
    expect(callers.map((file) => relative(repoRoot, file))).toEqual(['src/cli.ts']);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test(-helpers)?\.ts$/.test(name) ? [path] : [];
  });
}
