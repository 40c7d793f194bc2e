import { apiVersionOf } from '../catalog/api-versions.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames, UNIQUE_NAME_TAGS } from '../spec/names.js';
import { DEPLOYMENT_IN_FLIGHT, REGISTRY_CMK_FIREWALL, RESOURCE_GROUP_TAGS, STALE_ROLE_ASSIGNMENTS } from '../catalog/aml-deployment.js';
import { WINDOWS_ADMIN_PASSWORD } from '../catalog/vm-isolation.js';
import { COMPUTE_INSTANCE_OUTPUT } from './compute.js';
import { COSMOS_OBJECT_ID_VAR, createWithRetryLines, preflightLines, SUBSCRIPTION_ENV, subscriptionAndCloudLines } from './deploy-preflight.js';
import { ADMIN_PASSWORD_PARAMETER } from './jumpbox.js';
import { WORKSPACE_KEY_PARAMETER } from './workspace.js';
import { COSMOS_DB_PRINCIPAL_PARAMETER, REGISTRY_CMK_BOOTSTRAP_PARAMETER } from './keyvault.js';
import { displayName, expr, referenceFragment } from './arm.js';
import type { ArmTemplate } from './plan.js';
import { ROLES } from './roles.js';

/** A word for bash, single-quoted (a quote inside becomes '\''). */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export const PASSWORD_ENV = 'IL5ML_JUMPBOX_ADMIN_PASSWORD';
export const RESOURCE_GROUP_ENV = 'IL5ML_RESOURCE_GROUP';

/** A JMESPath raw string literal; what would need escaping in it never reaches here (names are validated). */
function jmespathRaw(s: string): string {
  if (/['\\]/.test(s)) throw new Error(`internal: ${s} is not a plain JMESPath raw string`);
  return `'${s}'`;
}

/**
 * Whether deploy.sh runs the first pass (first_pass=true): while the resource group holds no registry of the plan,
 * and also while the registry it holds has a system-assigned identity without Key Vault Crypto Service Encryption
 * User on the key (REGISTRY_CMK_FIREWALL.grantCheck): a first deployment stopped after the registry was created
 * and before that grant, and pass 2 alone would move the registry to that identity without it. Pass 1 again is
 * idempotent: it keeps the registry on the user-assigned identity, opens the vault, and creates the grant (the
 * template's role assignment). Every lookup that fails stops the run (exit 2) rather than guess.
 */
function registryGrantLines(spec: Spec, vaultQuery: string): string[] {
  const role = ROLES.keyVaultCryptoServiceEncryptionUser;
  const key = spec.keyVault.key.name;
  const stop = (what: string, indent = '    '): string =>
    `${indent}echo "deploy.sh: could not ${what} (above), which tells whether the first pass must run again: check the sign-in and the Reader role on $resource_group, and run deploy.sh again" >&2`;
  return [
    'first_pass=false',
    'group_exists="$(az group exists --subscription "$subscription" --name "$resource_group")"',
    // DEPLOYMENT_IN_FLIGHT: what follows reads the group's state; a deployment still running in it (an interrupted
    // run) would change it under this one, and the two would deploy the same resources side by side.
    'if [ "$group_exists" = "true" ]; then',
    `  if ! in_flight="$(az deployment group list --subscription "$subscription" --resource-group "$resource_group" --query ${shq(`[?!contains(${JSON.stringify(DEPLOYMENT_IN_FLIGHT.ended).replace(/"/g, "'")}, properties.provisioningState)].name`)} --output tsv)"; then`,
    '    echo "deploy.sh: could not list the deployments in $resource_group (above), one of which may still be running: check the sign-in and run deploy.sh again" >&2',
    '    exit 2',
    '  fi',
    '  if [ -n "$in_flight" ]; then',
    `    echo "deploy.sh: a deployment in $resource_group has not ended: \${in_flight//$'\\n'/ } (an interrupted run leaves its deployment running in Azure). Nothing was deployed: wait for it to end (az deployment group show --subscription $subscription --resource-group $resource_group --name <name> --query properties.provisioningState) or cancel it (${DEPLOYMENT_IN_FLIGHT.cancel} --subscription $subscription --resource-group $resource_group --name <name>), then run deploy.sh again" >&2`,
    '    exit 2',
    '  fi',
    'fi',
    'registry=""',
    'registry_principal=""',
    'key_vault=""',
    'if [ "$group_exists" = "true" ]; then',
    `  registry="$(az acr list --subscription "$subscription" --resource-group "$resource_group" --query ${shq(`[?starts_with(name, '${spec.prefix}${UNIQUE_NAME_TAGS.registry}')].name | [0]`)} --output tsv)"`,
    `  if ! key_vault="$(az keyvault list --subscription "$subscription" --resource-group "$resource_group" --query ${vaultQuery} --output tsv)"; then`,
    stop(`look up the key vault ${spec.prefix}${UNIQUE_NAME_TAGS.keyVault}... in $resource_group`),
    '    exit 2',
    '  fi',
    'fi',
    'if [ -n "$registry" ]; then',
    '  if ! registry_principal="$(az acr show --subscription "$subscription" --resource-group "$resource_group" --name "$registry" --query identity.principalId --output tsv)"; then',
    stop('read the system-assigned identity of registry $registry', '    '),
    '    exit 2',
    '  fi',
    'fi',
    'if [ -z "$registry" ]; then',
    '  first_pass=true',
    'else',
    "  # The registry exists: its system-assigned identity must hold the key role before pass 2 moves it to that",
    '  # identity. A first deployment that stopped in between left it without: pass 1 runs again and grants it.',
    '  registry_grants=0',
    '  if [ -n "$registry_principal" ] && [ -n "$key_vault" ]; then',
    `    key_id="/subscriptions/$subscription/resourceGroups/$resource_group/providers/Microsoft.KeyVault/vaults/$key_vault/keys/"${shq(key)}`,
    `    if ! registry_grants="$(az role assignment list --subscription "$subscription" --scope "$key_id" --role ${role.guid} --include-inherited --query "length([?principalId=='$registry_principal'])" --output tsv)"; then`,
    stop(`list the role assignments on key ${key}`, '      '),
    '      exit 2',
    '    fi',
    '  fi',
    '  if [ "${registry_grants:-0}" = "0" ]; then',
    `    echo "deploy.sh: registry $registry exists, but its system-assigned identity does not hold ${role.name} on key ${key} (a first deployment stopped before granting it, or the registry was created again): pass 1 runs again to grant it before pass 2 moves the registry to that identity" >&2`,
    '    first_pass=true',
    '  fi',
    'fi',
  ];
}

const REGISTRY = 'Microsoft.ContainerRegistry/registries';
const WORKSPACE = 'Microsoft.MachineLearningServices/workspaces';
const USER_ASSIGNED = 'Microsoft.ManagedIdentity/userAssignedIdentities';
/** How deploy.sh names a system-assigned identity: by its resource (no user-assigned identity's name holds a space). */
const systemAssigned = (name: string): string => `${displayName(name)} (system-assigned)`;

/**
 * The descriptions of the template's role assignments for identities that can be deleted and created again, by
 * the identity each is for, as deploy.sh names it: a user-assigned identity by its name, a system-assigned one by
 * its resource's name and "(system-assigned)". Every role assignment's principal must be one of these or the Azure
 * Cosmos DB first-party principal (a parameter: no one re-creates it), so that a grant added later cannot escape
 * the check (STALE_ROLE_ASSIGNMENTS).
 */
export function recreatableGrants(spec: Spec, template: ArmTemplate): Map<string, string[]> {
  const n = resourceNames(spec);
  const identities = new Map<string, string>([
    [expr(`${referenceFragment(REGISTRY, [n.registry], true)}.identity.principalId`), systemAssigned(n.registry)],
    [expr(`${referenceFragment(WORKSPACE, [n.workspace], true)}.identity.principalId`), systemAssigned(n.workspace)],
  ]);
  for (const r of template.resources) if (r.type === USER_ASSIGNED) identities.set(expr(`${referenceFragment(USER_ASSIGNED, [r.name])}.principalId`), r.name);
  const grants = new Map<string, string[]>();
  const holder = new Map<string, string>();
  for (const r of template.resources) {
    if (r.type !== 'Microsoft.Authorization/roleAssignments') continue;
    const principal = String(r.properties?.principalId);
    if (principal === `[parameters('${COSMOS_DB_PRINCIPAL_PARAMETER}')]`) continue;
    const identity = identities.get(principal);
    const description = r.properties?.description;
    if (identity === undefined || typeof description !== 'string' || (holder.get(description) ?? identity) !== identity) {
      throw new Error(`internal: role assignment ${r.name} (principal ${principal}) is not one deploy.sh can match to an identity by its description`);
    }
    holder.set(description, identity);
    const descriptions = grants.get(identity) ?? [];
    if (!descriptions.includes(description)) descriptions.push(description);
    grants.set(identity, descriptions);
  }
  return grants;
}

/**
 * STALE_ROLE_ASSIGNMENTS: il5ml's role assignments in the group held by a principal other than the current one of
 * the identity each is for (none when that identity is gone), as `id<TAB>identity` lines in stale_grants. One
 * listing finds them all; the principals come from one call each for the workspace and the user-assigned
 * identities (the registry's is read already). A first deployment (no group) looks up nothing.
 */
function staleGrantLines(spec: Spec, template: ArmTemplate): string[] {
  const n = resourceNames(spec);
  const grants = recreatableGrants(spec, template);
  const query = `[${[...grants].map(([identity, descriptions]) => `[?${descriptions.map((d) => `description==${jmespathRaw(d)}`).join(' || ')}].[id, principalId, ${jmespathRaw(identity)}]`).join(', ')}][]`;
  const stop = (what: string, command: string): string[] => [
    `    echo "deploy.sh: could not ${what} (${command}, above), which tells whether a role assignment il5ml made is held by an identity that was deleted or created again: check the sign-in and its read access to $resource_group and to the role assignments of subscription $subscription, and run deploy.sh again" >&2`,
    '    exit 2',
  ];
  return [
    '# Role assignments il5ml makes to identities that can be deleted and created again (the registry\'s and the',
    '# workspace\'s system-assigned identities, the user-assigned identities) keep their names, which do not depend on',
    '# the principal, and Resource Manager cannot move a role assignment to another principal: il5ml\'s grants in the',
    '# group (found by their descriptions) held by another principal than the identity\'s current one are deleted once',
    '# the what-if is approved, so that the template can create them again for the current identity.',
    'stale_grants=""',
    'if [ "$group_exists" = "true" ]; then',
    `  if ! workspace_principal="$(${STALE_ROLE_ASSIGNMENTS.systemIdentity} --subscription "$subscription" --resource-group "$resource_group" --resource-type ${WORKSPACE} --name ${shq(n.workspace)} --query '[0].identity.principalId' --output tsv)"; then`,
    ...stop(`read the system-assigned identity of workspace ${n.workspace}`, STALE_ROLE_ASSIGNMENTS.systemIdentity),
    '  fi',
    `  if ! identity_principals="$(${STALE_ROLE_ASSIGNMENTS.identities} --subscription "$subscription" --resource-group "$resource_group" --query '[].[name, principalId]' --output tsv)"; then`,
    ...stop('list the user-assigned identities in $resource_group', STALE_ROLE_ASSIGNMENTS.identities),
    '  fi',
    `  if ! grants="$(${STALE_ROLE_ASSIGNMENTS.list} --subscription "$subscription" --query ${shq(query)} --output tsv)"; then`,
    ...stop('list the role assignments il5ml made', STALE_ROLE_ASSIGNMENTS.list),
    '  fi',
    // Only the group's own: the same spec deployed to another group gives its grants the same descriptions.
    `  stale_grants="$(awk -F '\\t' -v group="/subscriptions/$subscription/resourceGroups/$resource_group/" 'FILENAME == ARGV[1] { current[$1] = tolower($2); next } NF == 3 && index(tolower($1), tolower(group)) == 1 && tolower($2) != current[$3] { print $1 "\\t" $3 }' <(printf '%s\\t%s\\n' ${shq(systemAssigned(n.registry))} "$registry_principal" ${shq(systemAssigned(n.workspace))} "$workspace_principal"; printf '%s\\n' "$identity_principals") <(printf '%s\\n' "$grants"))"`,
    'fi',
    'if [ -n "$stale_grants" ]; then',
    '  echo "deploy.sh: role assignments il5ml made are held by an identity that is gone (deleted, or deleted and created again with a new principal); Resource Manager cannot give them to the current identity, so deploy.sh deletes them once the what-if is approved, and the deployment creates them again:" >&2',
    `  printf '%s\\n' "$stale_grants" | awk -F '\\t' '{ print "  - " $1 " (for " $2 ")" }' >&2`,
    'fi',
  ];
}

/** STALE_ROLE_ASSIGNMENTS: the stale grants go only now, once the change is approved, and before anything is created. */
function staleGrantDeleteLines(): string[] {
  const del = STALE_ROLE_ASSIGNMENTS.delete;
  return [
    'if [ -n "$stale_grants" ]; then',
    '  stale_ids=()',
    `  while IFS=$'\\t' read -r id _; do stale_ids+=("$id"); done <<< "$stale_grants"`,
    `  if ! ${del} "\${stale_ids[@]}" --subscription "$subscription" --output none; then`,
    `    echo "deploy.sh: could not delete the role assignment(s) above held by identities that are gone (${del}); nothing was deployed. Deleting them needs Microsoft.Authorization/roleAssignments/delete on $resource_group: run ${del} \${stale_ids[*]}, then deploy.sh again" >&2`,
    '    exit 2',
    '  fi',
    'fi',
  ];
}

/**
 * deploy.sh: Azure Government, the pinned subscription, the checks of src/emit/deploy-preflight.ts, resource
 * group, what-if, then create in Incremental mode (never Complete: Complete deletes whatever else is in the group).
 * It resolves the Cosmos DB principal's object ID and the workspace's current key version and passes both. The jump box password comes from the environment, is
 * checked to be set, and reaches az only through a mode-600 temporary parameters file, so it never shows
 * in the terminal, the shell history or the process list.
 */
export function renderDeploySh(spec: Spec, template: ArmTemplate): string {
  const n = resourceNames(spec);
  const needsPassword = ADMIN_PASSWORD_PARAMETER in template.parameters;
  const tags = Object.keys(spec.tags)
    .sort()
    .map((k) => shq(`${k}=${spec.tags[k] ?? ''}`))
    .join(' ');
  const lines: string[] = [
    '#!/usr/bin/env bash',
    '# Generated by il5ml from the spec: change the spec and run `il5ml plan` again rather than editing this file.',
    '# Deploys azuredeploy.json to a resource group in Azure Government; see plan.md for what it creates.',
    '#',
    `#   ${RESOURCE_GROUP_ENV}           resource group to create or update (default: ${n.vnet.replace(/-vnet$/, '')}-rg)`,
  ];
  if (needsPassword) lines.push(`#   ${PASSWORD_ENV}  jump box administrator password (required, never printed)`);
  lines.push(
    `#   ${SUBSCRIPTION_ENV}          subscription ID to deploy to (required; the CLI's default subscription is never used or changed)`,
    '#   IL5ML_SPEC                     the spec file, passed to `il5ml preflight` when il5ml is installed',
    '#   IL5ML_YES=1                    deploy after what-if without asking',
    // `sh deploy.sh` (dash on Debian and Ubuntu) stops at the first bash-only line with a message that names
    // neither bash nor the fix: said plainly here, in words any POSIX shell runs.
    'if [ -z "${BASH_VERSION:-}" ]; then echo "deploy.sh: run it with bash (bash deploy.sh, or ./deploy.sh), not sh: it is a bash script" >&2; exit 2; fi',
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    '',
    `resource_group="\${${RESOURCE_GROUP_ENV}:-${spec.prefix}-rg}"`,
    `location=${shq(spec.region)}`,
    'deployment="il5ml-$(date -u +%Y%m%d-%H%M%S)"',
    '',
  );
  if (needsPassword) {
    lines.push(
      `if [ -z "\${${PASSWORD_ENV}:-}" ]; then`,
      `  echo "deploy.sh: set ${PASSWORD_ENV} to the jump box administrator password (12 to 123 characters)" >&2`,
      '  exit 2',
      'fi',
      `case "$${PASSWORD_ENV}" in`,
      `  *[[:cntrl:]]*) echo "deploy.sh: ${PASSWORD_ENV} contains control characters" >&2; exit 2 ;;`,
      'esac',
      // Compute refuses the rest only when it reaches the VM, deep into the first deployment (WINDOWS_ADMIN_PASSWORD).
      `# What Azure refuses for a Windows VM password, refused here before anything is created: ${WINDOWS_ADMIN_PASSWORD.minLength} to ${WINDOWS_ADMIN_PASSWORD.maxLength}`,
      `# characters, with ${WINDOWS_ADMIN_PASSWORD.classes} of lowercase, uppercase, digit, special character.`,
      'password_classes=0',
      `case "$${PASSWORD_ENV}" in *[[:lower:]]*) password_classes=$((password_classes + 1)) ;; esac`,
      `case "$${PASSWORD_ENV}" in *[[:upper:]]*) password_classes=$((password_classes + 1)) ;; esac`,
      `case "$${PASSWORD_ENV}" in *[[:digit:]]*) password_classes=$((password_classes + 1)) ;; esac`,
      `case "$${PASSWORD_ENV}" in *[![:alnum:]]*) password_classes=$((password_classes + 1)) ;; esac`,
      `if [ "\${#${PASSWORD_ENV}}" -lt ${WINDOWS_ADMIN_PASSWORD.minLength} ] || [ "\${#${PASSWORD_ENV}}" -gt ${WINDOWS_ADMIN_PASSWORD.maxLength} ] || [ "$password_classes" -lt ${WINDOWS_ADMIN_PASSWORD.classes} ]; then`,
      `  echo "deploy.sh: ${PASSWORD_ENV} does not meet Azure's rule for Windows VM passwords: ${WINDOWS_ADMIN_PASSWORD.minLength} to ${WINDOWS_ADMIN_PASSWORD.maxLength} characters, with at least ${WINDOWS_ADMIN_PASSWORD.classes} of: a lowercase letter, an uppercase letter, a digit, a special character" >&2`,
      '  exit 2',
      'fi',
      '',
    );
  }
  // The vault the first pass opens is closed on any way out before the second pass has closed it (a failed create,
  // Ctrl-C): not left open to every network until someone runs deploy.sh again (REGISTRY_CMK_FIREWALL.closeOnFailure).
  const closesVault = !spec.posture.publicNetworkAccess;
  const vaultQuery = shq(`[?starts_with(name, '${spec.prefix}${UNIQUE_NAME_TAGS.keyVault}')].name | [0]`);
  const cancellable = DEPLOYMENT_IN_FLIGHT.cancellable.join('|');
  const closeVault = closesVault
    ? [
        'if [ "${vault_open:-0}" = 1 ]; then',
        // An interrupted run leaves its deployment running in Resource Manager (DEPLOYMENT_IN_FLIGHT): cancelled first,
        // so that a first pass does not go on, with the vault open, after the vault was closed below.
        '  deployment_state="$(az deployment group show --subscription "$subscription" --resource-group "$resource_group" --name "$deployment" --query properties.provisioningState --output tsv 2>/dev/null || true)"',
        '  case "$deployment_state" in',
        `    ${cancellable})`,
        `      if ${DEPLOYMENT_IN_FLIGHT.cancel} --subscription "$subscription" --resource-group "$resource_group" --name "$deployment" 2>/dev/null; then`,
        '        echo "deploy.sh: deployment $deployment was still running in Azure when the run stopped: cancelled, so that it does not go on with the key vault open (what it created stays; run deploy.sh again to finish)" >&2',
        '      else',
        `        echo "deploy.sh: WARNING: deployment $deployment is still running in Azure and could not be cancelled; it may leave the key vault open: run ${DEPLOYMENT_IN_FLIGHT.cancel} --subscription $subscription --resource-group $resource_group --name $deployment, then deploy.sh again" >&2`,
        '      fi ;;',
        '  esac',
        `  vault_fix="${REGISTRY_CMK_FIREWALL.closeOnFailure.command} --subscription $subscription --resource-group $resource_group --name"`,
        `  if ! vault="$(az keyvault list --subscription "$subscription" --resource-group "$resource_group" --query ${vaultQuery} --output tsv 2>/dev/null)"; then`,
        `    echo "deploy.sh: WARNING: the first deployment stopped after pass 1, which opens the key vault to all networks, and deploy.sh could not look the vault up: run $vault_fix <the ${spec.prefix}${UNIQUE_NAME_TAGS.keyVault}... vault>, or run deploy.sh again" >&2`,
        '  elif [ -z "$vault" ]; then',
        '    :  # pass 1 stopped before it created the vault: nothing is open',
        `  elif az keyvault update --subscription "$subscription" --resource-group "$resource_group" --name "$vault" ${REGISTRY_CMK_FIREWALL.closeOnFailure.command.replace(/^az keyvault update /, '')} --output none 2>/dev/null; then`,
        '    echo "deploy.sh: the first deployment stopped after pass 1 opened the key vault $vault; its firewall is closed again (default action Deny). Run deploy.sh again to finish." >&2',
        '  else',
        '    echo "deploy.sh: WARNING: the first deployment stopped after pass 1 opened the key vault $vault to all networks, and deploy.sh could not close it: run $vault_fix $vault, or run deploy.sh again" >&2',
        '  fi',
        'fi',
      ]
    : [];
  lines.push(...subscriptionAndCloudLines(closeVault));
  if (needsPassword) {
    lines.push(
      '# Encryption at host is a subscription feature that must be registered before the jump box is created.',
      'eah_state="$(az feature show --namespace Microsoft.Compute --name EncryptionAtHost --subscription "$subscription" --query properties.state --output tsv 2>/dev/null || true)"',
      'if [ "$eah_state" != "Registered" ]; then',
      '  echo "deploy.sh: the EncryptionAtHost feature is ${eah_state:-not registered} in this subscription." >&2',
      '  echo "  run: az feature register --namespace Microsoft.Compute --name EncryptionAtHost --subscription $subscription" >&2',
      '  echo "  then, once it shows Registered: az provider register --namespace Microsoft.Compute --subscription $subscription" >&2',
      '  exit 2',
      'fi',
      '',
    );
  }
  lines.push(...preflightLines(spec, template.resources));
  lines.push(
    "# The registry's customer-managed key behind the vault's firewall (plan.md, step C): a registry is created",
    '# with its key through the user-assigned identity, which the firewall does not let through, and only its',
    '# system-assigned identity passes later. So when the resource group holds no registry of this plan yet, a',
    `# first pass (${REGISTRY_CMK_BOOTSTRAP_PARAMETER}=true) opens the vault and creates the registry; the second pass closes`,
    '# the vault and moves the registry to its system-assigned identity. A failed lookup stops here.',
    ...registryGrantLines(spec, vaultQuery),
    ...staleGrantLines(spec, template),
    '',
    '# The key version an existing workspace uses: a re-run after a key rotation keeps the workspace on it. Only a',
    '# workspace that is not there leaves it empty; a lookup that fails stops here, since going on would hand the',
    "# workspace the key's newest version (plan.md, step B: key rotation). Read again after a first pass that",
    '# created the workspace, so that pass 2 keeps the version pass 1 gave it even if the key rotated in between.',
    'read_workspace_key() {',
    '  local workspace_count',
    `  if ! workspace_count="$(az resource list --subscription "$subscription" --resource-group "$resource_group" --resource-type Microsoft.MachineLearningServices/workspaces --name ${shq(n.workspace)} --query 'length(@)' --output tsv)"; then`,
    `    echo "deploy.sh: could not look up workspace ${n.workspace} in $resource_group (above), whose key version a re-run must keep: check the sign-in and run deploy.sh again" >&2`,
    '    exit 2',
    '  fi',
    '  if [ "$workspace_count" != "0" ]; then',
    `    if ! workspace_key="$(az resource show --subscription "$subscription" --resource-group "$resource_group" --resource-type Microsoft.MachineLearningServices/workspaces --name ${shq(n.workspace)} --query properties.encryption.keyVaultProperties.keyIdentifier --output tsv)"; then`,
    `      echo "deploy.sh: could not read the key version of workspace ${n.workspace} (above): a re-run must keep it; check the sign-in and run deploy.sh again" >&2`,
    '      exit 2',
    '    fi',
    '  fi',
    '}',
    'workspace_key=""',
    'if [ "$group_exists" = "true" ]; then read_workspace_key; fi',
    '',
    // An existing group (a re-run, or one the platform team created with its own tags) keeps its tags: az group
    // create is a PUT that replaces them all, so the spec's tags are merged in instead (RESOURCE_GROUP_TAGS, src/catalog/aml-deployment.ts).
    "# The resource group: created with the spec's tags, or, when it exists, given them without losing its own",
    '# (az group create would replace every tag on it).',
    'if [ "$group_exists" = "true" ]; then',
    tags
      ? `  ${RESOURCE_GROUP_TAGS.merge.replace('<group id>', '"/subscriptions/$subscription/resourceGroups/$resource_group"')} ${tags} --output none`
      : '  :  # the spec has no tags: the group is left as it is',
    'else',
    `  az group create --subscription "$subscription" --name "$resource_group" --location "$location"${tags ? ` --tags ${tags}` : ''} --output none`,
    'fi',
    '',
  );
  const paramArgs = [
    '--parameters @azuredeploy.parameters.json',
    `--parameters ${COSMOS_DB_PRINCIPAL_PARAMETER}="$${COSMOS_OBJECT_ID_VAR}"`,
    `--parameters ${WORKSPACE_KEY_PARAMETER}="$workspace_key"`,
  ];
  if (needsPassword) {
    lines.push(
      '# The password goes to az in a private temporary file: never on a command line, never echoed.',
      'umask 077',
      'secrets="$(mktemp)"',
      `password="$${PASSWORD_ENV}"`,
      'password="${password//\\\\/\\\\\\\\}"',
      'password="${password//\\"/\\\\\\"}"',
      `printf '{"contentVersion":"1.0.0.0","parameters":{"${ADMIN_PASSWORD_PARAMETER}":{"value":"%s"}}}\\n' "$password" > "$secrets"`,
      'unset password',
      '',
    );
    paramArgs.push('--parameters @"$secrets"');
  }
  const common = `--subscription "$subscription" --resource-group "$resource_group" --name "$deployment" --template-file azuredeploy.json ${paramArgs.join(' ')}`;
  lines.push(
    // On a first deployment what-if previews pass 1, the one that creates everything: the registry created with its
    // key through the user-assigned identity and the vault open, as pass 1 leaves them. A preview of the template's
    // defaults would show a registry created on its system identity, which Azure refuses (REGISTRY_CMK_FIREWALL),
    // and hide the open vault from the person asked to approve.
    'if [ "$first_pass" = "true" ]; then',
    closesVault
      ? '  echo "deploy.sh: what-if of pass 1 of 2 (first deployment): it shows the key vault open (default action Allow); pass 2 closes it and moves the registry to its system-assigned identity" >&2'
      : '  echo "deploy.sh: what-if of pass 1 of 2 (first deployment); pass 2 moves the registry to its system-assigned identity" >&2',
    `  az deployment group what-if ${common} --parameters ${REGISTRY_CMK_BOOTSTRAP_PARAMETER}=true`,
    'else',
    `  az deployment group what-if ${common}`,
    'fi',
    '',
    'if [ "${IL5ML_YES:-}" != "1" ]; then',
    '  # No answer (closed stdin) counts as no.',
    '  # The prompt goes to stderr even without a terminal, so a log shows which subscription was asked about.',
    '  printf \'Deploy these changes to %s in subscription %s (%s)? [y/N] \' "$resource_group" "$subscription_name" "$subscription" >&2',
    '  read -r answer || answer=""',
    '  case "$answer" in',
    '    y|Y|yes|YES) ;;',
    // A new group was created for what-if (it needs one): empty, but a change all the same, which "Nothing
    // deployed" alone would hide from the person who declined.
    '    *)',
    '      echo "Nothing deployed."',
    '      if [ "$group_exists" != "true" ]; then',
    `        echo "deploy.sh: resource group $resource_group was created (empty${tags ? ", with the spec's tags" : ''}) for what-if, which needs one; remove it with: az group delete --subscription $subscription --name $resource_group" >&2`,
    '      fi',
    '      exit 0 ;;',
    '  esac',
    'fi',
    '',
    ...staleGrantDeleteLines(),
    '',
    ...createWithRetryLines(`az deployment group create ${common} --mode Incremental --output none`),
    '',
    'if [ "$first_pass" = "true" ]; then',
    '  echo "deploy.sh: first deployment: pass 1 of 2 creates the registry with its key, the vault open (plan.md, step C)" >&2',
    ...(closesVault ? ['  vault_open=1'] : []),
    `  create_deployment --parameters ${REGISTRY_CMK_BOOTSTRAP_PARAMETER}=true`,
    '  [ -n "$workspace_key" ] || read_workspace_key',
    '  echo "deploy.sh: pass 2 of 2 closes the vault and moves the registry to its system-assigned identity" >&2',
    'fi',
    'create_deployment',
    ...(closesVault ? ['vault_open=0'] : []),
    '',
    `# Idle shutdown of the compute instance (${spec.compute.instance.idleShutdownAfter}): an action, not a property in the GA API.`,
    '# The instance name may be derived in the template (uniqueString): take it from the deployment output.',
    '# Everything is deployed by now: a failure here is a warning, never the exit status of the run.',
    `if ! instance="$(az deployment group show --subscription "$subscription" --resource-group "$resource_group" --name "$deployment" --query properties.outputs.${COMPUTE_INSTANCE_OUTPUT}.value --output tsv)" || [ -z "$instance" ]; then`,
    `  echo "deploy.sh: warning: could not read the compute instance name from deployment $deployment, so its idle shutdown (${spec.compute.instance.idleShutdownAfter}) is not set; set it in studio (Compute, the instance, Schedule)" >&2`,
    `elif ! az rest --method post --url "/subscriptions/$subscription/resourceGroups/$resource_group/providers/Microsoft.MachineLearningServices/workspaces/${n.workspace}/computes/$instance/updateIdleShutdownSetting?api-version=${apiVersionOf('Microsoft.MachineLearningServices/workspaces/computes')}" --body ${shq(JSON.stringify({ idleTimeBeforeShutdown: spec.compute.instance.idleShutdownAfter }))} --output none; then`,
    `  echo "deploy.sh: warning: idle shutdown of $instance not set; set it in studio (Compute, the instance, Schedule)" >&2`,
    'fi',
    '',
    'echo "Deployed $deployment to $resource_group ($location)."',
  );
  return `${lines.join('\n')}\n`;
}
