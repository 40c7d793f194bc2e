import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { declaredId } from './ids.js';
import { VARIANTS } from './specs.js';

describe('dependsOn', () => {
  for (const v of VARIANTS) {
    it(`${v.name}: every entry names a resource declared in the same template`, () => {
      const rs = buildPlan(v.spec()).template.resources;
      const declared = new Set(rs.map(declaredId));
      const dangling = rs.flatMap((r) => (r.dependsOn ?? []).filter((d) => !declared.has(d)).map((d) => `${r.type} ${r.name} -> ${d}`));
      expect(dangling).toEqual([]);
    });

    it(`${v.name}: has no cycle`, () => {
      const rs = buildPlan(v.spec()).template.resources;
      const byId = new Map(rs.map((r) => [declaredId(r), r]));
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (id: string, path: string[]): void => {
        if (state.get(id) === 'done') return;
        if (state.get(id) === 'visiting') throw new Error(`cycle: ${[...path, id].join(' -> ')}`);
        state.set(id, 'visiting');
        for (const d of byId.get(id)?.dependsOn ?? []) visit(d, [...path, id]);
        state.set(id, 'done');
      };
      for (const id of byId.keys()) visit(id, []);
    });
  }

  it('the resources that encrypt with the key wait for the identity\'s role on the key', () => {
    const rs = buildPlan(defaultSpec()).template.resources;
    for (const type of [
      'Microsoft.Storage/storageAccounts',
      'Microsoft.ContainerRegistry/registries',
      'Microsoft.MachineLearningServices/workspaces',
      'Microsoft.Compute/diskEncryptionSets',
    ]) {
      const r = rs.find((x) => x.type === type);
      expect(r?.dependsOn?.some((d) => d.startsWith('[extensionResourceId(') && d.includes('Microsoft.Authorization/roleAssignments')), type).toBe(true);
    }
  });
});
