/**
 * `npm run gen:schema`: writes schema/il5ml.spec.schema.json from the zod schema in src/spec/schema.ts.
 * The file is committed so that editors (yaml-language-server, VS Code) validate and complete specs
 * without running il5ml; test/spec/json-schema.test.ts fails when it is stale.
 * Also writes src/spec/default-spec.generated.ts, the built-in spec as loadSpec reads it
 * (scripts/default-spec-module.ts; test/spec/default-loaded.test.ts fails when it is stale).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specJsonSchemaText } from '../src/spec/json-schema.js';
import { defaultSpecModuleText } from './default-spec-module.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'schema', 'il5ml.spec.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, specJsonSchemaText(), 'utf8');
process.stdout.write(`wrote ${out}\n`);
const defaults = join(root, 'src', 'spec', 'default-spec.generated.ts');
writeFileSync(defaults, defaultSpecModuleText(), 'utf8');
process.stdout.write(`wrote ${defaults}\n`);
