import { describe, expect, it } from 'vitest';
import { defaultSpecText, loadSpec } from '../../src/spec/load.js';
import { validateSpec } from '../../src/validate/index.js';

// Every subnet left out defaults inside the spec's own address space, at the runbook's offset (x.x.0.0,
// x.x.1.0, ...), so that a spec that only changes network.addressSpace plans (the runbook: the address
// values "may be different for you"); src/spec/subnet-layout.ts.
type Row = [addressSpace: string, training: string, scoring: string, bastion: string, firewall: string, jumpBox: string, privateEndpoints: string];
const table: Row[] = [
  ['172.16.0.0/16', '172.16.0.0/24', '172.16.1.0/24', '172.16.2.0/26', '172.16.3.0/26', '172.16.4.0/27', '172.16.5.0/24'],
  ['10.20.0.0/16', '10.20.0.0/24', '10.20.1.0/24', '10.20.2.0/26', '10.20.3.0/26', '10.20.4.0/27', '10.20.5.0/24'],
  ['10.8.0.0/20', '10.8.0.0/24', '10.8.1.0/24', '10.8.2.0/26', '10.8.3.0/26', '10.8.4.0/27', '10.8.5.0/24'],
  ['192.168.8.0/21', '192.168.8.0/24', '192.168.9.0/24', '192.168.10.0/26', '192.168.11.0/26', '192.168.12.0/27', '192.168.13.0/24'],
  // A /22 ends before the runbook's x.x.4.0: JumpBox takes the first free /27 (after Bastion), and no /24
  // is left for PrivateEndpoints, which keeps the runbook's range as a placeholder (reported below).
  ['10.1.0.0/22', '10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/26', '10.1.3.0/26', '10.1.2.64/27', '172.16.5.0/24'],
];

describe('subnet defaults follow network.addressSpace', () => {
  it.each(table)('%s: Training %s, Scoring %s, Bastion %s, Firewall %s, JumpBox %s, PrivateEndpoints %s', (space, training, scoring, bastion, firewall, jumpBox, pe) => {
    const loaded = loadSpec(`network:\n  addressSpace: ${space}\n`, 'spec.yaml');
    expect(loaded.spec.network.subnets).toEqual({ training, scoring, bastion, firewall, jumpBox, privateEndpoints: pe });
  });

  it("the tester's repro: the init spec with 172.16. replaced by 10.20. validates without a finding", () => {
    const loaded = loadSpec(defaultSpecText().replaceAll('172.16.', '10.20.'), 'c.yaml');
    expect(validateSpec(loaded)).toEqual([]);
    // bastion is only a comment in the init spec: its default follows the address space.
    expect(loaded.spec.network.subnets.bastion).toBe('10.20.2.0/26');
  });

  it('only the address space written: every subnet follows it, and the spec validates', () => {
    expect(validateSpec(loadSpec('network:\n  addressSpace: 10.20.0.0/16\n', 'spec.yaml'))).toEqual([]);
  });

  it('a default whose place is taken moves to the first free block of its size', () => {
    const loaded = loadSpec('network:\n  addressSpace: 10.20.0.0/16\n  subnets:\n    training: 10.20.2.0/23\n', 'spec.yaml');
    expect(loaded.spec.network.subnets.scoring).toBe('10.20.1.0/24');
    expect(loaded.spec.network.subnets.bastion).toBe('10.20.0.0/26');
    expect(loaded.spec.network.subnets.firewall).toBe('10.20.0.64/26');
    expect(validateSpec(loaded).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('no Bastion range in a spoke that leaves it out, nor without a jump box', () => {
    const hub = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub';
    expect(loadSpec(`network:\n  hub:\n    virtualNetworkId: ${hub}\n`, 'spec.yaml').spec.network.subnets.bastion).toBeUndefined();
    expect(loadSpec('jumpBox:\n  enabled: false\n', 'spec.yaml').spec.network.subnets.bastion).toBeUndefined();
  });

  it('written values win', () => {
    const loaded = loadSpec('network:\n  addressSpace: 10.20.0.0/16\n  subnets:\n    jumpBox: 10.20.9.0/28\n', 'spec.yaml');
    expect(loaded.spec.network.subnets.jumpBox).toBe('10.20.9.0/28');
    expect(loaded.spec.network.subnets.privateEndpoints).toBe('10.20.5.0/24');
  });

  it('an address space with no room for a default: the error names the key to set, not a range the user never wrote', () => {
    const loaded = loadSpec('network:\n  addressSpace: 10.20.0.0/24\n  subnets:\n    training: 10.20.0.0/26\n    scoring: 10.20.0.64/26\n    bastion: 10.20.0.128/26\n    firewall: 10.20.0.192/26\n', 'spec.yaml');
    const errors = validateSpec(loaded).filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.message, d.fix])).toEqual([
      [
        'IL5-SPEC-SUBNET-IN-ADDRESS-SPACE',
        'network.subnets.privateEndpoints is not set, and the address space 10.20.0.0/24 has no free /24 left for the PrivateEndpoints subnet',
        'set network.subnets.privateEndpoints to a range inside 10.20.0.0/24 that no other subnet uses (/29 or larger; the default is a /24), or widen network.addressSpace',
      ],
      [
        'IL5-SPEC-SUBNET-IN-ADDRESS-SPACE',
        'network.subnets.jumpBox is not set, and the address space 10.20.0.0/24 has no free /27 left for the JumpBox subnet',
        'set network.subnets.jumpBox to a range inside 10.20.0.0/24 that no other subnet uses (/29 or larger; the default is a /27), or widen network.addressSpace',
      ],
    ]);
  });
});
