import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAMING_RULES, namingProblems } from '../../src/catalog/naming.js';
import { defaultSpec } from '../../src/spec/load.js';
import { MAX_PREFIX_LENGTH, UNIQUE_STRING_LENGTH, resourceNames, uniqueNameExpression } from '../../src/spec/names.js';
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

  it('takes key, cluster and instance names from the spec', () => {
    expect([names.key, names.cluster, names.instance]).toEqual(['il5ml-cmk', 'cpu-cluster', 'il5ml-ci01']);
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
});
