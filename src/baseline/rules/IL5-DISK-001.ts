import { auditVerdict, notApplicable, notEquals, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule } from '../types.js';

const GUID = 'ca91455f-eace-4f96-be59-e6e2c35b4816';

/** Mirrors "Managed disks should be double encrypted with both platform-managed and customer-managed keys" (v1.0.0, Audit). */
export const rule: BaselineRule = {
  id: 'IL5-DISK-001',
  name: 'IL5.Disk.DoubleEncryption',
  synopsis: 'Disk encryption sets encrypt with both platform-managed and customer-managed keys.',
  rationale:
    'Double encryption at rest keeps disks protected when one of the two keys or algorithms is compromised, as IL5 data at rest calls for.',
  severity: 'medium',
  runbookStep: 'F',
  controls: ['SC-12'],
  resourceTypes: ['Microsoft.Compute/diskEncryptionSets'],
  reads: [],
  policyDefinitionId: definitionId(GUID),
  effect: 'audit',
  remediation: {
    specKey: 'jumpBox',
    property: 'properties.encryptionType',
    text: "Set properties.encryptionType to 'EncryptionAtRestWithPlatformAndCustomerKeys'.",
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/virtual-machines/disk-encryption#double-encryption-at-rest', IL5_INITIATIVE_URL],
  example: [examples.diskEncryptionSet()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Compute/diskEncryptionSets')) return notApplicable(r, 'a disk encryption set');
    return auditVerdict(notEquals(r, 'properties.encryptionType', 'EncryptionAtRestWithPlatformAndCustomerKeys'));
  },
};
