import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ST-011.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Project rule: no anonymous blob access, written explicitly (https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent).
const st = examples.storage();
describe('IL5-ST-011 IL5.Storage.NoPublicBlobAccess', () => {
  table(rule, [
    { name: 'false', resource: st, expect: 'Compliant', source: 'explicitly off', reason: 'properties.allowBlobPublicAccess = false' },
    { name: 'true', resource: set(st, 'properties.allowBlobPublicAccess', true), expect: 'NonCompliant', source: 'on', reason: 'properties.allowBlobPublicAccess = true' },
    { name: 'missing', resource: set(st, 'properties.allowBlobPublicAccess', undefined), expect: 'NonCompliant', source: 'must be explicit', reason: 'properties.allowBlobPublicAccess is missing' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a storage account' },
    { name: 'unknown', resource: set(st, 'properties.allowBlobPublicAccess', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.allowBlobPublicAccess is unknown until deployment (x)' },
  ]);
});
