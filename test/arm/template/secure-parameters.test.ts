import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../../src/arm/template/index.js';

// A secure value given in a parameters file is checked, then never echoed: il5ml writes no secret to
// an output (DEVELOPERS guide: "secrets ... never in outputs or logs"; ARM itself never returns one).
const template = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { pw: { type: 'securestring' }, cfg: { type: 'secureObject' }, user: { type: 'string' } },
  resources: [
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: 'vm1',
      location: 'usgovvirginia',
      properties: { osProfile: { adminUsername: "[parameters('user')]", adminPassword: "[parameters('pw')]", custom: "[parameters('cfg')]" } },
    },
  ],
});
const params = (pw: unknown) =>
  JSON.stringify({ parameters: { pw: { value: pw }, cfg: { value: { key: 'S3cr3t-object' } }, user: { value: 'il5admin' } } });

describe('secure parameters', () => {
  it('a given secure value is withheld from the expanded resources', () => {
    const r = expandTemplate({ text: template, file: 't.json', parametersText: params('Hunter2-Pa$$w0rd') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const text = JSON.stringify(r.resources);
    expect(text).not.toContain('Hunter2-Pa$$w0rd');
    expect(text).not.toContain('S3cr3t-object');
    expect(text).toContain('secure parameter pw: its value is withheld');
    expect(text).toContain('il5admin');
  });
  it('a secure value of the wrong type is reported without echoing it', () => {
    const r = expandTemplate({ text: template, file: 't.json', parametersText: params(['Hunter2-in-an-array']) });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message)).toEqual(["parameter 'pw' is declared securestring but its value is of type array"]);
    expect(JSON.stringify(r)).not.toContain('Hunter2-in-an-array');
  });
});
