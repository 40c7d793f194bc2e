/** Shared pieces of rule metadata. */

export const IL5_INITIATIVE_URL = 'https://learn.microsoft.com/azure/governance/policy/samples/gov-dod-impact-level-5';

export function definitionId(guid: string): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;
}

/** The definition in the Azure Government portal, the form the runbook links to. */
export function portalLink(guid: string): string {
  return `https://portal.azure.us/#blade/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F${guid}`;
}

/** An example resource id in the plan's resource group. */
export function exampleId(type: string, name: string): string {
  const [ns, ...rest] = type.split('/');
  const names = name.split('/');
  const segs = rest.map((t, i) => `${t}/${names[i] ?? ''}`).join('/');
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-il5ml/providers/${ns}/${segs}`;
}
