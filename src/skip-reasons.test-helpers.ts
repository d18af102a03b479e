// A vitest reporter: vitest counts skipped tests ("5 skipped") but does not say why, while our
// tests that need something absent (Chromium, the corpus) put the reason in their name
// ("[skipped: no Chromium at ...]"). After the run this lists them with their reasons.
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReasons implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const reasons = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) {
        const reason = /\[skipped: ([^\]]+)\]/.exec(test.fullName)?.[1] ?? 'skipped without a reason in its name';
        const key = `${module.relativeModuleId}: ${reason}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    if (reasons.size === 0) return;
    const lines = [...reasons].map(([where, count]) => `  ${count} skipped in ${where}`);
    process.stdout.write(`\nskipped tests, and why:\n${lines.join('\n')}\n`);
  }
}
