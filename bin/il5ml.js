#!/usr/bin/env node
// The command's entry until session 6, kept so that what still names it works: a link npx made to it in an
// earlier install (npx keeps a project's bin links in its cache, ~/.npm/_npx, and does not make them again
// when the bin's file changes: `npx il5ml` then finds no command), and scripts that run `node bin/il5ml.js`.
// package.json's "bin" names bin/il5ml.cjs, which starts without Node's ESM loader; this file is ESM (the
// package's "type"), so it costs that loader's start, and runs the same command.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./il5ml.cjs');
