/**
 * What preflight asks of the subscription, from the plan (pure): the template expanded for this
 * subscription and resource group gives the types and apiVersions, VM sizes, the host SKU and the
 * globally unique names as they will be; and the table preflight prints.
 */
import { expandTemplate } from '../arm/template/index.js';
import type { AzureResource } from '../core/resource.js';
import { buildPlan } from '../emit/plan.js';
import type { Spec } from '../spec/schema.js';
import type { PreflightCheck, PreflightPlan } from './preflight.js';

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** What the plan asks of the subscription, read from the template expanded for this subscription and group. */
export function preflightPlan(spec: Spec, subscription: string, resourceGroup: string): PreflightPlan {
  const plan = buildPlan(spec);
  const x = expandTemplate({ text: JSON.stringify(plan.template), file: 'azuredeploy.json', context: { subscriptionId: subscription, resourceGroup, location: spec.region } });
  const out: PreflightPlan = { subscription, resourceGroup, region: spec.region, resources: [], vmSizes: [], names: [] };
  for (const r of x.resources as AzureResource[]) {
    if (typeof r.apiVersion === 'string') out.resources.push({ type: r.type, apiVersion: r.apiVersion });
    const t = r.type.toLowerCase();
    const props = obj(r.properties);
    if (t === 'microsoft.machinelearningservices/workspaces/computes') {
      const inner = obj(props?.properties);
      const size = inner?.vmSize;
      if (typeof size !== 'string') continue;
      if (props?.computeType === 'AmlCompute') out.vmSizes.push({ size, count: spec.compute.cluster.maxNodes, specKey: 'compute.cluster.vmSize' });
      else out.vmSizes.push({ size, count: 1, specKey: 'compute.instance.vmSize' });
    } else if (t === 'microsoft.compute/virtualmachines') {
      const size = obj(props?.hardwareProfile)?.vmSize;
      // On a dedicated host the host, not the VM, takes the quota.
      if (typeof size === 'string') out.vmSizes.push({ size, count: obj(props?.host) ? 0 : 1, specKey: 'jumpBox.vmSize' });
    } else if (t === 'microsoft.compute/hostgroups/hosts') {
      const sku = obj(r.sku)?.name;
      if (typeof sku === 'string') out.host = { sku, specKey: 'jumpBox.dedicatedHostSku' };
    } else if (t === 'microsoft.storage/storageaccounts') out.names.push({ kind: 'storage', name: r.name, specKey: 'prefix' });
    else if (t === 'microsoft.keyvault/vaults') out.names.push({ kind: 'keyVault', name: r.name, specKey: 'prefix' });
    else if (t === 'microsoft.containerregistry/registries') out.names.push({ kind: 'registry', name: r.name, specKey: 'prefix' });
  }
  return out;
}

const MARK: Record<PreflightCheck['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function formatPreflight(plan: PreflightPlan, checks: readonly PreflightCheck[]): string {
  const lines = [`Preflight of subscription ${plan.subscription}, resource group ${plan.resourceGroup}, region ${plan.region}`, ''];
  const w = Math.max(...checks.map((c) => c.check.length), 5);
  for (const c of checks) {
    lines.push(`${MARK[c.status]}  ${c.check.padEnd(w)}  ${c.subject}: ${c.detail}`);
    if (c.status !== 'ok' && c.specKey) lines.push(`      spec key: ${c.specKey}`);
    if (c.status !== 'ok' && c.fix) lines.push(`      fix: ${c.fix}`);
  }
  const fails = checks.filter((c) => c.status === 'fail').length;
  const warns = checks.filter((c) => c.status === 'warn').length;
  lines.push('', fails ? `${fails} check${fails === 1 ? '' : 's'} fail: the deployment would fail. ${warns} warning${warns === 1 ? '' : 's'}.` : `No check fails. ${warns} warning${warns === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

