/**
 * `npm run gen:schema`: writes schema/il5ml.spec.schema.json from the zod schema in src/spec/schema.ts.
 * The file is committed so that editors (yaml-language-server, VS Code) validate and complete specs
 * without running il5ml; test/spec/json-schema.test.ts fails when it is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specJsonSchemaText } from '../src/spec/json-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'il5ml.spec.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, specJsonSchemaText(), 'utf8');
process.stdout.write(`wrote ${out}\n`);
