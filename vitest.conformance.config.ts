import { defineConfig } from 'vitest/config';

// The conformance suite: tests that read the real Azure data in ../shared (see test/conformance/shared.ts).
// .ci/run always runs it; it fails, rather than skips, when ../shared is missing.
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // One temporary folder per run, removed at its end (test/setup/tmpdir.ts).
    globalSetup: ['test/setup/tmpdir.ts'],
  },
});
