import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../../src/arm/template/index.js';
import { buildPlan } from '../../../src/emit/plan.js';
import { defaultSpec } from '../../../src/spec/load.js';
import { expectGolden } from '../../helpers/golden.js';

/** The project's own plan (`il5ml plan` on the default spec) expands with no error and loses no declaration. */
describe('expanding the default plan', () => {
  const files = buildPlan(defaultSpec()).files();
  const text = files.get('azuredeploy.json') ?? '';
  const result = expandTemplate({
    text,
    file: 'azuredeploy.json',
    parametersText: files.get('azuredeploy.parameters.json'),
    parametersFile: 'azuredeploy.parameters.json',
  });

  it('has no error', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('expands or skips (with a reason) every declared resource', () => {
    const declared = (JSON.parse(text) as { resources: unknown[] }).resources.length;
    const reached = new Set([...result.resources, ...result.existing].map((r) => String(r.declaration)).concat(result.skipped.map((s) => s.declaration)));
    const top = [...reached].filter((d) => /^resources\[\d+\]$/.test(d));
    expect(top).toHaveLength(declared);
  });

  it('matches the golden resource IDs', () => {
    expectGolden('expand/plan.ids.txt', result.resources.map((r) => `${r.type} ${r.id}`).join('\n') + '\n');
  });
});
