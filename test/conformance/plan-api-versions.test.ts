import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_VERSIONS } from '../../src/catalog/api-versions.js';
import { sharedPath } from './shared.js';

/**
 * src/catalog/api-versions.ts against ../shared/azure-types: each chosen version exists, and it is the one
 * the catalog's rule picks: the newest GA version at least a year old on the reading date (2026-11-25).
 */
const root = sharedPath('azure-types');
const available = new Map<string, string[]>();
for (const rel of (readdirSync(root, { recursive: true }) as string[]).map((p) => p.replace(/\\/g, '/')).filter((p) => p.endsWith('/types.json')).sort()) {
  const nodes = JSON.parse(readFileSync(join(root, rel), 'utf8')) as Array<{ $type: string; name?: string }>;
  for (const n of nodes) {
    if (n.$type !== 'ResourceType' || !n.name) continue;
    const [type, version] = n.name.split('@') as [string, string];
    const key = type.toLowerCase();
    available.set(key, [...(available.get(key) ?? []), version]);
  }
}

const YEAR_BEFORE_READING = '2025-11-25';

describe('apiVersions of the plan vs ../shared/azure-types', () => {
  it.each(API_VERSIONS.map((f) => [`${f.type}@${f.apiVersion}`, f] as const))('%s', (_label, f) => {
    const versions = available.get(f.type.toLowerCase()) ?? [];
    expect(versions, `${f.type} has no definition in ../shared/azure-types`).toContain(f.apiVersion);
    const eligible = versions.filter((v) => !v.includes('-preview') && v.slice(0, 10) <= YEAR_BEFORE_READING).sort();
    if (eligible.length > 0) {
      expect(f.apiVersion).toBe(eligible[eligible.length - 1]);
    } else {
      // No GA version a year old exists here: the entry must say why it departs from the rule.
      expect(f.reason).toMatch(/only version/);
    }
  });
});
