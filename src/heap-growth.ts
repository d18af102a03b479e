import { setFlagsFromString } from 'node:v8';

/** How far V8 lets the heap grow past what the last full collection kept: 1.2x instead of up to 4x. */
const GROWING_PERCENT = 20;

/**
 * pinned's big commands allocate fast and keep little: every answer, request and comparison is
 * garbage a moment later. V8's default grows the heap up to 4x the live data between full
 * collections, so a `pinned run` that keeps ~95 MB peaked near 490 MB (30,000 cases), and
 * `pinned compare` at 100,000 cases at 730 MB. At 1.2x the same commands peak at 310 and 550 MB
 * for ~10% more CPU time (bench/memory.bench.mjs). V8 reads the flag at every full collection,
 * so setting it at start-up is enough; Node 20, 22 and 24 honour it. A user who gives node the
 * flag (node --heap-growing-percent=N dist/cli.js) keeps theirs.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((flag) => /^--heap[-_]growing[-_]percent\b/.test(flag))) return false;
  setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  return true;
}
