#!/usr/bin/env node
// The package's command. `npm run build` (which npm runs as `prepare` on `npm ci` / `npm install`) compiles
// the TypeScript sources to dist/ and bundles the command line into dist/cli/bundle/ (scripts/bundle-cli.ts):
// a few files to load instead of hundreds of modules (issue 12, start-up).
import { main } from '../dist/cli/bundle/main.js';

process.exitCode = await main(process.argv);
