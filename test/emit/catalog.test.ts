import { describe, expect, it } from 'vitest';
import { API_VERSIONS } from '../../src/catalog/api-versions.js';
import { RUNBOOK_DEVIATIONS } from '../../src/catalog/runbook-deviations.js';
import { buildPlan } from '../../src/emit/plan.js';
import { ROLES } from '../../src/emit/roles.js';
import { VARIANTS } from './specs.js';

const READ = '2026-11-25';
const YEAR_BEFORE = '2025-11-25';

describe('src/catalog/api-versions.ts', () => {
  it('one entry a type', () => {
    const types = API_VERSIONS.map((f) => f.type.toLowerCase());
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(API_VERSIONS.map((f) => [f.type, f] as const))('%s: GA, a year old at reading, sourced from the types commit', (_type, f) => {
    expect(f.source.read).toBe(READ);
    expect(f.source.url).toContain(`/${f.apiVersion}/types.json`);
    expect(f.apiVersion.slice(0, 10) <= YEAR_BEFORE).toBe(true);
    // The two previews: diagnostic settings and policy exemptions, which have no GA version in
    // ../shared/azure-types; their reasons say so.
    if (f.apiVersion.endsWith('-preview')) {
      expect(['Microsoft.Insights/diagnosticSettings', 'Microsoft.Authorization/policyExemptions']).toContain(f.type);
      expect(f.reason).toMatch(/only version/);
    }
  });

  it('covers every type the plans emit', () => {
    // Microsoft.Resources/deployments (the hub-side peering of a spoke) has no definition in
    // ../shared/azure-types: its version lives in src/emit/spoke.ts.
    const catalog = new Set([...API_VERSIONS.map((f) => f.type), 'Microsoft.Resources/deployments']);
    for (const v of VARIANTS) for (const r of buildPlan(v.spec()).template.resources) expect(catalog.has(r.type), r.type).toBe(true);
  });
});

describe('src/catalog/runbook-deviations.ts', () => {
  it.each(Object.entries(RUNBOOK_DEVIATIONS))('%s: has runbook, plan, reason and a dated https source', (_id, d) => {
    expect(d.runbook.length).toBeGreaterThan(0);
    expect(d.plan.length).toBeGreaterThan(0);
    expect(d.reason.length).toBeGreaterThan(0);
    expect(d.source.url).toMatch(/^https:\/\//);
    expect(d.source.read).toBe(READ);
  });
});

describe('src/emit/roles.ts', () => {
  // Expected GUIDs: Microsoft Learn, Azure built-in roles (read 2026-11-25).
  it.each([
    ['keyVaultCryptoServiceEncryptionUser', 'e147488a-f6f5-4113-8e2d-b22465e65bf6'],
    ['reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7'],
    ['storageBlobDataReader', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'],
  ] as const)('%s is %s', (key, guid) => {
    expect(ROLES[key].guid).toBe(guid);
  });
});
