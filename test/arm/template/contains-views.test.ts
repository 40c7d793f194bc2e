/**
 * contains() on what reference() and deployment() return: a key the template declares is there (true); one it
 * does not declare may be filled in by Azure at deployment (reference(): "not declared in the template; it
 * exists only after deployment"), so whether it exists is Unknown, not true. A key is looked up
 * case-insensitively ("contains … object: determines whether the object contains a property",
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object#contains, read
 * 2026-12-07).
 */
import { describe, expect, it } from 'vitest';
import { expand } from './helpers.js';

const vnet = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2023-04-01',
  name: 'vnet',
  location: 'usgovvirginia',
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
};

function outputs(values: Record<string, string>): Record<string, unknown> {
  const r = expand({ resources: [vnet], outputs: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { type: 'bool', value: v }])) });
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  if (errs.length > 0) throw new Error(errs.map((d) => d.message).join('\n'));
  return Object.fromEntries(Object.entries(r.outputs).map(([k, o]) => [k, JSON.parse(JSON.stringify(o.value)) as unknown]));
}

describe('contains() on reference() and deployment() views', () => {
  it('is true for a declared key, in any casing, and Unknown for a key Azure may add', () => {
    const o = outputs({
      declared: "[contains(reference('vnet'), 'addressSpace')]",
      casing: "[contains(reference('vnet'), 'ADDRESSSPACE')]",
      full: "[contains(reference('vnet', '2023-04-01', 'Full'), 'location')]",
      runtime: "[contains(reference('vnet'), 'provisioningState')]",
      template: "[contains(deployment().properties, 'template')]",
      link: "[contains(deployment().properties, 'templateLink')]",
    });
    expect(o.declared).toBe(true);
    expect(o.casing).toBe(true);
    expect(o.full).toBe(true);
    expect(o.template).toBe(true);
    expect(JSON.stringify(o.runtime)).toMatch(/\$unknown.*contains\(\): properties\.provisioningState of .* is not declared in the template/);
    expect(JSON.stringify(o.link)).toMatch(/\$unknown.*contains\(\): deployment\(\)\.properties\.templateLink/);
  });

  it('a plain object with an Unknown value still contains its key', () => {
    const o = outputs({ plain: "[contains(createObject('k', reference('vnet').provisioningState), 'k')]", absent: "[contains(createObject('k', 1), 'z')]" });
    expect(o.plain).toBe(true);
    expect(o.absent).toBe(false);
  });
});
