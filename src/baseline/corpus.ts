import type { AzureResource } from '../core/resource.js';
import { Unknown } from '../core/unknown.js';
import { examples, ids } from './examples.js';

/**
 * The equivalence corpus: valid, invalid and edge variants (missing property, other case, null, Unknown
 * value, empty and odd arrays, old and absent API versions, related resources present, absent or
 * ambiguous) of every resource type a mirror rule judges. Deterministic: the same list every run.
 * test/conformance/baseline-equivalence.test.ts runs each mirror and Microsoft's definition on it.
 */

/** Deletes the property in a variant. */
export const MISSING: unique symbol = Symbol('missing');
type ProbeValue = unknown;

interface Probe {
  path: string;
  /** The first value is the base (compliant) one. */
  values: ProbeValue[];
}

interface TypeSpec {
  key: string;
  base: () => AzureResource;
  probes: Probe[];
  /** Sets of related resources to place beside an otherwise compliant subject. */
  related?: { name: string; make: (subject: AzureResource) => AzureResource[] }[];
}

export interface CorpusCase {
  /** Readable and unique: type key, variant number, what was changed. */
  name: string;
  subject: AzureResource;
  /** Resources beside it (private endpoints, diagnostic settings, connections). */
  related: AzureResource[];
}

const U = (): Unknown => new Unknown('corpus: a value known only after deployment');
const DES = ids.diskEncryptionSet;

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out;
  }
  return v;
}

function setPath(r: AzureResource, path: string, value: ProbeValue): void {
  const parts = path.split('.');
  let cur = r as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === null || typeof next !== 'object' || Array.isArray(next) || next instanceof Unknown) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] ?? '';
  if (value === MISSING) delete cur[last];
  else cur[last] = clone(value);
}

function label(v: ProbeValue): string {
  if (v === MISSING) return 'missing';
  if (v instanceof Unknown) return 'unknown';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const conn = (status: unknown): unknown => ({ properties: { privateLinkServiceConnectionState: { status } } });
const CONNECTIONS: Probe = {
  path: 'properties.privateEndpointConnections',
  values: [MISSING, [], [conn('Approved')], [conn('approved')], [conn('Pending')], [conn('Rejected'), conn('Approved')], [conn(U())], U()],
};

function peRelated(groupId: string, childType?: string): TypeSpec['related'] {
  const pe = (s: AzureResource, name: string, body: Record<string, unknown>): AzureResource => ({
    ...examples.privateEndpoint(`pe-${name}-${s.name}`, s.id, groupId),
    properties: { subnet: { id: ids.subnet('Training') }, ...body },
  });
  const link = (target: unknown): unknown[] => [{ name: 'c', properties: { privateLinkServiceId: target, groupIds: [groupId] } }];
  const out: NonNullable<TypeSpec['related']> = [
    { name: 'no private endpoint', make: () => [] },
    { name: 'private endpoint', make: (s) => [pe(s, 'auto', { privateLinkServiceConnections: link(s.id) })] },
    { name: 'private endpoint, id in upper case', make: (s) => [pe(s, 'upper', { privateLinkServiceConnections: link(s.id.toUpperCase()) })] },
    { name: 'manual private endpoint (Pending)', make: (s) => [pe(s, 'manual', { manualPrivateLinkServiceConnections: link(s.id) })] },
    { name: 'private endpoint to another resource', make: (s) => [pe(s, 'other', { privateLinkServiceConnections: link(`${s.id}-other`) })] },
    { name: 'private endpoint with empty connections', make: (s) => [pe(s, 'empty', { privateLinkServiceConnections: [] })] },
    { name: 'private endpoint with a target known only after deployment', make: (s) => [pe(s, 'unknown', { privateLinkServiceConnections: link(U()) })] },
    {
      name: 'private endpoint with a target known only after deployment, and one to the resource',
      make: (s) => [pe(s, 'unknown', { privateLinkServiceConnections: link(U()) }), pe(s, 'auto', { privateLinkServiceConnections: link(s.id) })],
    },
    { name: 'private endpoint whose connections are known only after deployment', make: (s) => [pe(s, 'later', { privateLinkServiceConnections: U() })] },
  ];
  if (childType !== undefined) {
    const child = (s: AzureResource, status: unknown): AzureResource => ({
      id: `${s.id}/privateEndpointConnections/pec1`,
      type: childType,
      name: `${s.name}/pec1`,
      properties: { privateLinkServiceConnectionState: { status } },
    });
    out.push(
      { name: 'connection resource Approved', make: (s) => [child(s, 'Approved')] },
      { name: 'connection resource Pending', make: (s) => [child(s, 'Pending')] },
    );
  }
  return out;
}

function diagRelated(): TypeSpec['related'] {
  const diag = (s: AzureResource, name: string, props: Record<string, unknown>): AzureResource => ({
    ...examples.diagnosticSetting(s.id, name),
    properties: props,
  });
  const ws = { workspaceId: ids.logAnalytics };
  const st = { storageAccountId: ids.storage };
  const log = (enabled: unknown, retention?: unknown): unknown => ({ category: 'AuditEvent', enabled, ...(retention !== undefined ? { retentionPolicy: retention } : {}) });
  return [
    { name: 'no diagnostic setting', make: () => [] },
    { name: 'allLogs to Log Analytics', make: (s) => [diag(s, 'd1', { ...ws, logs: [{ categoryGroup: 'allLogs', enabled: true }] })] },
    { name: 'logs disabled', make: (s) => [diag(s, 'd1', { ...ws, logs: [log(false)] })] },
    { name: 'logs enabled as text', make: (s) => [diag(s, 'd1', { ...ws, logs: [log('True')] })] },
    { name: 'empty logs', make: (s) => [diag(s, 'd1', { ...ws, logs: [] })] },
    { name: 'no logs property', make: (s) => [diag(s, 'd1', { ...ws, metrics: [{ category: 'AllMetrics', enabled: true }] })] },
    { name: 'storage, retention 90', make: (s) => [diag(s, 'd1', { ...st, logs: [log(true, { enabled: true, days: 90 })] })] },
    { name: 'storage, retention 365', make: (s) => [diag(s, 'd1', { ...st, logs: [log(true, { enabled: true, days: 365 })] })] },
    { name: 'storage, retention 1000', make: (s) => [diag(s, 'd1', { ...st, logs: [log(true, { enabled: true, days: 1000 })] })] },
    { name: 'storage, retention 0', make: (s) => [diag(s, 'd1', { ...st, logs: [log(true, { enabled: true, days: 0 })] })] },
    { name: 'storage, retention off', make: (s) => [diag(s, 'd1', { ...st, logs: [log(true, { enabled: false, days: 0 })] })] },
    { name: 'workspace, retention on 30', make: (s) => [diag(s, 'd1', { ...ws, logs: [log(true, { enabled: true, days: 30 })] })] },
    { name: 'one bad, one good setting', make: (s) => [diag(s, 'd1', { ...ws, logs: [log(false)] }), diag(s, 'd2', { ...ws, logs: [log(true)] })] },
    { name: 'logs unknown', make: (s) => [diag(s, 'd1', { ...ws, logs: U() })] },
    { name: 'log enabled unknown', make: (s) => [diag(s, 'd1', { ...ws, logs: [log(U())] })] },
    { name: 'setting on another resource', make: () => [examples.diagnosticSetting(ids.storage, 'elsewhere')] },
  ];
}

const DATA_DISK = (extra: Record<string, unknown>): unknown => ({ lun: 0, createOption: 'Empty', diskSizeGB: 64, ...extra });

const SPECS: TypeSpec[] = [
  {
    key: 'kv',
    base: examples.keyVault,
    probes: [
      { path: 'apiVersion', values: ['2023-07-01', '2018-02-14', '2019-09-01', '2021-06-01-preview', MISSING] },
      { path: 'properties.enableSoftDelete', values: [true, false, 'False', 'true', null, MISSING, U()] },
      { path: 'properties.enablePurgeProtection', values: [true, false, 'FALSE', null, MISSING, U()] },
      { path: 'properties.createMode', values: [MISSING, 'recover', 'Recover', 'default', U()] },
      { path: 'properties.networkAcls.defaultAction', values: ['Deny', 'Allow', 'deny', MISSING, U()] },
      { path: 'properties.publicNetworkAccess', values: ['Disabled', 'Enabled', 'disabled', MISSING, U()] },
      { path: 'type', values: ['Microsoft.KeyVault/vaults', 'microsoft.keyvault/VAULTS'] },
    ],
    related: diagRelated(),
  },
  {
    key: 'st',
    base: examples.storage,
    probes: [
      { path: 'apiVersion', values: ['2023-05-01', '2018-07-01', '2019-04-01', MISSING] },
      { path: 'properties.supportsHttpsTrafficOnly', values: [true, false, 'False', null, MISSING, U()] },
      { path: 'properties.encryption.requireInfrastructureEncryption', values: [true, false, 'True', MISSING, U()] },
      { path: 'properties.encryption.keySource', values: ['Microsoft.Keyvault', 'Microsoft.KeyVault', 'Microsoft.Storage', '', MISSING, U()] },
      { path: 'properties.networkAcls.defaultAction', values: ['Deny', 'Allow', 'DENY', MISSING, U()] },
      { path: 'properties.networkAcls.ipRules', values: [[], [{ value: '203.0.113.5', action: 'Allow' }], MISSING, U()] },
      { path: 'sku.name', values: ['Standard_GZRS', 'Standard_LRS', 'standard_grs', 'Standard_RAGZRS', 'Standard_ZRS', MISSING, U()] },
      { path: 'type', values: ['Microsoft.Storage/storageAccounts', 'Microsoft.ClassicStorage/storageAccounts', 'microsoft.storage/storageaccounts'] },
      CONNECTIONS,
    ],
    related: peRelated('blob', 'Microsoft.Storage/storageAccounts/privateEndpointConnections'),
  },
  {
    key: 'es',
    base: examples.encryptionScope,
    probes: [{ path: 'properties.source', values: ['Microsoft.KeyVault', 'Microsoft.Storage', 'microsoft.keyvault', MISSING, U()] }],
  },
  {
    key: 'cr',
    base: examples.registry,
    probes: [
      { path: 'properties.encryption.status', values: ['enabled', 'disabled', 'Enabled', MISSING, U()] },
      { path: 'properties.networkRuleSet.defaultAction', values: ['Deny', 'Allow', 'allow', null, MISSING, U()] },
      { path: 'properties.publicNetworkAccess', values: ['Disabled', 'Enabled', 'enabled', MISSING, U()] },
      CONNECTIONS,
    ],
    related: peRelated('registry', 'Microsoft.ContainerRegistry/registries/privateEndpointConnections'),
  },
  {
    key: 'mlw',
    base: examples.workspace,
    probes: [
      { path: 'kind', values: ['Default', 'project', 'Project', 'Hub', MISSING] },
      { path: 'properties.encryption.status', values: ['Enabled', 'enabled', 'Disabled', MISSING, U()] },
      CONNECTIONS,
    ],
    related: peRelated('amlworkspace', 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections'),
  },
  {
    key: 'vm',
    base: examples.virtualMachine,
    probes: [
      { path: 'type', values: ['Microsoft.Compute/virtualMachines', 'Microsoft.ClassicCompute/virtualMachines'] },
      { path: 'properties.securityProfile.encryptionAtHost', values: [true, false, 'true', 'False', MISSING, U()] },
      { path: 'properties.storageProfile.osDisk.managedDisk.diskEncryptionSet.id', values: [DES, MISSING, U()] },
      {
        path: 'properties.storageProfile.dataDisks',
        values: [
          [],
          MISSING,
          [DATA_DISK({ managedDisk: { storageAccountType: 'Premium_LRS' } })],
          [DATA_DISK({ createOption: 'Attach', managedDisk: { id: `${ids.vnet}-disk1` } })],
          [DATA_DISK({ managedDisk: { diskEncryptionSet: { id: DES } } })],
          [DATA_DISK({ managedDisk: { diskEncryptionSet: { id: DES } } }), DATA_DISK({ lun: 1, managedDisk: {} })],
          [DATA_DISK({}), DATA_DISK({ lun: 1, createOption: 'Attach', managedDisk: { id: `${ids.vnet}-disk2` } })],
          U(),
        ],
      },
    ],
  },
  {
    key: 'vmss',
    base: examples.scaleSet,
    probes: [
      { path: 'properties.virtualMachineProfile.securityProfile.encryptionAtHost', values: [true, false, MISSING, U()] },
      { path: 'properties.virtualMachineProfile.storageProfile.osDisk.managedDisk.diskEncryptionSet.id', values: [DES, MISSING, U()] },
      {
        path: 'properties.virtualMachineProfile.storageProfile.dataDisks',
        values: [
          [DATA_DISK({ managedDisk: { diskEncryptionSet: { id: DES } } })],
          [],
          MISSING,
          [DATA_DISK({})],
          [DATA_DISK({ managedDisk: { diskEncryptionSet: { id: DES } } }), DATA_DISK({ lun: 1 })],
          U(),
        ],
      },
    ],
  },
  {
    key: 'disk',
    base: examples.disk,
    probes: [{ path: 'properties.encryption.diskEncryptionSetId', values: [DES, MISSING, '', null, U()] }],
  },
  {
    key: 'img',
    base: examples.image,
    probes: [
      { path: 'properties.storageProfile.osDisk.diskEncryptionSet.id', values: [DES, MISSING, U()] },
      { path: 'properties.storageProfile.dataDisks', values: [[], MISSING, [{ lun: 0, diskEncryptionSet: { id: DES } }], [{ lun: 0 }], U()] },
    ],
  },
  {
    key: 'des',
    base: examples.diskEncryptionSet,
    probes: [
      {
        path: 'properties.encryptionType',
        values: ['EncryptionAtRestWithPlatformAndCustomerKeys', 'EncryptionAtRestWithCustomerKey', 'encryptionatrestwithplatformandcustomerkeys', MISSING, U()],
      },
    ],
  },
  {
    key: 'da',
    base: examples.diskAccess,
    probes: [{ path: 'properties.privateEndpointConnections', values: [MISSING, [conn('Approved')], [conn('Pending')], U()] }],
    related: peRelated('disks', 'Microsoft.Compute/diskAccesses/privateEndpointConnections'),
  },
  {
    key: 'agw',
    base: examples.applicationGateway,
    probes: [
      { path: 'properties.firewallPolicy', values: [{ id: `${ids.vnet}-waf` }, MISSING, null, U()] },
      { path: 'properties.webApplicationFirewallConfiguration', values: [MISSING, { enabled: true, firewallMode: 'Prevention' }, { enabled: false }, {}, U()] },
    ],
  },
  {
    key: 'logc',
    base: examples.logCluster,
    probes: [
      { path: 'properties.isDoubleEncryptionEnabled', values: [true, false, 'true', MISSING, U()] },
      { path: 'properties.keyVaultProperties.keyVaultUri', values: ['https://kv-il5ml.vault.usgovcloudapi.net/', '', MISSING, U()] },
      { path: 'properties.keyVaultProperties.keyName', values: ['il5ml-cmk', '', MISSING] },
      { path: 'properties.keyVaultProperties.keyVersion', values: ['', 'a1b2c3', MISSING, U()] },
    ],
  },
  {
    key: 'log',
    base: examples.logAnalytics,
    probes: [{ path: 'properties.forceCmkForQuery', values: [true, false, 'TRUE', 'false', null, MISSING, U()] }],
  },
];

/** Every pair of probes with every pair of their values (others at base): covers each value and each interplay of two. */
function variants(spec: TypeSpec): { label: string; set: [string, ProbeValue][] }[] {
  const out: { label: string; set: [string, ProbeValue][] }[] = [{ label: 'base', set: [] }];
  const seen = new Set<string>(['']);
  const add = (set: [string, ProbeValue][]): void => {
    const changed = set.filter(([path, v]) => {
      const probe = spec.probes.find((p) => p.path === path);
      return probe !== undefined && probe.values[0] !== v;
    });
    const key = changed.map(([p, v]) => `${p}=${label(v)}`).join(', ');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ label: key, set: changed });
  };
  for (const p of spec.probes) for (const v of p.values) add([[p.path, v]]);
  for (let i = 0; i < spec.probes.length; i++) {
    for (let j = i + 1; j < spec.probes.length; j++) {
      const a = spec.probes[i];
      const b = spec.probes[j];
      if (!a || !b) continue;
      for (const va of a.values) for (const vb of b.values) add([[a.path, va], [b.path, vb]]);
    }
  }
  return out;
}

/**
 * The whole corpus, in a fixed order. Each case is a separate input (a private endpoint whose target is
 * unknown could be any resource's); each subject still has its own id, so verdicts name it.
 */
export function equivalenceCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const spec of SPECS) {
    let n = 0;
    const make = (what: string, set: [string, ProbeValue][], related?: (s: AzureResource) => AzureResource[]): void => {
      n++;
      const subject = spec.base();
      const suffix = `-c${String(n).padStart(4, '0')}`;
      subject.id = `${subject.id}${suffix}`;
      subject.name = `${subject.name}${suffix}`;
      for (const [path, v] of set) setPath(subject, path, v);
      cases.push({ name: `${spec.key}#${n} ${what}`, subject, related: related ? related(subject) : [] });
    };
    for (const v of variants(spec)) make(v.label, v.set);
    for (const r of spec.related ?? []) make(`related: ${r.name}`, [], r.make);
  }
  return cases;
}
