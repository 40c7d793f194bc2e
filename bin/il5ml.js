#!/usr/bin/env node
// The package's command. The TypeScript sources are compiled to dist/ by `npm run build`,
// which npm runs as `prepare` on `npm ci` / `npm install`.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
