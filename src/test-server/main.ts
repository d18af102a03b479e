import { HELP, runMain } from './run-main.js';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) process.stdout.write(HELP);
else
  runMain(argv).catch((err: unknown) => {
    process.stderr.write(`test-server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
