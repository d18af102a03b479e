// npm run bench: every benchmark in turn, each printing its own figures. Never part of npm test.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
console.log(`pinned benchmarks on Node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
for (const file of files) {
  const { run } = await import(`./${file}`);
  await run();
}
