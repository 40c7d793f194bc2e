import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { schemaAt, type JsonSchemaNode } from '../../src/spec/json-schema.js';
import { formatPath, loadSpec } from '../../src/spec/load.js';
import { validateSpec } from '../../src/validate/index.js';

/**
 * The editor schema's keywords (src/spec/schema-meta.ts) and the CLI's rules agree: for each value in the
 * table, the schema accepts it exactly when `il5ml` reports no error at that key. The keywords are
 * checked here as an editor checks them (enum, minimum/maximum, pattern, minLength/maxLength).
 */
function schemaAccepts(node: JsonSchemaNode, value: unknown): boolean {
  if (Array.isArray(node.enum) && !node.enum.includes(value)) return false;
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) return false;
    if (typeof node.maximum === 'number' && value > node.maximum) return false;
  }
  if (typeof value === 'string') {
    if (typeof node.pattern === 'string' && !new RegExp(node.pattern, 'u').test(value)) return false;
    if (typeof node.minLength === 'number' && value.length < node.minLength) return false;
    if (typeof node.maxLength === 'number' && value.length > node.maxLength) return false;
  }
  return true;
}

function setIn(path: readonly (string | number)[], value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let cur: Record<string, unknown> | unknown[] = root;
  path.forEach((seg, i) => {
    const last = i === path.length - 1;
    const next = typeof path[i + 1] === 'number' ? [] : {};
    if (Array.isArray(cur)) cur.push(last ? value : next);
    else cur[String(seg)] = last ? value : next;
    if (!last) cur = (Array.isArray(cur) ? cur[cur.length - 1] : cur[String(seg)]) as Record<string, unknown> | unknown[];
  });
  return root;
}

function cliAccepts(path: readonly (string | number)[], value: unknown): boolean {
  const doc = setIn(path, value);
  const diags = validateSpec(loadSpec(stringify(doc), 'spec.yaml'));
  const key = formatPath(path);
  return !diags.some((d) => d.severity === 'error' && d.path === key);
}

const EXEMPTION = { rule: 'IL5-KV-001', justification: 'why' };
const table: [path: (string | number)[], values: unknown[]][] = [
  [['region'], ['usgovvirginia', 'usgovarizona', 'eastus', 'usgovtexas', 'USGov Virginia']],
  [['prefix'], ['il5ml', 'ab', 'a', 'Abc', '1abc', 'abcdefgh', 'abcdefghi', 'ab-c']],
  [['keyVault', 'key', 'size'], [2048, 3072, 4096, 1024, 3000]],
  [['keyVault', 'softDeleteRetentionDays'], [7, 90, 6, 91]],
  [['monitoring', 'retentionDays'], [30, 365, 730, 29, 731]],
  [['network', 'addressSpace'], ['172.16.0.0/16', '300.0.0.0/16', '172.16.0.0/33', '172.16.0.0', 'fe80::/64']],
  [['jumpBox', 'autoShutdown', 'time'], ['1900', '0000', '2359', '2400', '1960', '7:00']],
  [['jumpBox', 'autoShutdown', 'timeZone'], ['Eastern Standard Time', 'UTC', 'Turkey Standard Time', 'EST', 'eastern standard time', 'America/New_York', 'Türkiye Standard Time', '']],
  [['compute', 'cluster', 'minNodes'], [0, 2, -1]],
  [['compute', 'cluster', 'maxNodes'], [1, 4, 0]],
  [['keyVault', 'key', 'rotation', 'rotateAfter'], ['P90D', 'P60D', 'PT2160H', '90D', 'P', 'PT']],
];

describe('JSON Schema keywords agree with the CLI rules', () => {
  it.each(table)('%j', (path, values) => {
    const node = schemaAt(path);
    expect(node, 'the schema has the key').toBeDefined();
    for (const v of values) expect(schemaAccepts(node ?? {}, v), `${formatPath(path)}: ${JSON.stringify(v)}`).toBe(cliAccepts(path, v));
  });

  it('expiresOn: format date and a YYYY-MM-DD pattern', () => {
    const node = schemaAt(['policy', 'exemptions', 0, 'expiresOn']) ?? {};
    expect(node.format).toBe('date');
    for (const v of ['2027-06-30', '2027/06/30', '06/30/2027', '30 June 2027']) {
      const diags = validateSpec(loadSpec(stringify({ policy: { exemptions: [{ ...EXEMPTION, expiresOn: v }] } }), 'spec.yaml'));
      const cli = !diags.some((d) => d.severity === 'error' && d.path === 'policy.exemptions[0].expiresOn');
      expect(schemaAccepts(node, v), v).toBe(cli);
    }
  });

  it('tags: names, values and their number as the tags rule takes them', () => {
    const node = schemaAt(['tags']) ?? {};
    const names = (node.propertyNames ?? {}) as JsonSchemaNode;
    const values = (node.additionalProperties ?? {}) as JsonSchemaNode;
    const tagErrors = (tags: Record<string, string>, jumpBox = true): boolean =>
      validateSpec(loadSpec(stringify({ tags, jumpBox: { enabled: jumpBox } }), 'spec.yaml')).some((d) => d.severity === 'error' && d.code === 'IL5-SPEC-TAGS');
    for (const n of ['cost-center', 'Cost Center', 'cost/center', 'a<b', 'x%', 'a&b', 'back\\slash', 'q?', 'x'.repeat(512), 'x'.repeat(513)]) {
      expect(schemaAccepts(names, n), `name ${JSON.stringify(n.slice(0, 20))}`).toBe(!tagErrors({ [n]: 'v' }));
    }
    for (const v of ['', 'prod', 'x'.repeat(256), 'x'.repeat(257)]) expect(schemaAccepts(values, v), `value of ${v.length}`).toBe(!tagErrors({ t: v }));
    // maxProperties is the bound without a jump box; with one the rule allows 49 (the jump box adds a tag).
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'v']));
    expect(node.maxProperties).toBe(50);
    expect(tagErrors(many(50), false)).toBe(false);
    expect(tagErrors(many(51), false)).toBe(true);
  });

  it('dns.zoneIds keys are the private DNS zone names', () => {
    const node = schemaAt(['dns', 'zoneIds']) ?? {};
    const names = (node.propertyNames as { enum?: string[] } | undefined)?.enum ?? [];
    expect(names).toContain('privatelink.api.ml.azure.us');
    expect(names).toContain('privatelink.azurecr.us');
    expect(names).not.toContain('privatelink.azurecr.io');
  });
});
