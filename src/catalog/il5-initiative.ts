import type { Source } from '../core/fact.js';
import { IL5_INITIATIVE_GENERATED_FROM, IL5_INITIATIVE_REFERENCES } from './il5-initiative.generated.js';

/**
 * The Azure Government "DoD Impact Level 5" initiative (policy set definition), as the plan assigns it at the
 * resource group to keep the environment compliant after deployment (runbook step G). The set's name is
 * its GUID; test/conformance/il5-initiative.test.ts checks it, and every reference id below, against
 * ../shared/azure-policy/DOD_IL5_audit.json.
 */
export const IL5_INITIATIVE = {
  name: IL5_INITIATIVE_GENERATED_FROM.name,
  id: `/providers/Microsoft.Authorization/policySetDefinitions/${IL5_INITIATIVE_GENERATED_FROM.name}`,
  displayName: IL5_INITIATIVE_GENERATED_FROM.displayName,
  version: IL5_INITIATIVE_GENERATED_FROM.version,
  source: {
    url: 'https://github.com/Azure/azure-policy/blob/f4a50bacae07ddb096943c597669bcae494a6e29/built-in-policies/policySetDefinitions/Regulatory%20Compliance/DOD_IL5_audit.json',
    read: '2026-11-25',
    note: 'generated into src/catalog/il5-initiative.generated.ts by scripts/gen-il5-initiative.ts',
  } satisfies Source,
} as const;

const BY_GUID: ReadonlyMap<string, string> = new Map(IL5_INITIATIVE_REFERENCES);

/** The GUID of a definition given as a GUID or as `/providers/Microsoft.Authorization/policyDefinitions/<guid>`. */
export function definitionGuid(idOrGuid: string): string {
  return (idOrGuid.split('/').pop() ?? idOrGuid).toLowerCase();
}

/**
 * The policyDefinitionReferenceId under which the initiative holds a definition (a GUID or a full
 * definition id), or undefined when the initiative does not reference it. A policy exemption of part of
 * an assigned initiative names its definitions by these ids
 * (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure, policyDefinitionReferenceIds).
 */
export function il5ReferenceId(idOrGuid: string): string | undefined {
  return BY_GUID.get(definitionGuid(idOrGuid));
}

/** How many definitions the initiative references (186 in version 19.15.0). */
export const IL5_INITIATIVE_SIZE = IL5_INITIATIVE_REFERENCES.length;
