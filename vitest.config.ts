import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/_internals/test-global-setup.ts'],
    // Tests start worker threads of their own; separate processes keep them apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // V8 coverage, as c8 collects it; c8 itself cannot map vite-node's
    // in-memory transforms back to the TypeScript sources on Node 20.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/*.bench.ts', 'src/bench/**', 'src/_internals/test-global-setup.ts'],
      reporter: ['text', 'json-summary', 'html'],
      reportsDirectory: 'reports/coverage',
      thresholds: { lines: 85 },
    },
  },
});
