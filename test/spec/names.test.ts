import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAMING_RULES, namingProblems } from '../../src/catalog/naming.js';
import { defaultSpec } from '../../src/spec/load.js';
import { INSTANCE_UNIQUE_TAG, MAX_PREFIX_LENGTH, UNIQUE_STRING_LENGTH, resourceNames, uniqueNameExpression } from '../../src/spec/names.js';
import { SpecSchema } from '../../src/spec/schema.js';

describe('resourceNames of the default spec', () => {
  const names = resourceNames(defaultSpec());

  it('derives literal names from the prefix', () => {
    expect(names.vnet).toBe('il5ml-vnet');
    expect(names.workspace).toBe('il5ml-mlw');
    expect(names.jumpBox).toBe('il5ml-jumpbox');
    expect(names.jumpBoxComputerName).toBe('il5ml-jump');
    expect(names.diskEncryptionSet).toBe('il5ml_des');
  });

  it('takes key and cluster names from the spec', () => {
    expect([names.key, names.cluster]).toEqual(['il5ml-cmk', 'cpu-cluster']);
  });

  it('derives the compute instance name, unique in the region, when the spec gives none', () => {
    expect(names.instance).toBe("[format('{0}-ci{1}', 'il5ml', uniqueString(resourceGroup().id))]");
  });

  it('uses a compute instance name the spec gives as written', () => {
    const spec = SpecSchema.parse({ compute: { instance: { name: 'Team-Notebooks' } } });
    expect(resourceNames(spec).instance).toBe('Team-Notebooks');
  });

  it('builds globally unique names as uniqueString(resourceGroup().id) expressions', () => {
    expect(names.keyVault).toBe("[format('{0}kv{1}', 'il5ml', uniqueString(resourceGroup().id))]");
    expect(names.storage).toBe("[format('{0}st{1}', 'il5ml', uniqueString(resourceGroup().id))]");
    expect(names.registry).toBe("[format('{0}cr{1}', 'il5ml', uniqueString(resourceGroup().id))]");
  });

  it('names the auto-shutdown schedule as DevTest Labs requires', () => {
    expect(names.jumpBoxShutdown).toBe('shutdown-computevm-il5ml-jumpbox');
  });

  it('gives every resource of one type a distinct name', () => {
    const literal = Object.entries(names).filter(([k]) => !['cluster', 'instance', 'key', 'jumpBoxComputerName'].includes(k));
    expect(new Set(literal.map(([, v]) => v.toLowerCase())).size).toBe(literal.length);
  });

  it('escapes quotes in an expression literal', () => {
    expect(uniqueNameExpression({ prefix: "a'b", tag: 'kv' })).toBe("[format('{0}kv{1}', 'a''b', uniqueString(resourceGroup().id))]");
  });
});

describe('resourceNames for any valid prefix', () => {
  // Prefix rule: 2-8 lowercase letters and digits, starting with a letter (src/validate/rules/prefix.ts).
  const prefix = fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{1,${MAX_PREFIX_LENGTH - 1}}$`));

  it('meets every naming rule, the unique names at their longest', () => {
    fc.assert(
      fc.property(prefix, (p) => {
        const n = resourceNames(SpecSchema.parse({ prefix: p }));
        const tail = 'a'.repeat(UNIQUE_STRING_LENGTH);
        const checks: [keyof typeof NAMING_RULES, string][] = [
          ['virtualNetwork', n.vnet],
          ['networkSecurityGroup', n.nsgTraining],
          ['bastionHost', n.bastion],
          ['publicIpAddress', n.firewallManagementPublicIp],
          ['logAnalyticsWorkspace', n.logAnalytics],
          ['applicationInsights', n.appInsights],
          ['userAssignedIdentity', n.identity],
          ['keyVault', `${p}kv${tail}`],
          ['storageAccount', `${p}st${tail}`],
          ['containerRegistry', `${p}cr${tail}`],
          ['mlWorkspace', n.workspace],
          ['privateEndpoint', n.peStorageFile],
          ['virtualMachine', n.jumpBox],
          ['windowsComputerName', n.jumpBoxComputerName],
          ['networkInterface', n.jumpBoxNic],
          ['disk', n.jumpBoxOsDisk],
          ['diskEncryptionSet', n.diskEncryptionSet],
          ['hostGroup', n.hostGroup],
          ['dedicatedHost', n.dedicatedHost],
          ['azureFirewall', n.firewall],
          ['firewallPolicy', n.firewallPolicy],
          ['routeTable', n.routeTable],
        ];
        for (const [rule, name] of checks) expect(namingProblems(NAMING_RULES[rule], name), `${rule}: ${name}`).toEqual([]);
      }),
    );
  });

  // uniqueString: 13 characters of lowercase letters and digits (ARM template string functions); any
  // of them may be a digit, all of them included, so the hash is drawn from the whole alphabet.
  const hash = fc.stringMatching(new RegExp(`^[a-z0-9]{${UNIQUE_STRING_LENGTH}}$`));

  it('derives a compute instance name valid for every prefix and every uniqueString result', () => {
    fc.assert(
      fc.property(prefix, hash, (p, h) => {
        const name = `${p}${INSTANCE_UNIQUE_TAG}${h}`;
        expect(namingProblems(NAMING_RULES.mlComputeInstance, name), name).toEqual([]);
      }),
    );
  });

  it('would not be valid with a hyphen before the hash (why the tag is "-ci", not "-ci-")', () => {
    expect(namingProblems(NAMING_RULES.mlComputeInstance, `il5ml-ci-${'7'.repeat(UNIQUE_STRING_LENGTH)}`)).toEqual([
      'must not end in digits right after a hyphen (e.g. "ci-1")',
    ]);
  });
});
