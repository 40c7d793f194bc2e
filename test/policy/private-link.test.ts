import { describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { Unknown } from '../../src/core/unknown.js';
import { projectState } from '../../src/policy/project.js';
import { check, res } from './helpers.js';

/**
 * Private endpoint connections, read the two ways definitions read them: inline
 * (`properties.privateEndpointConnections[*]`, a `count` in an audit rule) and as child resources
 * (`<type>/privateEndpointConnections`, an auditIfNotExists lookup). Sources of the expected verdicts:
 */
// The child collection and the inline list are the same connections (REST "Private Endpoint Connections - List").
const CHILDREN = 'https://learn.microsoft.com/rest/api/storagerp/private-endpoint-connections/list';
// A value that cannot be known offline makes the verdict Unknown with the reason (issue 5, Projected state).
const UNKNOWN = 'docs/policy-engine.md#projected-state';
// count compares the number of members whose `where` holds (definition-structure-policy-rule, Count).
const COUNT = 'https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#count';

const ST = 'Microsoft.Storage/storageAccounts';
const ACR = 'Microsoft.ContainerRegistry/registries';

// "Storage accounts should use private link" (6edd7eda…), as Microsoft writes it.
const storageRule = {
  if: { field: 'type', equals: ST },
  then: {
    effect: 'auditIfNotExists',
    details: {
      type: `${ST}/privateEndpointConnections`,
      existenceCondition: { field: `${ST}/privateEndpointConnections/privateLinkServiceConnectionState.status`, equals: 'Approved' },
    },
  },
};
// "Container registries should use private link" (e8eef0a8…), as Microsoft writes it.
const registryRule = {
  if: {
    allOf: [
      { field: 'type', equals: ACR },
      {
        count: {
          field: `${ACR}/privateEndpointConnections[*]`,
          where: { field: `${ACR}/privateEndpointConnections[*].privateLinkServiceConnectionState.status`, equals: 'Approved' },
        },
        less: 1,
      },
    ],
  },
  then: { effect: 'audit' },
};

const conn = (status: unknown, name = 'pe1.abc'): unknown => ({
  id: `x/${name}`,
  name,
  properties: { privateEndpoint: { id: `/pe/${name}` }, privateLinkServiceConnectionState: { status } },
});
const withConnections = (type: string, name: string, conns: unknown): AzureResource => res(type, name, { properties: { privateEndpointConnections: conns } });
const endpoint = (name: string, target: unknown): AzureResource =>
  res('Microsoft.Network/privateEndpoints', name, { properties: { privateLinkServiceConnections: [{ name: 'c', properties: { privateLinkServiceId: target, groupIds: ['blob'] } }] } });

interface Row {
  name: string;
  rule: typeof storageRule | typeof registryRule;
  input: (subject: AzureResource) => AzureResource[];
  subject: AzureResource;
  expect: 'Compliant' | 'NonCompliant' | 'Unknown';
  reason: RegExp;
  source: string;
}

const st = (conns?: unknown): AzureResource => (conns === undefined ? res(ST, 'st1', { properties: {} }) : withConnections(ST, 'st1', conns));
const cr = (conns?: unknown): AzureResource => (conns === undefined ? res(ACR, 'cr1', { properties: {} }) : withConnections(ACR, 'cr1', conns));
const unknownTarget = endpoint('pe-later', new Unknown("reference('other-deployment').id"));

const rows: Row[] = [
  { name: 'inline Approved entry counts as the child resource', rule: storageRule, subject: st([conn('Approved')]), input: (s) => [s], expect: 'Compliant', reason: /privateEndpointConnections 'st1\/pe1.abc'/, source: CHILDREN },
  { name: 'inline entry in another case (approved)', rule: storageRule, subject: st([conn('approved')]), input: (s) => [s], expect: 'Compliant', reason: /satisfies/, source: CHILDREN },
  { name: 'inline Pending entry only', rule: storageRule, subject: st([conn('Pending')]), input: (s) => [s], expect: 'NonCompliant', reason: /no related .* satisfies/, source: CHILDREN },
  { name: 'inline Rejected then Approved', rule: storageRule, subject: st([conn('Rejected', 'a'), conn('Approved', 'b')]), input: (s) => [s], expect: 'Compliant', reason: /'st1\/b'/, source: CHILDREN },
  { name: 'empty inline list', rule: storageRule, subject: st([]), input: (s) => [s], expect: 'NonCompliant', reason: /no Microsoft.Storage\/storageAccounts\/privateEndpointConnections under/, source: CHILDREN },
  { name: 'inline list known only after deployment', rule: storageRule, subject: st(new Unknown('reference(x)')), input: (s) => [s], expect: 'Unknown', reason: /may exist: properties.privateEndpointConnections of st1 is known only after deployment \(reference\(x\)\)/, source: UNKNOWN },
  { name: 'inline entry whose status is unknown', rule: storageRule, subject: st([conn(new Unknown('status later'))]), input: (s) => [s], expect: 'Unknown', reason: /status later/, source: UNKNOWN },
  { name: 'a declared child and the same entry inline are one connection', rule: storageRule, subject: st([conn('Pending')]), input: (s) => [s, { id: `${s.id}/privateEndpointConnections/pe1.abc`, type: `${ST}/privateEndpointConnections`, name: 'st1/pe1.abc', properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }], expect: 'NonCompliant', reason: /no related/, source: CHILDREN },
  { name: 'endpoint with an unknown target, nothing else', rule: storageRule, subject: st(), input: (s) => [s, unknownTarget], expect: 'Unknown', reason: /may exist: private endpoint pe-later targets a resource known only after deployment/, source: UNKNOWN },
  { name: 'endpoint with an unknown target, and an approved inline entry', rule: storageRule, subject: st([conn('Approved')]), input: (s) => [s, unknownTarget], expect: 'Compliant', reason: /satisfies/, source: UNKNOWN },
  { name: 'endpoint with an unknown target, and an endpoint that targets the account', rule: storageRule, subject: st(), input: (s) => [s, unknownTarget, endpoint('pe-known', s.id)], expect: 'Compliant', reason: /'st1\/pe-known' \(projected/, source: UNKNOWN },
  { name: 'count: endpoint with an unknown target', rule: registryRule, subject: cr(), input: (s) => [s, unknownTarget], expect: 'Unknown', reason: /pe-later targets a resource known only after deployment/, source: UNKNOWN },
  { name: 'count: an unknown target, and one approved entry: at least one whatever the other is', rule: registryRule, subject: cr([conn('Approved')]), input: (s) => [s, unknownTarget], expect: 'Compliant', reason: /found 1/, source: COUNT },
  { name: 'count: one approved and one unknown status', rule: registryRule, subject: cr([conn('Approved', 'a'), conn(new Unknown('later'), 'b')]), input: (s) => [s], expect: 'Compliant', reason: /found 1/, source: COUNT },
  { name: 'count: only an unknown status', rule: registryRule, subject: cr([conn(new Unknown('later'))]), input: (s) => [s], expect: 'Unknown', reason: /later/, source: COUNT },
  { name: 'count: the whole list unknown', rule: registryRule, subject: cr(new Unknown('list later')), input: (s) => [s], expect: 'Unknown', reason: /list later/, source: UNKNOWN },
  { name: 'count: a declared Approved child is in the inline list', rule: registryRule, subject: cr(), input: (s) => [s, { id: `${s.id}/privateEndpointConnections/pec1`, type: `${ACR}/privateEndpointConnections`, name: 'cr1/pec1', properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }], expect: 'Compliant', reason: /found 1/, source: CHILDREN },
  { name: 'count: no entry, no endpoint', rule: registryRule, subject: cr(), input: (s) => [s], expect: 'NonCompliant', reason: /found 0/, source: COUNT },
];

describe('private endpoint connections: inline, children, and targets known only after deployment', () => {
  it.each(rows)('$name → $expect ($source)', (row) => {
    const results = check(row.rule, row.input(row.subject));
    const mine = results.filter((r) => r.resourceId === row.subject.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.compliance).toBe(row.expect);
    expect(mine[0]?.reason).toMatch(row.reason);
  });

  it('a declared child that the inline list already holds is not added to it twice, nor made a child twice', () => {
    const s = cr([conn('Approved', 'pec1')]);
    const child: AzureResource = { id: `${s.id}/privateEndpointConnections/pec1`, type: `${ACR}/privateEndpointConnections`, name: 'cr1/pec1', properties: { privateLinkServiceConnectionState: { status: 'Approved' } } };
    const p = projectState([s, child]);
    expect((p.resources[0]?.properties as { privateEndpointConnections: unknown[] }).privateEndpointConnections).toHaveLength(1);
    expect(p.added.filter((a) => a.id.toLowerCase() === child.id.toLowerCase())).toEqual([]);
  });

  it('projected connections get no verdicts of their own, and the input is not changed', () => {
    const s = st([conn('Approved')]);
    const before = JSON.stringify(s);
    const results = check(storageRule, [s, unknownTarget]);
    expect(results.map((r) => r.resourceId)).toEqual([s.id]);
    expect(JSON.stringify(s)).toBe(before);
  });
});
