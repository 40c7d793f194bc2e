import type { Diagnostic } from '../core/diagnostic.js';

/**
 * One error for a policy set given without (some of) its definitions, instead of one per definition:
 * `--policy DOD_IL5_audit.json` alone misses all 186. It names the folder to pass (the set's own folder,
 * which --policy searches recursively) and where the definitions come from: the Azure/azure-policy
 * repository (built-in-policies/policyDefinitions) or an az export (docs/policy-inputs.md).
 */
export function missingDefinitionsError(set: { displayName: string; file: string }, missing: readonly string[]): Diagnostic {
  const shown = missing.slice(0, 3).join(', ');
  const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
  const slash = set.file.replace(/\\/g, '/');
  const dir = slash.includes('/') ? slash.slice(0, slash.lastIndexOf('/')) : '.';
  const repo = /^(.*)\/built-in-policies\/policySetDefinitions\//.exec(slash);
  const folder = repo ? `${repo[1] || '.'}/built-in-policies` : dir;
  return {
    severity: 'error',
    code: 'IL5-POLICY-MISSING',
    message: `policy set '${set.displayName}' references ${missing.length} definition${missing.length === 1 ? '' : 's'} that ${missing.length === 1 ? 'is' : 'are'} not among the files given: ${shown}${more}`,
    fix:
      `pass the folder holding the set and its definitions (searched recursively, one <guid>.json each): --policy ${folder}. ` +
      "No definitions there? Take built-in-policies/ of a clone of github.com/Azure/azure-policy, or export them: az policy definition list --query \"[?policyType=='BuiltIn']\" > definitions.json (docs/policy-inputs.md)",
    path: set.file,
  };
}
