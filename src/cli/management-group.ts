import type { Diagnostic } from '../core/diagnostic.js';

/**
 * What a management group ID may be, as the Azure portal states it when one is created: "The name can only
 * be an ASCII letter, digit, -, _, (, ), . and have a maximum length constraint of 90" (quoted in
 * Azure/terraform-azurerm-caf-enterprise-scale issue 43 and in hashicorp/terraform-provider-azurerm's
 * validate/management_group_name.go; the 90 characters are resource-name-rules' Microsoft.Management row,
 * Azure/Azure-Landing-Zones issue 2842; read 2026-12-08). Azure refuses other characters
 * ("The provided management group name has invalid characters": Get-AzManagementGroupNameAvailability,
 * https://learn.microsoft.com/powershell/module/az.resources/get-azmanagementgroupnameavailability, read
 * 2026-12-08). The root group's ID is the tenant ID, a GUID, which the rule takes too.
 */
const MANAGEMENT_GROUP_ID = /^[A-Za-z0-9\-_().]{1,90}$/;

/**
 * The error for a management group ID Azure would refuse, or undefined for a valid one. Refused before any
 * request: the ID goes into a request path (/providers/Microsoft.Management/managementGroups/ID), where a
 * `/`, `?` or `#` would address something else, and into managementGroup().id of an expansion.
 */
export function managementGroupIdError(flag: string, id: string): Diagnostic | undefined {
  if (MANAGEMENT_GROUP_ID.test(id)) return undefined;
  const why = id.length === 0 ? 'is empty' : id.length > 90 ? `has ${id.length} characters, more than 90` : `has ${describeBad(id)}`;
  return {
    severity: 'error',
    code: 'IL5-CLI-FLAG',
    message: `${flag}: ${JSON.stringify(id.length > 100 ? `${id.slice(0, 100)}…` : id)} is not a management group ID: it ${why} (an ID is 1 to 90 ASCII letters, digits, - _ ( ) .)`,
    fix: `give the group's ID, not its display name: az account management-group list --query "[].{id:name, displayName:displayName}" --output table`,
    path: flag,
  };
}

function describeBad(id: string): string {
  const bad = [...new Set([...id].filter((c) => !/[A-Za-z0-9\-_().]/.test(c)))];
  return `${bad.length === 1 ? 'a character' : 'characters'} Azure does not take: ${bad.map((c) => (c === ' ' ? 'space' : /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) ? `'${c}'` : `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)).join(', ')}`;
}
