#!/usr/bin/env node
// The package's command. `npm run build` (which npm runs as `prepare` on `npm ci` / `npm install`) compiles
// the TypeScript sources to dist/ and bundles the command line into dist/cli/bundle/ (scripts/bundle-cli.ts):
// CommonJS files, the start-up ones with V8's code cache (src/cli/start.ts; issue 12, start-up).
'use strict';
require('../dist/cli/bundle/start.cjs')
  .startCli(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
