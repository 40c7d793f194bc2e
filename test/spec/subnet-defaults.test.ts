import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { validateSpec } from '../../src/validate/index.js';

// The JumpBox and PrivateEndpoints subnets (issue 9) default inside the spec's own address space, so a
// spec written before them, with another address space, still plans.
const table: [addressSpace: string, jumpBox: string, privateEndpoints: string][] = [
  ['172.16.0.0/16', '172.16.4.0/27', '172.16.5.0/24'],
  ['10.20.0.0/16', '10.20.4.0/27', '10.20.5.0/24'],
  ['10.8.0.0/20', '10.8.4.0/27', '10.8.5.0/24'],
  ['192.168.8.0/21', '192.168.12.0/27', '192.168.13.0/24'],
];

describe('subnet defaults follow network.addressSpace', () => {
  it.each(table)('%s: JumpBox %s, PrivateEndpoints %s', (space, jumpBox, pe) => {
    const loaded = loadSpec(`network:\n  addressSpace: ${space}\n`, 'spec.yaml');
    expect(loaded.spec.network.subnets.jumpBox).toBe(jumpBox);
    expect(loaded.spec.network.subnets.privateEndpoints).toBe(pe);
  });

  it('written values win', () => {
    const loaded = loadSpec('network:\n  addressSpace: 10.20.0.0/16\n  subnets:\n    jumpBox: 10.20.9.0/28\n', 'spec.yaml');
    expect(loaded.spec.network.subnets.jumpBox).toBe('10.20.9.0/28');
    expect(loaded.spec.network.subnets.privateEndpoints).toBe('10.20.5.0/24');
  });

  it('an address space too small for the default keeps the runbook range, which validation reports with the fix', () => {
    const loaded = loadSpec('network:\n  addressSpace: 10.20.0.0/24\n  subnets:\n    training: 10.20.0.0/26\n    scoring: 10.20.0.64/26\n    bastion: 10.20.0.128/26\n    firewall: 10.20.0.192/26\n', 'spec.yaml');
    expect(loaded.spec.network.subnets.privateEndpoints).toBe('172.16.5.0/24');
    const errors = validateSpec(loaded).filter((d) => d.severity === 'error').map((d) => d.message);
    expect(errors.some((m) => m.includes('PrivateEndpoints subnet 172.16.5.0/24 is not inside the address space 10.20.0.0/24'))).toBe(true);
  });
});
