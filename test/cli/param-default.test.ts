import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';

// Issue 14 §3: an error caused by a default the user never wrote says "(default)", and its fix names both
// ways out; the same error for a value the user gave does not.
const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    count: { type: 'int', minValue: 5, defaultValue: 3 },
    tier: { type: 'string', allowedValues: ['Premium'], defaultValue: 'Basic' },
  },
  resources: [],
};

describe('a template default that breaks its own constraint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-param-default-'));
  writeFileSync(join(dir, 't.json'), JSON.stringify(template, null, 2));

  it('is named "(default)" with a fix for both the command line and the template', async () => {
    const r = await runMain(['expand', 't.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("parameter 'count' breaks its minValue of 5: 3 (default)");
    expect(r.stderr).toContain("pass --parameters count=…, or correct the template's defaultValue");
    expect(r.stderr).toContain(`parameter 'tier' is "Basic" (default), which is not one of its allowedValues`);
  });

  it('a value the user gave is not called the default', async () => {
    const r = await runMain(['expand', 't.json', '--parameters', 'count=4', '--parameters', 'tier=Premium'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("parameter 'count' breaks its minValue of 5: 4");
    expect(r.stderr).not.toContain('(default)');
  });

  it('valid values given az-style end the errors', async () => {
    const r = await runMain(['expand', 't.json', '--parameters', 'count=5', '--parameters', 'tier=Premium'], { cwd: dir });
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
  });
});
