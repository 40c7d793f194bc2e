import { COSMOS_DB_FIRST_PARTY, REQUIRED_PROVIDERS } from '../catalog/aml-deployment.js';
import { apiVersionOf } from '../catalog/api-versions.js';
import type { Spec } from '../spec/schema.js';
import type { ArmResourceDecl } from './types.js';
import { localeOrder } from '../core/collate.js';

/**
 * deploy.sh's checks before it creates anything (issue 9, section 2), as bash lines. Each check adds a line to
 * `failures` naming the spec key to change; all of them run, then the script stops with every failure at once
 * (exit 2) or goes on. Every az call names the pinned subscription (IL5ML_SUBSCRIPTION_ID): the script never
 * relies on, nor changes, the CLI's default subscription. Pure: the lines depend only on the spec and template.
 */

export const SUBSCRIPTION_ENV = 'IL5ML_SUBSCRIPTION_ID';

/** Variable holding the Cosmos DB principal's object ID once resolved. */
export const COSMOS_OBJECT_ID_VAR = 'cosmos_object_id';

/** `Microsoft.Network/privateEndpoints/privateDnsZoneGroups` -> [`Microsoft.Network`, `privateEndpoints/privateDnsZoneGroups`]. */
export function splitType(type: string): [string, string] {
  const i = type.indexOf('/');
  return [type.slice(0, i), type.slice(i + 1)];
}

/** Each (type, apiVersion) the template declares, once, sorted. */
export function templateApiVersions(resources: readonly ArmResourceDecl[]): { type: string; apiVersion: string }[] {
  const seen = new Map<string, { type: string; apiVersion: string }>();
  for (const r of resources) seen.set(`${r.type.toLowerCase()}@${r.apiVersion}`, { type: r.type, apiVersion: r.apiVersion });
  return [...seen.values()].sort((a, b) => localeOrder(a.type, b.type) || localeOrder(a.apiVersion, b.apiVersion));
}

/** A word for bash, single-quoted. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Subscription pinned from the environment, and the CLI's cloud switched for this run only (restored on exit).
 * `onExit`: more bash lines the exit trap runs first, while the CLI is still on Azure Government.
 */
export function subscriptionAndCloudLines(onExit: readonly string[] = []): string[] {
  return [
    `subscription="\${${SUBSCRIPTION_ENV}:-}"`,
    `if ! [[ "$subscription" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then`,
    `  echo "deploy.sh: set ${SUBSCRIPTION_ENV} to the ID of the subscription to deploy to (az account list --output table)" >&2`,
    '  exit 2',
    'fi',
    '',
    "# The CLI's cloud is a global setting: switch it to Azure Government for this run only, say so, and switch it back.",
    'previous_cloud="$(az cloud show --query name --output tsv 2>/dev/null || true)"',
    'restore_cloud=0',
    'secrets=""',
    'preflight_dir="$(mktemp -d)"',
    'cleanup() {',
    ...onExit.map((l) => `  ${l}`),
    '  rm -rf "$preflight_dir"',
    '  if [ -n "$secrets" ]; then rm -f "$secrets"; fi',
    '  if [ "$restore_cloud" = 1 ]; then',
    '    if az cloud set --name "$previous_cloud" 2>/dev/null; then',
    '      echo "deploy.sh: the Azure CLI is back on cloud $previous_cloud." >&2',
    '    else',
    '      echo "deploy.sh: could not switch the Azure CLI back: run az cloud set --name $previous_cloud" >&2',
    '    fi',
    '  fi',
    '}',
    'trap cleanup EXIT',
    'if [ "$previous_cloud" != "AzureUSGovernment" ]; then',
    '  echo "deploy.sh: the Azure CLI is on cloud ${previous_cloud:-unknown}; switching it to AzureUSGovernment for this run (switched back at the end)." >&2',
    '  az cloud set --name AzureUSGovernment',
    '  if [ -n "$previous_cloud" ]; then restore_cloud=1; fi',
    'fi',
    'if ! subscription_name="$(az account show --subscription "$subscription" --query name --output tsv 2>/dev/null)"; then',
    `  echo "deploy.sh: subscription $subscription is not reachable with this sign-in: run az login (Azure Government), then check ${SUBSCRIPTION_ENV}" >&2`,
    '  exit 2',
    'fi',
    '',
  ];
}

interface SizeNeed {
  size: string;
  count: number;
  specKey: string;
}

/** The preflight proper: providers, API versions, sizes and quota, the Cosmos DB principal, `il5ml preflight`. */
export function preflightLines(spec: Spec, resources: readonly ArmResourceDecl[]): string[] {
  const amlApi = apiVersionOf('Microsoft.MachineLearningServices/workspaces');
  const lines: string[] = [
    'failures=()',
    'fail() { failures+=("$1"); }',
    '',
    '# Resource providers: Azure ML with a customer-managed key creates a Cosmos DB and an AI Search service in this',
    '# subscription, so their providers must be registered too (plan.md, step B).',
    `for ns in ${REQUIRED_PROVIDERS.map((p) => p.namespace).join(' ')}; do`,
    '  state="$(az provider show --namespace "$ns" --subscription "$subscription" --query registrationState --output tsv 2>/dev/null || true)"',
    '  if [ "$state" != "Registered" ]; then',
    '    echo "deploy.sh: registering resource provider $ns (${state:-not registered}); this can take minutes" >&2',
    '    az provider register --namespace "$ns" --subscription "$subscription" --wait --output none ||',
    '      fail "resource provider $ns is not registered and could not be: ask a subscription Owner to run az provider register --namespace $ns --wait"',
    '  fi',
    'done',
    '',
    '# Every apiVersion of the template, offered for its type, and the type offered in the region (Azure Government',
    "# lags the commercial cloud). One az call per provider namespace, kept in $preflight_dir.",
    'api_check() { # namespace, type within it, apiVersion',
    '  local file="$preflight_dir/$1.tsv" row versions locations',
    '  if [ ! -f "$file" ]; then',
    `    az provider show --namespace "$1" --subscription "$subscription" --query "resourceTypes[].[resourceType, join(',', apiVersions), join(',', locations)]" --output tsv > "$file" 2>/dev/null || true`,
    '  fi',
    "  row=\"$(awk -F '\\t' -v t=\"$2\" 'tolower($1) == tolower(t)' \"$file\")\"",
    "  versions=\"$(printf '%s' \"$row\" | cut -f2)\"",
    "  locations=\"$(printf '%s' \"$row\" | cut -f3 | tr -d ' ' | tr '[:upper:]' '[:lower:]')\"",
    '  if [ -z "$row" ]; then fail "$1/$2 is not offered in this cloud (spec key: region)"; return; fi',
    '  case ",$versions," in',
    '    *",$3,"*) ;;',
    '    *) fail "$1/$2 apiVersion $3 is not offered in this cloud yet (offered: $versions). Spec key: region, or an il5ml release whose catalog has an offered version"; return ;;',
    '  esac',
    '  case ",$locations," in',
    '    ",,"|*",global,"*|*",$location,"*) ;;',
    '    *) fail "$1/$2 is not offered in $location (spec key: region)" ;;',
    '  esac',
    '}',
  ];
  for (const { type, apiVersion } of templateApiVersions(resources)) {
    const [ns, rest] = splitType(type);
    lines.push(`api_check ${q(ns)} ${q(rest)} ${q(apiVersion)}`);
  }

  const aml: SizeNeed[] = [
    { size: spec.compute.cluster.vmSize, count: spec.compute.cluster.maxNodes, specKey: 'compute.cluster.vmSize, compute.cluster.maxNodes' },
    { size: spec.compute.instance.vmSize, count: 1, specKey: 'compute.instance.vmSize' },
  ];
  lines.push(
    '',
    '# Azure ML compute: each size offered for Azure ML in the region, and the Azure ML quota of its family for the',
    '# cluster at its maximum plus the instance.',
    `aml_sizes="$(az rest --method get --url "/subscriptions/$subscription/providers/Microsoft.MachineLearningServices/locations/$location/vmSizes?api-version=${amlApi}" --query "value[].[name, family, to_string(vCPUs)]" --output tsv 2>/dev/null || true)"`,
    `aml_usage="$(az rest --method get --url "/subscriptions/$subscription/providers/Microsoft.MachineLearningServices/locations/$location/usages?api-version=${amlApi}" --query "value[].[name.value, to_string(currentValue), to_string(limit)]" --output tsv 2>/dev/null || true)"`,
    'size_need() { # table, size, count, spec key, need file',
    "  local row; row=\"$(printf '%s\\n' \"$1\" | awk -F '\\t' -v s=\"$2\" 'tolower($1) == tolower(s)')\"",
    '  if [ -z "$row" ]; then fail "VM size $2 is not offered in $location (spec key: $4)"; return; fi',
    "  local vcpus; vcpus=\"$(printf '%s' \"$row\" | cut -f3)\"; vcpus=\"${vcpus%.*}\"",
    "  printf '%s\\t%s\\t%s\\n' \"$(printf '%s' \"$row\" | cut -f2)\" \"$(( $3 * ${vcpus:-0} ))\" \"$4\" >> \"$5\"",
    '}',
    'quota_check() { # usage table, need file, what',
    '  [ -f "$2" ] || return 0',
    "  awk -F '\\t' '{ need[$1] += $2; keys[$1] = keys[$1] (keys[$1] ? \", \" : \"\") $3 } END { for (f in need) printf \"%s\\t%s\\t%s\\n\", f, need[f], keys[f] }' \"$2\" |",
    '    while IFS=$\'\\t\' read -r family need keys; do',
    "      local row current limit; row=\"$(printf '%s\\n' \"$1\" | awk -F '\\t' -v f=\"$family\" 'tolower($1) == tolower(f)')\"",
    '      current="$(printf \'%s\' "$row" | cut -f2)"; limit="$(printf \'%s\' "$row" | cut -f3)"; current="${current%.*}"; limit="${limit%.*}"',
    '      if [ -z "$row" ]; then echo "$3 quota of $family in $location is unknown (spec key: $keys)"; continue; fi',
    '      if [ $(( ${limit:-0} - ${current:-0} )) -lt "$need" ]; then',
    '        echo "$3 quota of $family in $location: $need vCPUs needed, $(( ${limit:-0} - ${current:-0} )) free of ${limit:-0} (spec key: $keys; or request a quota increase)"',
    '      fi',
    '    done',
    '}',
  );
  for (const n of aml) lines.push(`size_need "$aml_sizes" ${q(n.size)} ${n.count} ${q(n.specKey)} "$preflight_dir/aml-need"`);
  lines.push('while IFS= read -r line; do fail "$line"; done < <(quota_check "$aml_usage" "$preflight_dir/aml-need" "Azure ML compute")');

  if (spec.jumpBox.enabled) {
    const j = spec.jumpBox;
    lines.push(
      '',
      '# The jump box: its size (and the dedicated host SKU) offered and not restricted in the region, and the',
      '# regional VM quota of its family. A dedicated host consumes the quota of its whole host, whatever runs on it.',
      `vm_skus="$(az vm list-skus --location "$location" --subscription "$subscription" --resource-type virtualMachines --size ${q(j.vmSize)} --query "[?!restrictions[0]].[name, family, capabilities[?name=='vCPUs'].value | [0]]" --output tsv 2>/dev/null || true)"`,
      `vm_usage="$(az vm list-usage --location "$location" --subscription "$subscription" --query "[].[name.value, to_string(currentValue), to_string(limit)]" --output tsv 2>/dev/null || true)"`,
    );
    if (j.isolation === 'dedicatedHost') {
      lines.push(
        `size_need "$vm_skus" ${q(j.vmSize)} 0 'jumpBox.vmSize' "$preflight_dir/vm-need"`,
        `host_skus="$(az vm list-skus --location "$location" --subscription "$subscription" --resource-type hostGroups/hosts --query "[?!restrictions[0]].[name, family, capabilities[?name=='vCPUs' || name=='Cores'].value | [0]]" --output tsv 2>/dev/null || true)"`,
        `size_need "$host_skus" ${q(j.dedicatedHostSku)} 1 'jumpBox.dedicatedHostSku' "$preflight_dir/vm-need"`,
      );
    } else {
      lines.push(`size_need "$vm_skus" ${q(j.vmSize)} 1 'jumpBox.vmSize' "$preflight_dir/vm-need"`);
    }
    lines.push('while IFS= read -r line; do fail "$line"; done < <(quota_check "$vm_usage" "$preflight_dir/vm-need" "Virtual machine")');
  }

  lines.push(
    '',
    `# The ${COSMOS_DB_FIRST_PARTY.displayName} first-party principal: its object ID differs per tenant (plan.md, step B).`,
    `${COSMOS_OBJECT_ID_VAR}="$(az ad sp show --id ${COSMOS_DB_FIRST_PARTY.governmentAppId} --query id --output tsv 2>/dev/null || true)"`,
    `if [ -z "$${COSMOS_OBJECT_ID_VAR}" ]; then`,
    `  fail "the ${COSMOS_DB_FIRST_PARTY.displayName} service principal (application ${COSMOS_DB_FIRST_PARTY.governmentAppId}) is not in this tenant or not readable: register Microsoft.DocumentDB, or ask an administrator for its object ID"`,
    'fi',
    '',
    '# The live preflight of il5ml, when installed (il5ml preflight: names, soft-deleted vaults, role-assignment rights).',
    'if command -v il5ml >/dev/null 2>&1 && il5ml preflight --help >/dev/null 2>&1; then',
    '  il5ml preflight ${IL5ML_SPEC:+--spec "$IL5ML_SPEC"} --subscription "$subscription" --resource-group "$resource_group" --auth cli ||',
    '    fail "il5ml preflight found what would make the deployment fail (above)"',
    'fi',
    '',
    'if [ "${#failures[@]}" -gt 0 ]; then',
    '  echo "deploy.sh: nothing was created; ${#failures[@]} check(s) failed:" >&2',
    "  printf '  - %s\\n' \"${failures[@]}\" >&2",
    '  exit 2',
    'fi',
    '',
  );
  return lines;
}

/**
 * The create, retried on the errors Azure gives while a new role assignment propagates (the key grants the
 * workspace, registry and storage wait for): PrincipalNotFound, or a service refused by the vault minutes after
 * the grant (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected).
 */
export function createWithRetryLines(createCommand: string): string[] {
  return [
    '# Creates the deployment (further az arguments in "$@"); deploy.sh calls it once, or twice on a first deployment.',
    'create_deployment() {',
    '  local attempt=1 create_log',
    '  while :; do',
    '    create_log="$preflight_dir/create-$attempt.log"',
    `    if ${createCommand} "$@" 2>"$create_log"; then return 0; fi`,
    '    cat "$create_log" >&2',
    "    if [ \"$attempt\" -lt 3 ] && grep -qE 'PrincipalNotFound|does not exist in the directory|AuthorizationFailed|Forbidden|KeyVaultAccess' \"$create_log\"; then",
    '      echo "deploy.sh: a new role assignment may still be propagating; retrying in 60 seconds (attempt $((attempt + 1)) of 3)" >&2',
    '      sleep "${IL5ML_RETRY_SECONDS:-60}"',
    '      attempt=$((attempt + 1))',
    '      continue',
    '    fi',
    '    echo "deploy.sh: the deployment failed; see the errors above (az deployment operation group list --resource-group $resource_group --name $deployment --subscription $subscription)" >&2',
    '    exit 1',
    '  done',
    '}',
  ];
}
