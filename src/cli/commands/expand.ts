import { Option } from 'commander';
import { type Diagnostic, UserInputError, formatDiagnostic, hasErrors, sortDiagnostics } from '../../core/diagnostic.js';
import type { AzureResource } from '../../core/resource.js';
import { DEFAULT_LOCATION, DEFAULT_RESOURCE_GROUP, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, DEFAULT_UTC_NOW } from '../../arm/template/context.js';
import type { DeploymentContext, ExpansionResult } from '../../arm/template/index.js';
import { refuseBicep } from '../bicep.js';
import { linkedTemplateReader, readUserFile } from '../files.js';
import { managementGroupIdError, resourceGroupNameError } from '../scope-names.js';
import { AZ_PARAMETERS_HELP, collectParameters, resolveParameters } from '../parameters.js';
import { EXIT_OK, type CliIO } from '../io.js';
import type { RegisterCommand } from './index.js';
import { maxOf } from '../../core/array.js';
import { GOVERNMENT_REGIONS } from '../../catalog/regions.js';
import { suggest } from '../../spec/suggest.js';

/**
 * `il5ml expand TEMPLATE`: the resources a template would deploy, every property evaluated offline, with
 * what exists only after deployment shown as {"$unknown": "<why>"}. Linked templates by relativePath are
 * read from beside the template that links them; nothing is fetched.
 */

interface Opts {
  parameters?: string[];
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  tenantId?: string;
  managementGroup?: string;
  deploymentName?: string;
  utcNow?: string;
  format: 'json' | 'table';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function flagError(flag: string, message: string, fix: string): Diagnostic {
  return { severity: 'error', code: 'IL5-CLI-FLAG', message: `${flag}: ${message}`, fix, path: flag };
}

/** What a deployment name may be: up to 64 alphanumerics, underscores, parentheses, hyphens and periods (resource-name-rules, Microsoft.Resources/deployments). */
const DEPLOYMENT_NAME = /^[-\w.()]{1,64}$/u;

/**
 * The deployment name az gives a template file when --name is not given: os.path.splitext(os.path.basename(file))[0]
 * (_validate_deployment_name in Azure/azure-cli src/azure-cli/azure/cli/command_modules/resource/_validators.py,
 * read 2026-12-08): the base name without its last extension, whatever it is (`main.template` -> `main`), a
 * leading dot being no extension (`.json` stays `.json`).
 */
export function azDeploymentName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  let firstOther = 0;
  while (firstOther < base.length && base[firstOther] === '.') firstOther++;
  return dot > firstOther ? base.slice(0, dot) : base;
}

/**
 * --location as az deployment sub/mg/tenant create and az group create take it (get_location_type in
 * azure-cli src/azure-cli-core/azure/cli/core/commands/parameters.py, read 2026-12-08): a value with a space
 * is a display name, looked up without case among the subscription's locations and replaced by its name
 * ("if display name is provided, attempt to convert to short form name"). il5ml is offline: it looks display
 * names up among the Azure Government regions of src/catalog/regions.ts (sources there), so
 * `--location "US Gov Virginia"` is usgovvirginia, as in az; before, it was refused. Anything else not a
 * location name is an error naming the region meant, when one is near.
 */
function locationFlag(value: string): { name: string } | { error: Diagnostic } {
  if (/^[a-z0-9]+$/.test(value)) return { name: value };
  const region = value.includes(' ') ? GOVERNMENT_REGIONS.find((r) => r.displayName.toLowerCase() === value.toLowerCase()) : undefined;
  if (region) return { name: region.name };
  const near = suggest(value, GOVERNMENT_REGIONS.flatMap((r) => [r.name, r.displayName]))
    .map((c) => GOVERNMENT_REGIONS.find((r) => r.name === c || r.displayName === c))
    .filter((r) => r !== undefined);
  const named = [...new Set(near.map((r) => r.name))].map((n) => `--location ${n}`);
  return {
    error: flagError(
      '--location',
      value.includes(' ')
        ? `'${value}' is not the display name of an Azure Government region (${GOVERNMENT_REGIONS.map((r) => r.displayName).join(', ')}); il5ml is offline and knows no other region's display name`
        : `'${value}' is not a location name (lowercase letters and digits, e.g. usgovvirginia)`,
      named.length > 0 ? `e.g. ${named.join(' or ')}` : 'give the location name: az account list-locations --query "[].{name:name, displayName:displayName}" --output table',
    ),
  };
}

/** Flags -> deployment context; every bad flag is reported at once. */
export function contextFromFlags(o: Omit<Opts, 'format'>): Partial<DeploymentContext> {
  const diags: Diagnostic[] = [];
  const ctx: Partial<DeploymentContext> = {};
  if (o.subscriptionId !== undefined) {
    if (GUID.test(o.subscriptionId)) ctx.subscriptionId = o.subscriptionId;
    else diags.push(flagError('--subscription-id', `'${o.subscriptionId}' is not a GUID`, 'give the subscription ID, e.g. 00000000-0000-0000-0000-000000000000'));
  }
  if (o.tenantId !== undefined) {
    if (GUID.test(o.tenantId)) ctx.tenantId = o.tenantId;
    else diags.push(flagError('--tenant-id', `'${o.tenantId}' is not a GUID`, 'give the Microsoft Entra tenant ID'));
  }
  if (o.resourceGroup !== undefined) {
    const bad = resourceGroupNameError('--resource-group', o.resourceGroup);
    if (bad) diags.push(bad);
    else ctx.resourceGroup = o.resourceGroup;
  }
  if (o.location !== undefined) {
    const location = locationFlag(o.location);
    if ('name' in location) ctx.location = location.name;
    else diags.push(location.error);
  }
  if (o.managementGroup !== undefined) {
    const bad = managementGroupIdError('--management-group', o.managementGroup);
    if (bad) diags.push(bad);
    else ctx.managementGroup = o.managementGroup;
  }
  if (o.deploymentName !== undefined) {
    // Deployment names: up to 64 alphanumerics, underscores, parentheses, hyphens and periods (resource-name-rules, Microsoft.Resources/deployments).
    if (DEPLOYMENT_NAME.test(o.deploymentName)) ctx.deploymentName = o.deploymentName;
    else diags.push(flagError('--deployment-name', `'${o.deploymentName}' is not a valid deployment name`, 'use up to 64 letters, digits, _ - . ( )'));
  }
  if (o.utcNow !== undefined) {
    // A date-time without an offset is read as UTC (the flag says UTC): JavaScript reads it as the machine's
    // local time, so the same command gave another utcNow() on a machine in another time zone. A day the
    // month does not have (2026-02-30) is an error: it became a day of the next month.
    const ymd = /^(\d{4})-(\d{2})-(\d{2})T/.exec(o.utcNow);
    const zoned = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(o.utcNow);
    const d = new Date(zoned ? o.utcNow : `${o.utcNow}Z`);
    const day = ymd ? new Date(Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3]))) : undefined;
    const realDay = ymd !== null && day !== undefined && day.getUTCFullYear() === Number(ymd[1]) && day.getUTCMonth() === Number(ymd[2]) - 1 && day.getUTCDate() === Number(ymd[3]);
    if (ymd && !Number.isNaN(d.getTime()) && realDay) ctx.utcNow = d;
    else diags.push(flagError('--utc-now', `'${o.utcNow}' is not an ISO 8601 date-time${ymd && !realDay ? ` (${ymd[1]}-${ymd[2]} has no day ${ymd[3]})` : ''}`, 'e.g. 2026-01-01T00:00:00Z (without an offset, UTC)'));
  }
  if (diags.length > 0) throw new UserInputError(diags);
  return ctx;
}

/** The JSON document `il5ml expand` prints; Unknown values serialize as {"$unknown": why}. */
export function expansionJson(r: ExpansionResult): string {
  const doc: Record<string, unknown> = {
    resources: r.resources,
    existing: r.existing,
    skipped: r.skipped,
    outputs: r.outputs,
    diagnostics: sortDiagnostics(r.diagnostics),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function where(r: AzureResource): string {
  return r.source ? `${r.source.file}:${r.source.line}:${r.source.column}` : '';
}

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => maxOf(rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n') + '\n';
}

export function expansionTable(r: ExpansionResult): string {
  const parts: string[] = [];
  const note = (x: AzureResource): string =>
    typeof x.notExpanded === 'string' ? x.notExpanded : x.condition !== undefined ? 'deployed only if its condition holds (unknown before deployment)' : '';
  parts.push(
    pad([
      ['type', 'name', 'location', 'source', 'note'],
      ...r.resources.map((x) => [x.type, x.name, typeof x.location === 'string' ? x.location : x.location === undefined ? '' : 'unknown', where(x), note(x)]),
    ]),
  );
  if (r.existing.length > 0) parts.push(`\nexisting (declared, not deployed)\n${pad([['type', 'name', 'source'], ...r.existing.map((x) => [x.type, x.name, where(x)])])}`);
  if (r.skipped.length > 0) {
    parts.push(`\nskipped (declared, not deployed)\n${pad([['declaration', 'type', 'reason'], ...r.skipped.map((s) => [s.declaration + (s.copyIndex !== undefined ? `[copy ${s.copyIndex}]` : ''), s.type, s.reason])])}`);
  }
  const outs = Object.entries(r.outputs);
  if (outs.length > 0) parts.push(`\noutputs\n${pad([['name', 'type', 'value'], ...outs.map(([k, o]) => [k, o.type, JSON.stringify(o.value)])])}`);
  parts.push(`\n${r.resources.length} resources, ${r.existing.length} existing, ${r.skipped.length} skipped declarations\n`);
  return parts.join('');
}

export const register: RegisterCommand = (program, io, setExit) => {
  program
    .command('expand')
    .description(
      'Expand an ARM template offline into the resources it would deploy (parameters, variables, copy loops, ' +
        'conditions, child and extension resources, nested and linked deployments). Values known only after ' +
        'deployment print as {"$unknown": "<why>"}; declarations not deployed are listed in "skipped" with why. ' +
        'Defaults of the context flags: docs/expand.md.',
    )
    .argument('<template>', 'the ARM template (JSON, comments allowed)')
    .option('-p, --parameters <value>', AZ_PARAMETERS_HELP, collectParameters)
    .option('--subscription-id <guid>', `subscription of the deployment (default ${DEFAULT_SUBSCRIPTION_ID})`)
    .option('--resource-group <name>', `resource group of a resource group deployment (default ${DEFAULT_RESOURCE_GROUP})`)
    .option('--location <name>', `deployment location and the resource groups' location (default ${DEFAULT_LOCATION})`)
    .option('--tenant-id <guid>', `Microsoft Entra tenant (default ${DEFAULT_TENANT_ID})`)
    .option('--management-group <id>', 'management group of a management group deployment (default: the tenant root group, whose ID is the tenant ID)')
    .option('--deployment-name <name>', "the deployment's name (default: the template file's base name, as az does)")
    .option('--utc-now <iso>', `what utcNow() returns (default ${DEFAULT_UTC_NOW})`)
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .action(async (templatePath: string, opts: Opts) => {
      const context = contextFromFlags(opts);
      refuseBicep([{ path: templatePath }], 'ARM template');
      // The template engine loads when the command runs, not for `--help` (lazy imports, issue 12).
      const { expandTemplate } = await import('../../arm/template/index.js');
      const template = await readUserFile(templatePath, io.cwd, 'template');
      refuseBicep([{ path: templatePath, text: template.text.slice(0, 4096) }], 'ARM template');
      // Its parser loads only when one of the two flags is given (start-up: test/cli/bundle.test.ts).
      const flagErrors = opts.resourceGroup !== undefined || opts.managementGroup !== undefined ? (await import('../scope-flags.js')).scopeFlagErrors(template.text, template.path, opts) : [];
      if (flagErrors.length > 0) throw new UserInputError(flagErrors);
      // Without --deployment-name, the name az gives the file; one Azure would refuse is said (deployment().name
      // and names built from it would be those of a deployment that cannot happen).
      const nameWarnings: Diagnostic[] = [];
      if (context.deploymentName === undefined) {
        context.deploymentName = azDeploymentName(templatePath);
        if (!DEPLOYMENT_NAME.test(context.deploymentName)) {
          const shown = context.deploymentName.length > 80 ? `${context.deploymentName.slice(0, 80)}…` : context.deploymentName;
          nameWarnings.push({
            severity: 'warning',
            code: 'IL5-CLI-FLAG',
            message: `--deployment-name: the default, '${shown}' (the template file's name without its extension, as az names the deployment), is not a deployment name Azure accepts (up to 64 letters, digits, _ - . ( )): az deployment … create would be refused`,
            fix: 'give both a valid name: il5ml expand … --deployment-name NAME, and az deployment … create --name NAME (or rename the file)',
            path: '--deployment-name',
          });
        }
      }
      const resolved = await resolveParameters(opts.parameters ?? [], { text: template.text, file: template.path }, io);
      const params = resolved ? { text: resolved.text, path: resolved.file } : undefined;
      const result = expandTemplate({
        text: template.text,
        file: template.path,
        ...(params ? { parametersText: params.text, parametersFile: params.path } : {}),
        context,
        loadLinked: linkedTemplateReader(templatePath, io.cwd),
      });
      if (hasErrors(result.diagnostics)) throw new UserInputError(result.diagnostics);
      const warnings = sortDiagnostics([...nameWarnings, ...(resolved?.warnings ?? []), ...result.diagnostics]);
      if (warnings.length > 0) io.stderr(warnings.map(formatDiagnostic).join('\n') + '\n');
      io.stdout(opts.format === 'table' ? expansionTable(result) : expansionJson(result));
      setExit(EXIT_OK);
    });
};
