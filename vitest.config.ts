import { defineConfig } from 'vitest/config';

// Unit, golden and end-to-end tests: none of them reads ../shared, so a fresh clone passes alone.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/conformance/**', 'node_modules/**'],
    testTimeout: 60_000,
    // One temporary folder per run, removed at its end (test/setup/tmpdir.ts).
    globalSetup: ['test/setup/tmpdir.ts'],
  },
});
