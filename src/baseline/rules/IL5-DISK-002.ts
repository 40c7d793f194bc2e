import { isUnknown } from '../../core/unknown.js';
import { notApplicable, typeIs } from '../cond.js';
import { examples, ids } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import { approvedConnections } from '../private-link.js';
import type { BaselineRule } from '../types.js';

const GUID = 'f39f5f49-4abf-44de-8c70-0756997bfb51';

/** Mirrors "Disk access resources should use private link" (v1.0.0, AuditIfNotExists). */
export const rule: BaselineRule = {
  id: 'IL5-DISK-002',
  name: 'IL5.Disk.AccessPrivateLink',
  synopsis: 'Disk access resources have an approved private endpoint.',
  rationale:
    'A disk access resource exists to export and import managed disks privately; without a private endpoint, disk exports go over public SAS URLs.',
  severity: 'medium',
  runbookStep: 'F',
  controls: ['AC-4', 'AC-17', 'AC-17(1)', 'SC-7', 'SC-7(3)'],
  resourceTypes: ['Microsoft.Compute/diskAccesses'],
  reads: ['Microsoft.Network/privateEndpoints', 'Microsoft.Compute/diskAccesses/privateEndpointConnections'],
  policyDefinitionId: definitionId(GUID),
  effect: 'auditIfNotExists',
  remediation: {
    property: 'Microsoft.Network/privateEndpoints targeting the disk access',
    text: 'Add a private endpoint (groupIds disks) whose privateLinkServiceConnections name the disk access resource.',
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/virtual-machines/disks-enable-private-links-for-import-export-portal', IL5_INITIATIVE_URL],
  example: [examples.diskAccess(), examples.privateEndpoint('pe-da-il5ml', ids.diskAccess, 'disks')],
  evaluate(r, all) {
    if (!typeIs(r, 'Microsoft.Compute/diskAccesses')) return notApplicable(r, 'a disk access resource');
    const c = approvedConnections(r, all, 'Microsoft.Compute/diskAccesses/privateEndpointConnections');
    if (isUnknown(c.v)) return { compliance: 'Unknown', reason: c.why };
    return { compliance: c.v ? 'Compliant' : 'NonCompliant', reason: c.why };
  },
};
