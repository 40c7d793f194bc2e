import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { riskDecisions, renderRiskDecisions } from '../../src/emit/risks.js';
import { loadSpec } from '../../src/spec/load.js';
import { validateSpec } from '../../src/validate/index.js';

/*
 * plan.md's "Risk decisions" row for compute isolation. The spec rule compute-isolation refuses isolatedSize with
 * a size that is not isolated, so `il5ml plan` never gets there; the row is built from the spec alone all the same
 * (a library caller can skip validation), and must never call a risk closed that is open.
 */
const row = (yaml: string) => {
  const r = riskDecisions(loadSpec(yaml, 'spec.yaml').spec).find((x) => x.topic === 'Isolation of Azure ML compute');
  if (!r) throw new Error('no compute isolation row');
  return r;
};

describe('risk decisions: isolation of Azure ML compute', () => {
  it('shared (the default): open, with the key that closes it', () => {
    const r = row('prefix: abc\n');
    expect(r.decision).toBe('compute.isolation shared: cluster Standard_DS3_v2 and instance Standard_DS3_v2 on hosts shared with other customers');
    expect(r.close).toContain('compute.isolation: isolatedSize');
  });

  it('isolatedSize with isolated sizes: closed', () => {
    const r = row('compute:\n  isolation: isolatedSize\n  cluster:\n    vmSize: Standard_E104is_v5\n  instance:\n    vmSize: Standard_E80is_v4\n');
    expect(r.risk).toBe('None beyond cost and regional capacity of isolated sizes (check quota before deploying).');
    expect(r.close).toBe('Nothing to do.');
  });

  it("the tester's case, isolatedSize with Standard_DS3_v2: open, naming both sizes, never \"Nothing to do\"", () => {
    const yaml = 'compute:\n  isolation: isolatedSize\n';
    const r = row(yaml);
    expect(r.risk).toBe(
      'The cluster size Standard_DS3_v2 and the instance size Standard_DS3_v2 are not isolated: the compute that processes IL5 data shares its hosts with other customers, which the IL5 guidance asks to avoid for VMs in Government regions.',
    );
    expect(r.close).toBe('compute.cluster.vmSize and compute.instance.vmSize: an isolated size (https://learn.microsoft.com/azure/virtual-machines/isolation)');
    const md = renderRiskDecisions(loadSpec(yaml, 'spec.yaml').spec, (s) => s).join('\n');
    expect(md).not.toContain('Nothing to do');
    // ...and validation refuses the spec, so plan writes nothing for it.
    expect(validateSpec(loadSpec(yaml, 'spec.yaml')).filter((d) => d.code === 'IL5-SPEC-COMPUTE-ISOLATION').map((d) => d.severity)).toEqual(['error', 'error']);
  });

  it('one size isolated, one not: only the other is named', () => {
    const r = row('compute:\n  isolation: isolatedSize\n  cluster:\n    vmSize: Standard_E104is_v5\n');
    expect(r.risk).toMatch(/^The instance size Standard_DS3_v2 is not isolated: /);
    expect(r.close).toBe('compute.instance.vmSize: an isolated size (https://learn.microsoft.com/azure/virtual-machines/isolation)');
  });
});

describe('risk decisions: the jump box portal safelist', () => {
  const topics = (yaml: string): string[] => riskDecisions(loadSpec(yaml, 'spec.yaml').spec).map((x) => x.topic);
  it('a jump box (the default) opens the portal wildcards: one open row, citing the safelist page', () => {
    const r = riskDecisions(loadSpec('prefix: abc\n', 'spec.yaml').spec).find((x) => x.topic === 'Jump box outbound (Azure portal)');
    expect(r?.risk).toMatch(/other tenants' endpoints/);
    expect(r?.source.url).toBe('https://learn.microsoft.com/azure/azure-portal/azure-portal-safelist-urls?tabs=us-government-cloud');
  });
  it('no jump box, no row', () => {
    expect(topics('jumpBox:\n  enabled: false\n')).not.toContain('Jump box outbound (Azure portal)');
  });
});

describe("risk decisions: the workspace's key version expires", () => {
  it('names the spec\'s expiry and notice, and the way to close it (Key Vault exp: no new wrapping)', () => {
    const spec = loadSpec('keyVault:\n  key:\n    rotation:\n      expiresAfter: P2Y\n      rotateAfter: P180D\n      notifyBefore: P60D\n', 'spec.yaml').spec;
    const r = riskDecisions(spec).find((x) => x.topic === "The workspace's key version expires");
    expect(r?.decision).toContain('expire P2Y after its creation (keyVault.key.rotation.expiresAfter)');
    expect(r?.close).toContain('notifies P60D ahead');
    expect(r?.close).toContain('keyVault.key.rotation.expiresAfter');
    expect(r?.source.url).toBe('https://learn.microsoft.com/azure/key-vault/keys/about-keys-details#key-attributes');
  });

  // WORKSPACE_KEY_EXPIRY.update: the row gives the documented way to move the workspace to the key's current
  // version, as two commands an operator can paste; run here against a stub az, they send the workspace PATCH
  // with the version read through Resource Manager at properties.encryption.keyVaultProperties.keyIdentifier.
  it('gives the commands that move the workspace to the current key version, and they send that version', () => {
    const spec = loadSpec('prefix: contoso\nkeyVault:\n  key:\n    name: ml-cmk\n', 'spec.yaml').spec;
    const close = riskDecisions(spec).find((x) => x.topic === "The workspace's key version expires")?.close ?? '';
    expect(close).toContain('Azure ML documents no versionless key and no automatic version update for the workspace');
    expect(close).toContain('https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys#limitations');
    expect(close).toContain('https://learn.microsoft.com/rest/api/azureml/workspaces/update');
    const code = [...close.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    expect(code).toHaveLength(2);
    // No backslash: in a Markdown table cell it would have to be doubled, and a code span shows both.
    expect(close).not.toContain('\\');
    expect(code[0]).toContain('--ids /subscriptions/<subscription>/resourceGroups/<resource group>/providers/Microsoft.KeyVault/vaults/contosokv<uniqueString>/keys/ml-cmk --query properties.keyUriWithVersion');
    expect(code[1]).toContain('/providers/Microsoft.MachineLearningServices/workspaces/contoso-mlw?api-version=2025-04-01');
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-keyupdate-'));
    try {
      const version = 'https://contosokvabc.vault.usgovcloudapi.net/keys/ml-cmk/0123456789abcdef0123456789abcdef';
      writeFileSync(
        join(dir, 'az'),
        `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> "${dir}/log"\ncase "$1 $2" in\n  "resource show") echo '${version}' ;;\n  "rest --method") while [ $# -gt 0 ]; do [ "$1" = --body ] && printf '%s' "$2" > "${dir}/body"; shift; done ;;\nesac\n`,
      );
      chmodSync(join(dir, 'az'), 0o755);
      const fill = (c: string) => c.replace(/<subscription>/g, '0a1b2c3d-0000-4000-8000-00000000abcd').replace(/<resource group>/g, 'contoso-rg').replace(/<uniqueString>/g, 'abc');
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', `${fill(code[0] ?? '')}\n${fill(code[1] ?? '')}`], { env: { PATH: `${dir}:${process.env.PATH ?? ''}` }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'body'), 'utf8'))).toEqual({ properties: { encryption: { keyVaultProperties: { keyIdentifier: version } } } });
      expect(readFileSync(join(dir, 'log'), 'utf8').split('\n')[1]).toBe(
        'rest --method patch --url /subscriptions/0a1b2c3d-0000-4000-8000-00000000abcd/resourceGroups/contoso-rg/providers/Microsoft.MachineLearningServices/workspaces/contoso-mlw?api-version=2025-04-01 --body ' +
          `{"properties":{"encryption":{"keyVaultProperties":{"keyIdentifier":"${version}"}}}}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
