import { COMMERCIAL_SUFFIXES } from '../catalog/dns-zones.js';
import { hasBastion } from './network.js';
import { renderRiskDecisions } from './risks.js';
import type { Compliance } from '../core/verdict.js';
import { nonCompliant, resourceName, type PlanCompliance } from '../plan/compliance.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { displayName } from './arm.js';
import { PASSWORD_ENV, RESOURCE_GROUP_ENV } from './deploy-sh.js';
import type { ArmTemplate } from './plan.js';
import type { Deviation, PlanNote, RunbookStep } from './types.js';
import { escapePlaceholders } from '../core/markdown.js';

/** The runbook's step titles (../shared/seeds/000_3d730467459d448a.txt, table of contents). */
const STEP_TITLES: ReadonlyArray<[RunbookStep, string]> = [
  ['A', 'Step A. Create virtual network'],
  ['B', 'Step B. Key Vault with customer-managed keys'],
  ['C', 'Step C. Secure Azure ML workspace'],
  ['D', 'Step D. Firewall, inbound and outbound traffic'],
  ['E', 'Step E. Secure training resources'],
  ['F', 'Step F. Azure ML studio in the virtual network'],
  ['G', 'Step G. Final check with IL5 standards'],
  ['DNS', 'DNS. Private DNS zones for the private endpoints'],
];

/** A Markdown table cell: pipes escaped, newlines flattened, commercial-cloud hosts defanged. */
function cell(s: string): string {
  return defangCommercial(s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));
}

/**
 * The departures table has to name the runbook's commercial-cloud hosts (graph.windows.net,
 * privatelink.azurecr.io…) to say why they are gone; they are written defanged (`windows[.]net`), the
 * convention of security advisories, so that no file of an Azure Government plan holds a live
 * commercial host name and a scan for them stays meaningful.
 */
export function defangCommercial(text: string): string {
  let out = text;
  for (const [suffix, defanged] of (defangings ??= COMMERCIAL_SUFFIXES.map(defanging))) {
    // Most cells name no commercial host: no split and join of each cell for each suffix (issue 12, start-up).
    if (out.includes(suffix)) out = out.split(suffix).join(defanged);
  }
  return out;
}

let defangings: (readonly [string, string])[] | undefined;

function defanging(suffix: string): readonly [string, string] {
  const body = suffix.startsWith('.') ? suffix.slice(1) : suffix;
  const i = body.indexOf('.');
  return [suffix, (suffix.startsWith('.') ? '.' : '') + body.slice(0, i) + '[.]' + body.slice(i + 1)];
}

export interface PlanMdInput {
  spec: Spec;
  template: ArmTemplate;
  notes: readonly PlanNote[];
  deviations: readonly Deviation[];
  compliance: PlanCompliance;
}

const VERDICTS: readonly Compliance[] = ['Compliant', 'NonCompliant', 'Exempt', 'Unknown', 'NotApplicable'];

/**
 * plan.md's "Compliance (built-in baseline)": the same counts `il5ml plan` prints, every NonCompliant with
 * its fix, and the spec's exemptions. The date appears only when there are exemptions (it decides which
 * have expired), so a plan without them reads the same on every day.
 */
export function renderCompliance(c: PlanCompliance): string[] {
  const out: string[] = [
    '## Compliance (built-in baseline)',
    '',
    `Before writing these files il5ml expanded azuredeploy.json into the ${c.resources} resources it creates and checked them with its built-in IL5 baseline: ` +
      `${c.rules.applied} of its ${c.rules.total} rules apply to this plan (\`il5ml rules\` lists them; \`il5ml check azuredeploy.json\` repeats the check).`,
    '',
    '| Verdict | Results |',
    '| --- | --- |',
    ...VERDICTS.map((v) => `| ${v} | ${c.summary.byCompliance[v]} |`),
    '',
  ];
  const bad = nonCompliant(c);
  if (bad.length === 0) {
    out.push('No NonCompliant result: `il5ml plan` exits 0.', '');
  } else {
    out.push(
      `${bad.length} NonCompliant result${bad.length === 1 ? '' : 's'}, each a weakening the spec asks for: \`il5ml plan\` exits 1 until the spec changes or carries an exemption for the rule with a justification and an expiry.`,
      '',
      '| Rule | Resource | Found | Fix |',
      '| --- | --- | --- | --- |',
      ...bad.map((r) => `| ${r.ruleId ?? r.policyDefinitionId} | ${cell(resourceName(r.resourceId))} | ${cell(r.reason)} | ${cell(r.remediation ?? '')} |`),
      '',
    );
  }
  out.push('### Exemptions (policy.exemptions)', '');
  if (c.exemptions.length === 0) {
    out.push('None: every rule applies.', '');
    return out;
  }
  const expired = new Set(c.expired);
  out.push(
    `Judged on ${c.today ?? ''}; an exemption holds until the day before its expiry date.`,
    '',
    '| # | Rule | Resource | Category | Expires | Status | Exempt results | Azure policy exemption | Justification |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const x of c.exemptions) {
    const e = x.exemption;
    const ids = new Set(x.rules.map((r) => r.id));
    const exempt = c.results.filter((r) => r.compliance === 'Exempt' && r.ruleId !== undefined && ids.has(r.ruleId) && r.exemption?.justification === e.justification && r.exemption.expiresOn === e.expiresOn).length;
    const status = expired.has(x.index)
      ? 'EXPIRED: exempts nothing'
      : x.noAzureExemption === 'unknown-rule'
        ? 'names no rule'
        : x.noAzureExemption === 'no-resource'
          ? 'names no resource of the plan'
          : 'active';
    const azure = x.noAzureExemption === undefined ? (x.everyDefinition ? 'every definition of the assignment' : x.referenceIds.join(', ')) : x.noAzureExemption === 'baseline-only' ? 'none: baseline rule only' : x.noAzureExemption === 'no-assignment' ? 'none: initiative not assigned' : 'none';
    out.push(`| ${x.index + 1} | ${cell(e.rule)} | ${cell(e.resource ?? 'all')} | ${e.category} | ${e.expiresOn} | ${status} | ${exempt} | ${cell(azure)} | ${cell(e.justification)} |`);
  }
  out.push('');
  return out;
}

/** plan.md: for each runbook step what is created and why, every departure from the runbook, how to deploy. */
export function renderPlanMd({ spec, template, notes, deviations, compliance }: PlanMdInput): string {
  const n = resourceNames(spec);
  const out: string[] = [];
  out.push(
    `# il5ml plan: ${spec.prefix} in ${spec.region}`,
    '',
    'A secure Azure Machine Learning environment for DoD Impact Level 5 in Azure Government, generated by il5ml from',
    'the spec. The same spec always gives the same files. Change the spec, not these files.',
    '',
    `- Region: ${spec.region} (Azure Government); resources: ${template.resources.length}`,
    `- Public network access: ${spec.posture.publicNetworkAccess ? 'ENABLED (posture.publicNetworkAccess; weakens IL5 posture)' : 'disabled on workspace, storage, key vault and registry'}`,
    `- Jump box isolation: ${spec.jumpBox.enabled ? (spec.jumpBox.isolation === 'dedicatedHost' ? `Azure Dedicated Host (${spec.jumpBox.dedicatedHostSku})` : `isolated VM size ${spec.jumpBox.vmSize}`) : 'no jump box'}`,
    `- DNS: ${spec.dns.mode === 'private' ? 'private DNS zones created here and linked to the VNet' : "the hub's private DNS zones (dns.mode central); zones it lacks are created here"}`,
    ...(spec.network.hub !== undefined ? [`- Spoke of the hub ${spec.network.hub.virtualNetworkId}`] : []),
    `- Files: azuredeploy.json, azuredeploy.parameters.json (no secrets), deploy.sh, plan.md`,
    '',
    '## What is created, by runbook step',
    '',
  );
  for (const [step, title] of STEP_TITLES) {
    out.push(`### ${title}`, '');
    const stepNotes = notes.filter((x) => x.step === step);
    if (stepNotes.length === 0) {
      out.push(
        step === 'D'
          ? '- Nothing in this plan yet: the firewall, its policy and the route tables come from the egress emitter (issue 3). Until then the subnets have no route to a firewall.'
          : '- Nothing in this plan.',
      );
    }
    for (const x of stepNotes) out.push(`- **${x.what}.** ${x.why}`);
    out.push('');
  }
  out.push('## Departures from the runbook', '', '| Step | Runbook | Plan | Reason | Source |', '| --- | --- | --- | --- | --- |');
  for (const d of deviations) {
    out.push(`| ${d.step} | ${cell(d.runbook)} | ${cell(d.plan)} | ${cell(d.reason)} | ${cell(d.source.url)} (read ${d.source.read}) |`);
  }
  out.push('', ...renderRiskDecisions(spec, cell), ...renderCompliance(compliance));
  out.push(
    '## Deploy',
    '',
    'Needs the Azure CLI signed in to Azure Government with rights to create role assignments in the resource group',
    // Contributor's NotActions include Microsoft.Authorization/*/Write, which covers policy assignments and
    // exemptions (Azure built-in roles, Privileged: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged).
    spec.policy.assignIl5Initiative
      ? '(Owner, or Contributor plus Role Based Access Control Administrator and Resource Policy Contributor): the template assigns the roles above and the DoD IL5 initiative.'
      : '(Owner, or Contributor plus Role Based Access Control Administrator): the template assigns the roles above.',
    ...(spec.jumpBox.enabled ? ['The EncryptionAtHost feature must be registered in the subscription; deploy.sh checks and says how.'] : []),
    '',
    '```bash',
    'az cloud set --name AzureUSGovernment && az login   # sign in to Azure Government, not the commercial cloud',
    ...(spec.jumpBox.enabled ? [`export ${PASSWORD_ENV}='…'   # jump box administrator password; never stored in any file here`] : []),
    `${RESOURCE_GROUP_ENV}=${spec.prefix}-rg ./deploy.sh   # what-if, asks, then creates in Incremental mode`,
    '```',
    '',
    spec.jumpBox.enabled
      ? `After deployment, sign in to the jump box through ${hasBastion(spec) ? `Bastion ${n.bastion}` : "the hub's Bastion"} and open Azure ML studio from there.`
      : 'After deployment, reach studio over your own network path (VPN, ExpressRoute or the hub), with DNS as in the DNS step.',
    '',
    '## Resources',
    '',
    '| # | Type | Name |',
    '| --- | --- | --- |',
  );
  template.resources.forEach((r, i) => out.push(`| ${i + 1} | ${r.type} | ${cell(displayName(r.name))} |`));
  // Placeholders (<uniqueString>) would vanish as HTML tags on GitHub and Azure DevOps.
  return `${escapePlaceholders(out.join('\n'))}\n`;
}
