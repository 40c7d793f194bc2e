import { EXFILTRATION, IL5_COMPUTE_ISOLATION, ISOLATED_SIZES, NETWORK_DEVIATIONS } from '../catalog/network-layout.js';
import { isIsolatedSize } from '../catalog/vm-isolation.js';
import { REGISTRY_CMK_FIREWALL, WORKSPACE_KEY_EXPIRY } from '../catalog/aml-deployment.js';
import { PORTAL_SAFELIST } from '../catalog/egress.js';
import type { Source } from '../core/fact.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { apiVersionOf } from '../catalog/api-versions.js';
import { displayName } from './arm.js';

/**
 * Risk decisions plan.md states explicitly: where the plan's default leaves an IL5 concern open on purpose, what
 * is open, why, and the spec key that closes it. Pure: one row per decision, for plan.md's "Risk decisions".
 */
export interface RiskDecision {
  topic: string;
  decision: string;
  risk: string;
  close: string;
  source: Source;
}

export function riskDecisions(spec: Spec): RiskDecision[] {
  const out: RiskDecision[] = [];
  if (spec.compute.isolation === 'shared') {
    out.push({
      topic: 'Isolation of Azure ML compute',
      decision: `compute.isolation shared: cluster ${spec.compute.cluster.vmSize} and instance ${spec.compute.instance.vmSize} on hosts shared with other customers`,
      risk: `The IL5 guidance asks for dedicated hosts or isolated sizes for VMs in Government regions; the compute that processes IL5 data does not meet that by default${spec.jumpBox.enabled ? ' (the jump box does)' : ''}. Isolated sizes are large and costly, and Azure ML compute cannot use dedicated hosts.`,
      close: `compute.isolation: isolatedSize with isolated sizes (${ISOLATED_SIZES.url})`,
      source: IL5_COMPUTE_ISOLATION,
    });
  } else {
    // The spec rule compute-isolation refuses a size that is not isolated; the row stays truthful without it.
    const shared = (['cluster', 'instance'] as const).filter((k) => !isIsolatedSize(spec.compute[k].vmSize));
    out.push(
      shared.length === 0
        ? {
            topic: 'Isolation of Azure ML compute',
            decision: `compute.isolation isolatedSize: cluster ${spec.compute.cluster.vmSize}, instance ${spec.compute.instance.vmSize}`,
            risk: 'None beyond cost and regional capacity of isolated sizes (check quota before deploying).',
            close: 'Nothing to do.',
            source: IL5_COMPUTE_ISOLATION,
          }
        : {
            topic: 'Isolation of Azure ML compute',
            decision: `compute.isolation isolatedSize: cluster ${spec.compute.cluster.vmSize}, instance ${spec.compute.instance.vmSize}`,
            risk: `${shared.map((k, i) => `${i === 0 ? 'The' : 'the'} ${k} size ${spec.compute[k].vmSize}`).join(' and ')} ${shared.length > 1 ? 'are' : 'is'} not isolated: the compute that processes IL5 data shares its hosts with other customers, which the IL5 guidance asks to avoid for VMs in Government regions.`,
            close: `${shared.map((k) => `compute.${k}.vmSize`).join(' and ')}: an isolated size (${ISOLATED_SIZES.url})`,
            source: IL5_COMPUTE_ISOLATION,
          },
    );
  }
  if (!spec.network.serviceEndpointPolicy) {
    out.push({
      topic: 'Data exfiltration',
      decision: 'network.serviceEndpointPolicy false: compute reaches any storage account in the region (Storage.<region>) and AzureFrontDoor.Frontend',
      risk: 'A user with compute can copy data to a storage account outside the tenant, or out through Front Door; the firewall logs it but allows it.',
      close: 'network.serviceEndpointPolicy: true (closes Storage; Front Door stays, as studio needs it)',
      source: EXFILTRATION,
    });
  } else {
    out.push({
      topic: 'Data exfiltration',
      decision: 'network.serviceEndpointPolicy true: Storage only to this resource group and Azure ML\'s own storage',
      risk: 'AzureFrontDoor.Frontend stays open (studio and AutoML need it).',
      close: 'Nothing more in the plan; watch the firewall logs for Front Door traffic.',
      source: EXFILTRATION,
    });
  }
  if (!spec.posture.publicNetworkAccess) {
    out.push({
      topic: "The key vault's firewall during the first deployment",
      decision:
        "deploy.sh's first pass (registryCmkBootstrap=true, only while the resource group holds no registry of this plan, or one whose system-assigned identity does not hold its role on the key yet) sets the vault's firewall to Allow, so that the registry is created with its customer-managed key through the user-assigned identity; the second pass sets it back to Deny and moves the registry to its system-assigned identity",
      risk: "For the minutes between the two passes the vault's public endpoint admits any network (Microsoft Entra authentication and the RBAC roles on the key still apply). Microsoft's own procedure uses a second, temporary vault outside the firewall instead.",
      close: "Nothing to set: deploy.sh closes it in the same run; if the run stops after the first pass (a failed create, Ctrl-C), deploy.sh sets the vault's firewall back to Deny on its way out, after cancelling its deployment if an interruption left it running in Azure (or prints the az command when it cannot); a run started while a deployment in the group has not ended stops before deploying; run deploy.sh again to finish: it runs the second pass only once the registry's system-assigned identity holds its role on the key, and the first pass again (the vault open again) while it does not, as when the run stopped between the registry's creation and that grant; confirm with il5ml audit.",
      source: REGISTRY_CMK_FIREWALL.sources[0] as (typeof REGISTRY_CMK_FIREWALL.sources)[number],
    });
  }
  const rot = spec.keyVault.key.rotation;
  const upd = WORKSPACE_KEY_EXPIRY.update;
  out.push({
    topic: "The workspace's key version expires",
    decision: `the workspace keeps the key version it was created with (a versioned key URI, so that no re-run moves it), and the key's rotation policy makes every version expire ${rot.expiresAfter} after its creation (keyVault.key.rotation.expiresAfter); storage, the registry and the disks follow new versions by themselves`,
    risk: `From its expiry Key Vault refuses that version for new encryption and for wrapping new keys, which the workspace's Microsoft-managed Cosmos DB, AI Search and storage use it for; what Azure ML does then is not documented. Without action the workspace's version reaches its expiry ${rot.expiresAfter} after the first deployment.`,
    close: `Before the version expires (the rotation policy notifies ${rot.notifyBefore} ahead), move the workspace to the key's current version. Azure ML documents no versionless key and no automatic version update for the workspace; it documents that the workspace's key can be updated to another key in the same vault, through the workspace update of ${upd.bodyPath.join('.')} (${upd.sources.map((x) => x.url).join(', ')}, read ${upd.sources[0]?.read ?? ''}): ${workspaceKeyUpdateCommands(spec)}. Later runs of deploy.sh keep that version (they read it from the workspace); confirm it with il5ml audit. Or set keyVault.key.rotation.expiresAfter to cover the workspace's life.`,
    source: WORKSPACE_KEY_EXPIRY.sources[0] as (typeof WORKSPACE_KEY_EXPIRY.sources)[number],
  });
  if (spec.jumpBox.enabled) {
    out.push({
      topic: 'Jump box outbound (Azure portal)',
      decision: "the jump box's browser may reach the Azure portal's US Government safelist on 80 and 443 (rules jb-portal-*): *.usgovcloudapi.net, *.usgovtrafficmanager.net, *.azure.us, *.microsoft.us and the others Microsoft lists",
      risk: "Wildcards reach other tenants' endpoints too (their public storage under *.blob.core.usgovcloudapi.net, their Traffic Manager profiles): a person on the jump box can copy data out through the browser; the firewall logs it but allows it.",
      close: 'No spec key: after testing the portal from the jump box, narrow the jb-portal-* rules of the firewall policy to the hosts your users need (il5ml egress --format csv lists them), and watch the firewall application rule logs.',
      source: PORTAL_SAFELIST,
    });
  }
  const p = spec.firewall.packageSources;
  if (p.mode === 'public') {
    out.push({
      topic: 'Public package sources',
      decision: 'firewall.packageSources mode public: pip, conda and the other sources the runbook lists, from compute',
      risk: 'Unvetted packages from the internet can run on compute that holds IL5 data; each host is also an outbound path.',
      close: 'firewall.packageSources.mode: mirror with a vetted mirror, or closed',
      source: NETWORK_DEVIATIONS.packageSources.source,
    });
  }
  return out;
}

/**
 * The two commands that move the workspace to the key's current version (WORKSPACE_KEY_EXPIRY.update): read the
 * versioned URI through Resource Manager (not the vault's data plane, which its firewall closes to the operator's
 * machine), then PATCH the workspace with it. Subscription and resource group are the operator's (deploy.sh's
 * IL5ML_SUBSCRIPTION_ID and IL5ML_RESOURCE_GROUP); the vault's name is derived at deployment.
 */
export function workspaceKeyUpdateCommands(spec: Spec): string {
  const n = resourceNames(spec);
  const upd = WORKSPACE_KEY_EXPIRY.update;
  const group = '/subscriptions/<subscription>/resourceGroups/<resource group>/providers';
  const path = upd.bodyPath;
  // Single-quoted JSON around "$key": no backslash, which a Markdown table cell would have to double.
  const body = `'${path.map((k) => `{"${k}":`).join('')}"'"$key"'"${'}'.repeat(path.length)}'`;
  return (
    `\`key="$(az resource show --ids ${group}/Microsoft.KeyVault/vaults/${displayName(n.keyVault)}/keys/${n.key} --query ${upd.currentVersionQuery} --output tsv)"\` then ` +
    `\`az rest --method patch --url "${group}/Microsoft.MachineLearningServices/workspaces/${n.workspace}?api-version=${apiVersionOf('Microsoft.MachineLearningServices/workspaces')}" --body ${body}\``
  );
}

/** The plan.md section. */
export function renderRiskDecisions(spec: Spec, cell: (s: string) => string): string[] {
  const rows = riskDecisions(spec);
  return [
    '## Risk decisions',
    '',
    '| Topic | Decision | What stays open | To close it | Source |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.topic)} | ${cell(r.decision)} | ${cell(r.risk)} | ${cell(r.close)} | ${cell(r.source.url)} (read ${r.source.read}) |`),
    '',
  ];
}
