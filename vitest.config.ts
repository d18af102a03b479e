import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the built CLI and a local HTTP server; two cores are all we have.
    maxWorkers: 2,
    // After vitest's own report, the skipped tests with the reason their names carry.
    reporters: ['default', fileURLToPath(new URL('./src/skip-reasons.test-helpers.ts', import.meta.url))],
  },
});
