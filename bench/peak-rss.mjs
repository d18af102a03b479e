// Preloaded into the CLI by the benchmarks: prints the process's peak resident set at exit.
process.on('exit', () => {
  process.stderr.write(`\nPEAK_RSS_BYTES=${process.resourceUsage().maxRSS * 1024}\n`);
});
