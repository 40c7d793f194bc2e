import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSpec } from '../../src/spec/load.js';
import { validateSpec } from '../../src/validate/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { unicodeValidator } from '../helpers/schema.js';

// Issue 14 §5: an editor flags what the CLI refuses in an exemption's keys (rule or policyDefinitionId,
// exactly one; resource and resourceId not both), through the committed JSON Schema, checked by Ajv as
// an editor's validator would.
const validate = unicodeValidator(join(REPO_ROOT, 'schema', 'il5ml.spec.schema.json'));
const base = { justification: 'why', expiresOn: '2027-01-31' };
const cases: [string, Record<string, unknown>, boolean][] = [
  ['rule', { rule: 'IL5-KV-001', ...base }, true],
  ['policyDefinitionId', { policyDefinitionId: 'IL5-KV-001', ...base }, true],
  ['rule and resourceId', { rule: 'IL5-KV-001', resourceId: '*kv*', ...base }, true],
  ['both rule and policyDefinitionId', { rule: 'IL5-KV-001', policyDefinitionId: 'IL5-KV-001', ...base }, false],
  ['neither', { ...base }, false],
  ['both resource and resourceId', { rule: 'IL5-KV-001', resource: 'a', resourceId: 'a', ...base }, false],
];

describe('the JSON Schema of an exemption agrees with the CLI', () => {
  for (const [what, exemption, ok] of cases) {
    it(`${what}: ${ok ? 'accepted' : 'refused'} by both`, () => {
      const doc = { policy: { exemptions: [exemption] } };
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(ok);
      const errors = validateSpec(loadSpec(stringify(doc), 'spec.yaml')).filter((d) => d.severity === 'error');
      expect(errors.length === 0, JSON.stringify(errors)).toBe(ok);
    });
  }
});
