import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { DEFAULT_SCHEMA_REF } from '../../src/spec/default.js';
import { specJsonSchema, type JsonSchemaNode } from '../../src/spec/json-schema.js';
import { defaultSpec, defaultSpecText, loadSpec } from '../../src/spec/load.js';
import { SpecSchema } from '../../src/spec/schema.js';

/** Every key path the schema declares (record and array contents excluded). */
function schemaKeys(node: JsonSchemaNode, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, child] of Object.entries(node.properties ?? {})) {
    out.push([...prefix, k]);
    out.push(...schemaKeys(child, [...prefix, k]));
  }
  return out;
}

describe('the default spec (il5ml init)', () => {
  it('starts with the yaml-language-server schema line', () => {
    expect(defaultSpecText().split('\n')[0]).toBe(`# yaml-language-server: $schema=${DEFAULT_SCHEMA_REF}`);
    expect(defaultSpecText('../schema/x.json').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/x.json');
  });

  it('equals the schema defaults applied to {} (the YAML and the schema cannot drift)', () => {
    expect(defaultSpec()).toEqual(SpecSchema.parse({}));
  });

  it('loads without a diagnostic', () => {
    expect(loadSpec(defaultSpecText(), '<default>').diagnostics).toEqual([]);
  });

  it('writes every key of the schema, most as YAML keys and the optional ones as commented examples', () => {
    const text = defaultSpecText();
    const doc = parseDocument(text);
    for (const path of schemaKeys(specJsonSchema())) {
      if (path[0] === '$schema' || path.includes('exemptions')) continue;
      const last = path[path.length - 1] ?? '';
      if (doc.hasIn(path)) continue;
      // Optional keys without a default (firewall.privateIp) appear as a commented example; nested ones
      // (compute.instance.assignedUser.objectId) keep their YAML indentation after the '#'.
      expect(text, `key ${path.join('.')}`).toMatch(new RegExp(`^\\s*#\\s+${last.replace(/[$]/g, '\\$')}:`, 'm'));
    }
    // Exemption fields are shown in the commented example of policy.exemptions.
    for (const k of ['rule', 'resource', 'justification', 'expiresOn', 'category']) expect(text).toMatch(new RegExp(`#\\s+(- )?${k}:`));
  });

  it('holds the runbook values literally, with the corrections explained', () => {
    const text = defaultSpecText();
    for (const line of [
      'region: usgovvirginia',
      'addressSpace: 172.16.0.0/16',
      'training: 172.16.0.0/24',
      'scoring: 172.16.1.0/24',
      'bastion: 172.16.2.0/26',
      'size: 3072',
      'name: cpu-cluster',
      'minNodes: 0',
      'isolation: dedicatedHost',
      'prefix: il5ml',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/172\.16\.2\.0\/27.*refuses/);
    expect(text).toMatch(/2048, 3072 or 4096/);
  });

  it('returns a fresh copy each time', () => {
    const a = defaultSpec();
    a.tags.changed = 'yes';
    expect(defaultSpec().tags.changed).toBeUndefined();
  });
});
