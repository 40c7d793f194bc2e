import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-ACR-004.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Project rule; the admin account is disabled by default:
// https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account
const cr = examples.registry();
describe('IL5-ACR-004 IL5.ContainerRegistry.AdminUserDisabled', () => {
  table(rule, [
    { name: 'admin off', resource: cr, expect: 'Compliant', source: 'false', reason: 'properties.adminUserEnabled = false' },
    { name: 'admin on', resource: set(cr, 'properties.adminUserEnabled', true), expect: 'NonCompliant', source: 'true', reason: 'properties.adminUserEnabled = true' },
    { name: 'missing (default off)', resource: set(cr, 'properties.adminUserEnabled', undefined), expect: 'Compliant', source: 'default false', reason: 'properties.adminUserEnabled is missing' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a container registry' },
    { name: 'unknown', resource: set(cr, 'properties.adminUserEnabled', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.adminUserEnabled is unknown until deployment (x)' },
  ]);
});
