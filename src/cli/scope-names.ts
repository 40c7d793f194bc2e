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
  const why = id.length === 0 ? 'is empty' : id.length > 90 ? `has ${id.length} characters, more than 90` : `has ${badCharacters(id, /[A-Za-z0-9\-_().]/)}`;
  return {
    severity: 'error',
    code: 'IL5-CLI-FLAG',
    message: `${flag}: ${JSON.stringify(id.length > 100 ? `${id.slice(0, 100)}…` : id)} is not a management group ID: it ${why} (an ID is 1 to 90 ASCII letters, digits, - _ ( ) .)`,
    fix: `give the group's ID, not its display name: az account management-group list --query "[].{id:name, displayName:displayName}" --output table`,
    path: flag,
  };
}

/** "a character Azure does not take: ' '" for the characters of `text` that `ok` does not match. */
function badCharacters(text: string, ok: RegExp): string {
  const bad = [...new Set([...text].filter((c) => !ok.test(c)))];
  return `${bad.length === 1 ? 'a character' : 'characters'} Azure does not take: ${bad.map((c) => (c === ' ' ? 'space' : /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) ? `'${c}'` : `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)).join(', ')}`;
}

/**
 * What a resource group name may be: "Character limit: 1-90. Valid characters: Underscores, hyphens,
 * periods, parentheses, and letters or digits as defined by the Char.IsLetterOrDigit function. Valid
 * characters are members of the following categories in UnicodeCategory: UppercaseLetter, LowercaseLetter,
 * TitlecaseLetter, ModifierLetter, OtherLetter, DecimalDigitNumber. Can't end with period."
 * (https://learn.microsoft.com/azure/templates/microsoft.resources/resourcegroups, read 2026-12-08). The
 * 90 are .NET's characters, UTF-16 code units, as JavaScript's length counts them. Before, expand and
 * preflight took ASCII letters only (`rg-München` was refused) and audit took any text to Azure.
 */
const RESOURCE_GROUP_CHARS = /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_\-.()]+$/u;

/** The error for a resource group name Azure would refuse, or undefined for a valid one. */
export function resourceGroupNameError(flag: string, name: string): Diagnostic | undefined {
  if (name.length >= 1 && name.length <= 90 && RESOURCE_GROUP_CHARS.test(name) && !name.endsWith('.')) return undefined;
  const why =
    name.length === 0
      ? 'is empty'
      : name.length > 90
        ? `has ${name.length} characters, more than 90`
        : !RESOURCE_GROUP_CHARS.test(name)
          ? `has ${badCharacters(name, /[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_\-.()]/u)}`
          : 'ends with a period';
  return {
    severity: 'error',
    code: 'IL5-CLI-FLAG',
    message: `${flag}: ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)} is not a resource group name: it ${why} (a name is 1 to 90 letters, digits, _ - . ( ), not ending in a period)`,
    fix: 'give the resource group\'s name: az group list --query "[].name" --output tsv',
    path: flag,
  };
}
