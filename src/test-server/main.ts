import { runMain } from './run-main.js';

runMain(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`test-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
