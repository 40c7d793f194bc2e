import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/**
 * JSON Schema validators for the report formats: the OASIS SARIF 2.1.0 schema (draft-04, test/fixtures/sarif/)
 * through ajv-draft-04, and any draft-07 schema (NIST's OSCAL) through Ajv with Unicode regular
 * expressions. Ajv and its plugins are CommonJS; loaded with require so that their default exports work
 * the same under tsc (NodeNext) and vitest.
 */
export type Validator = ((doc: unknown) => boolean) & { errors?: unknown[] | null };
interface AjvLike {
  compile(schema: object): Validator;
}
type AjvClass = new (options: Record<string, unknown>) => AjvLike;

const require = createRequire(import.meta.url);
const load = <T>(name: string): T => {
  const m = require(name) as T & { default?: T };
  return m.default ?? m;
};

function compile(ajvModule: string, schema: object, options: Record<string, unknown>): Validator {
  const Ajv = load<AjvClass>(ajvModule);
  const addFormats = load<(ajv: AjvLike) => void>('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strict: false, ...options });
  addFormats(ajv);
  return ajv.compile(schema);
}

export function sarifValidator(): Validator {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  return compile('ajv-draft-04', schema, {});
}

/** A draft-07 schema whose patterns use Unicode property escapes (\p{L}): NIST's OSCAL schema. */
export function unicodeValidator(schemaFile: string): Validator {
  return compile('ajv', JSON.parse(readFileSync(schemaFile, 'utf8')) as object, { unicodeRegExp: true });
}
