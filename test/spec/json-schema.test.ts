import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allowedKeys, schemaAt, specJsonSchemaText } from '../../src/spec/json-schema.js';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'il5ml.spec.schema.json');

describe('schema/il5ml.spec.schema.json', () => {
  it('is generated from src/spec/schema.ts and up to date', () => {
    expect(readFileSync(FILE, 'utf8'), 'schema/il5ml.spec.schema.json is stale: run `npm run gen:schema` and commit it').toBe(specJsonSchemaText());
  });

  it('refuses unknown keys, as il5ml does, so editors flag them', () => {
    const schema = JSON.parse(specJsonSchemaText()) as { additionalProperties?: boolean; properties: Record<string, { additionalProperties?: boolean }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.network?.additionalProperties).toBe(false);
  });
});

describe('allowedKeys / schemaAt', () => {
  it.each([
    [[], ['prefix', 'region', 'tags', 'network', 'keyVault', 'storage', 'workspace', 'compute', 'jumpBox', 'monitoring', 'firewall', 'dns', 'policy', 'posture', 'check']],
    [['network', 'subnets'], ['training', 'scoring', 'bastion', 'firewall', 'jumpBox', 'privateEndpoints']],
    [['policy', 'exemptions', 0], ['rule', 'policyDefinitionId', 'resource', 'resourceId', 'justification', 'expiresOn', 'category']],
  ] as [(string | number)[], string[]][])('keys at %j', (path, keys) => {
    expect(allowedKeys(path)).toEqual(keys);
  });
  it('has no fixed keys inside a record', () => {
    expect(allowedKeys(['tags'])).toBeUndefined();
    expect(schemaAt(['tags', 'anything'])?.type).toBe('string');
  });
});
