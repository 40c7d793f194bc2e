import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UserInputError } from '../../core/diagnostic.js';
import type { EgressRule, RouteRow } from '../../net/egress-rules.js';
import type { ServiceTagsFile, TagDiff } from '../../net/service-tags.js';
import { escapePlaceholders } from '../../core/markdown.js';
import { formatTabular, type Tabular, type TextFormat } from '../../net/tabular.js';
import type { Spec } from '../../spec/schema.js';
import { edlFiles, EXISTING_NVA_NOTE, nvaNote, prefixRowsTabular, WILDCARD_LIST_NOTE } from '../../net/edl.js';
import { readUserFile, writeFilesAtomically } from '../files.js';
import { specLabel } from '../spec-discovery.js';
import { readSpec } from '../spec-input.js';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.js';
import type { RegisterCommand } from './index.js';

/**
 * `il5ml egress`: the firewall change request for the spec, one row a rule, for people (table), tickets
 * (csv, md) and machines (json); with --service-tags the aggregated prefixes of every tag the rules use;
 * with --routes the route table in IP-address form. `il5ml egress diff OLD NEW`: per used tag, the
 * aggregated prefixes added and removed between two service tags releases.
 */

type Format = TextFormat | 'json' | 'edl' | 'arm';
const FORMATS: Format[] = ['table', 'csv', 'md', 'json', 'edl', 'arm'];
type DiffFormat = TextFormat | 'json';
const DIFF_FORMATS: DiffFormat[] = ['table', 'csv', 'md', 'json'];

/** The spec the command works on: --spec FILE loaded and validated (all errors at once), or the built-in default. */
export async function specFor(path: string | undefined, io: CliIO): Promise<Spec> {
  return (await readSpec(path, io)).loaded.spec;
}

function flagError(code: string, message: string, fix: string): UserInputError {
  return new UserInputError([{ severity: 'error', code, message, fix }]);
}

export async function serviceTagsFor(path: string, io: CliIO): Promise<ServiceTagsFile> {
  const { text } = await readUserFile(path, io.cwd, 'service tags file');
  const { parseServiceTags } = await import('../../net/service-tags.js');
  const parsed = parseServiceTags(text, path);
  if (!parsed.value) throw new UserInputError(parsed.diagnostics);
  return parsed.value;
}

function sourceText(r: EgressRule): string {
  return r.source.map((s) => `${s.subnet} ${s.cidr}`).join('; ');
}

/** The rule as JSON prints it: exactly the fields of the change request, with its stable id and the NVA note. */
function ruleJson(r: EgressRule): Record<string, unknown> {
  const note = nvaNote(r);
  return {
    id: r.id,
    source: r.source,
    destination: r.destination,
    destinationType: r.destinationType,
    protocol: r.protocol,
    ports: r.ports,
    required: r.required,
    why: r.why,
    reference: r.reference,
    // The tag Azure Firewall takes in its place (the Government file does not mark the destination usable in FW).
    ...(r.firewallDestination !== r.destination ? { firewallDestination: r.firewallDestination } : {}),
    ...(note ? { note } : {}),
  };
}

/** Table and md: the rules whose tag Azure Firewall does not take, and the one it takes instead. */
function firewallTagNote(rules: readonly EgressRule[]): string {
  const swapped = rules.filter((r) => r.destinationType === 'ServiceTag' && r.firewallDestination !== r.destination);
  return swapped
    .map((r) => `${r.destination}: Azure Firewall takes ${r.firewallDestination} in its place (the Government service tags file does not mark ${r.destination} usable in Azure Firewall, networkFeatures without FW); --format arm has it.\n`)
    .join('');
}

export function rulesTabular(rules: readonly EgressRule[]): Tabular {
  return {
    headers: ['source', 'destination', 'destinationType', 'protocol', 'ports', 'required', 'why', 'reference'],
    rows: rules.map((r) => [sourceText(r), r.destination, r.destinationType, r.protocol, r.ports.join(' '), r.required ? 'required' : 'optional', r.why, r.reference]),
  };
}

export function prefixesTabular(prefixes: Record<string, string[]>): Tabular {
  return {
    headers: ['tag', 'prefix'],
    rows: Object.keys(prefixes)
      .sort()
      .flatMap((t) => (prefixes[t] ?? []).map((p) => [t, p])),
  };
}

export function routesTabular(routes: readonly RouteRow[]): Tabular {
  return {
    headers: ['name', 'addressPrefix', 'nextHopType', 'nextHopIpAddress', 'why', 'reference'],
    rows: routes.map((r) => [r.name, r.addressPrefix, r.nextHopType, r.nextHopIpAddress ?? '', r.why, r.reference]),
  };
}

/** Per used tag: aggregated prefixes in each release, added, removed. */
export function diffCountsTabular(diffs: readonly TagDiff[]): Tabular {
  return {
    headers: ['tag', 'old', 'new', 'added', 'removed'],
    rows: diffs.map((d) => [d.tag, String(d.oldCount), String(d.newCount), String(d.added.length), String(d.removed.length)]),
  };
}

export function diffTabular(diffs: readonly TagDiff[]): Tabular {
  const rows: string[][] = [];
  for (const d of diffs) {
    if (d.missingIn) rows.push([d.tag, d.missingIn === 'old' ? 'tag added' : d.missingIn === 'new' ? 'tag removed' : 'tag in neither release', '']);
    for (const p of d.added) rows.push([d.tag, 'added', p]);
    for (const p of d.removed) rows.push([d.tag, 'removed', p]);
  }
  return { headers: ['tag', 'change', 'prefix'], rows };
}

/**
 * Markdown for a ticket or a wiki: placeholders in the text (`<registry>.<region>.data.azurecr.us`) escaped,
 * or GitHub and Azure DevOps read them as HTML tags and drop them from the page (core/markdown.ts), as
 * `il5ml dns --format md` and plan.md do.
 */
function mdSafe(text: string, format: string): string {
  return format === 'md' ? escapePlaceholders(text) : text;
}

function section(title: string, body: string, format: TextFormat): string {
  return format === 'md' ? `## ${title}\n\n${body}` : `${title}\n\n${body}`;
}

function formatOption(formats: readonly string[], extra = ''): Option {
  return new Option('--format <format>', `output format${extra}`).choices([...formats]).default('table');
}

export const SPEC_OPTION_HELP = 'the spec (YAML or JSON); default: il5ml.yaml, il5ml.yml or il5ml.json in the working folder, else the built-in default (stderr says which)';

interface EgressOpts {
  spec?: string;
  format: Format;
  serviceTags?: string;
  routes: boolean;
  publicIpComputeRoutes: boolean;
  outDir?: string;
}

export const register: RegisterCommand = (program: Command, io, setExit) => {
  const egress = program
    .command('egress')
    .description(
      'Print the firewall change request for the spec: every outbound rule Azure Machine Learning needs in ' +
        'Azure Government, one row a rule, with why and the source of the fact. With --service-tags, csv has one row ' +
        'per prefix and edl writes one external dynamic list per service tag (for non-Azure firewalls). Docs: docs/egress.md.',
    )
    .option('-s, --spec <file>', SPEC_OPTION_HELP)
    .addOption(formatOption(FORMATS, '; edl needs --service-tags and --out-dir; arm is the Azure Firewall rule collection group as an ARM template, for an existing firewall policy'))
    .option('--service-tags <file>', 'ServiceTags_AzureGovernment_<date>.json: add each used tag\'s aggregated IPv4 and IPv6 prefixes')
    .option('--out-dir <dir>', 'with --format edl: the folder to write one <ServiceTag>.txt list into (atomically)')
    .option('--routes', 'print the route table of Training and Scoring in IP-address form instead: the default route to the firewall', false)
    .option(
      '--public-ip-compute-routes',
      'with --routes, also AzureMachineLearning prefixes of the region and its pair with next hop Internet: only for compute WITH a public IP, which il5ml never plans — these routes bypass the firewall (needs --service-tags; refuses past Azure\'s 400 routes)',
      false,
    )
    .action(async (opts: EgressOpts) => {
      const { loaded, choice } = await readSpec(opts.spec, io);
      const spec = loaded.spec;
      // The catalogs load when the command runs, not for `--help` (lazy imports, issue 12).
      const { egressRules, firewallNextHop, routeTable, rulePrefixes } = await import('../../net/egress-rules.js');
      const { findTag } = await import('../../net/service-tags.js');
      const rules = egressRules(spec);
      const tags = opts.serviceTags !== undefined ? await serviceTagsFor(opts.serviceTags, io) : undefined;
      if (opts.publicIpComputeRoutes && !opts.routes) throw flagError('IL5-CLI-FLAG', '--public-ip-compute-routes is a part of --routes', 'add --routes');
      if (opts.routes) {
        if (opts.format === 'edl' || opts.format === 'arm') throw flagError('IL5-CLI-FLAG', `--routes has no ${opts.format} form`, 'use --format table, csv, md or json');
        if (opts.publicIpComputeRoutes && !tags) {
          throw flagError('IL5-EGRESS-ROUTES-TAGS', '--public-ip-compute-routes needs the prefixes behind the service tags', 'add --service-tags ServiceTags_AzureGovernment_<date>.json (Microsoft Download Center id 57063)');
        }
        const routes = routeTable(spec, tags, { publicIpCompute: opts.publicIpComputeRoutes });
        if (opts.publicIpComputeRoutes) {
          io.stderr('il5ml: warning: --public-ip-compute-routes adds routes with next hop Internet: traffic to those prefixes bypasses the firewall. il5ml plans no compute with a public IP; use them only for compute that has one.\n');
        }
        io.stdout(opts.format === 'json' ? `${JSON.stringify({ routes }, null, 2)}\n` : mdSafe(formatTabular(routesTabular(routes), opts.format), opts.format));
        setExit(EXIT_OK);
        return;
      }
      if (spec.firewall.mode === 'existing' && !tags && opts.format !== 'arm') io.stderr(`il5ml: note: ${EXISTING_NVA_NOTE}\n`);
      const prefixes = tags ? rulePrefixes(rules, tags) : undefined;
      if (opts.format === 'edl') {
        if (!tags || !prefixes) throw flagError('IL5-CLI-FLAG', '--format edl needs the prefixes behind the service tags', 'add --service-tags ServiceTags_AzureGovernment_<date>.json (Microsoft Download Center id 57063)');
        if (opts.outDir === undefined) throw flagError('IL5-CLI-FLAG', '--format edl writes one file per service tag and needs a folder', 'add --out-dir DIR, e.g. --out-dir edl');
        const tagChanges: Record<string, number> = {};
        for (const t of Object.keys(prefixes)) {
          const found = findTag(tags, t);
          if (found) tagChanges[t] = found.changeNumber;
        }
        const files = edlFiles({ spec: specLabel(choice), region: spec.region, nextHop: firewallNextHop(spec), tagsFile: tags.file, changeNumber: tags.changeNumber }, rules, prefixes, tagChanges);
        const dir = resolve(io.cwd, opts.outDir);
        const outDir = opts.outDir;
        const { refuseOverwritingInputs } = await import('../output-guard.js');
        refuseOverwritingInputs(
          [...files.keys()].map((name) => ({ flag: '--out-dir', path: join(outDir, name), label: `--out-dir ${outDir}: ${name}`, fix: `write the lists to another folder, e.g. --out-dir ${outDir === 'edl' ? 'edl-lists' : 'edl'}` })),
          [...(choice.kind !== 'default' ? [{ flag: choice.kind === 'flag' ? '--spec' : 'spec', path: choice.path }] : []), ...(opts.serviceTags !== undefined ? [{ flag: '--service-tags', path: opts.serviceTags }] : [])],
          io.cwd,
        );
        await writeFilesAtomically(dir, files);
        const fqdn = rules.filter((r) => r.destinationType === 'Fqdn');
        const addresses = rules.filter((r) => r.destinationType === 'Cidr');
        io.stdout(
          [
            ...[...files.keys()].map((f) => `wrote ${opts.outDir}/${f}`),
            `${files.size} external dynamic lists (one per service tag, aggregated prefixes, from ${tags.file} changeNumber ${tags.changeNumber})`,
            ...(fqdn.length > 0 ? [`${fqdn.length} FQDN rules are not in any list (${fqdn.filter((r) => r.destination.includes('*')).length} wildcard): a non-Azure firewall needs URL/SNI filtering for them; see --format csv, column note`] : []),
            ...(addresses.length > 0 ? [`${addresses.length} address rules are not in any list (${addresses.map((r) => `${r.id} ${r.destination} ${r.protocol} ${r.ports.join(' ')}`).join(', ')}): add them as address objects; see --format csv`] : []),
            '',
          ].join('\n'),
        );
        setExit(EXIT_OK);
        return;
      }
      if (opts.outDir !== undefined) throw flagError('IL5-CLI-FLAG', '--out-dir is for --format edl', 'drop --out-dir, or add --format edl; other formats print to stdout');
      if (opts.format === 'arm') {
        // Azure Firewall takes service tags and FQDNs by name: the rule collection group of the plan's own
        // policy, for a hub team to deploy into theirs (docs/egress.md).
        const { ruleCollectionGroupTemplate } = await import('../../emit/firewall.js');
        io.stdout(`${JSON.stringify(ruleCollectionGroupTemplate(spec), null, 2)}\n`);
        setExit(EXIT_OK);
        return;
      }
      if (opts.format === 'json') {
        io.stdout(`${JSON.stringify({ rules: rules.map(ruleJson), prefixes: prefixes ?? {} }, null, 2)}\n`);
      } else if (opts.format === 'csv') {
        io.stdout(formatTabular(prefixRowsTabular(rules, prefixes), 'csv'));
      } else {
        let out = formatTabular(rulesTabular(rules), opts.format);
        const wild = rules.filter((r) => r.destinationType === 'Fqdn' && r.destination.includes('*'));
        if (wild.length > 0) out += `\n${wild.map((r) => r.destination).join(', ')}: ${WILDCARD_LIST_NOTE}\n`;
        const swapped = firewallTagNote(rules);
        if (swapped) out += `\n${swapped}`;
        if (prefixes && tags) {
          out += `\n${section(`Aggregated prefixes (${tags.file}, changeNumber ${tags.changeNumber})`, formatTabular(prefixesTabular(prefixes), opts.format), opts.format)}`;
        }
        io.stdout(mdSafe(out, opts.format));
      }
      setExit(EXIT_OK);
    });

  egress
    .command('diff')
    .description(
      'List, per service tag the rules use, the aggregated prefixes added and removed between two releases, ' +
        'after a header naming both releases and a count per tag. --exit-code: exit 1 when anything changed (for a scheduled job).',
    )
    .argument('<old>', 'the older ServiceTags_AzureGovernment_<date>.json')
    .argument('<new>', 'the newer ServiceTags_AzureGovernment_<date>.json')
    .option('-s, --spec <file>', SPEC_OPTION_HELP)
    .addOption(formatOption(DIFF_FORMATS))
    .option('--exit-code', 'exit 1 when any used tag changed, 0 when none did (as git diff --exit-code)', false)
    .action(async (oldPath: string, newPath: string, own: { spec?: string; format: DiffFormat; exitCode: boolean }, cmd: Command) => {
      // Commander lets the parent (`egress`, which has the same options) take `--format`/`--spec` written
      // after the subcommand unless the program enables positional options: take them from either.
      const parent = (cmd.parent?.opts() ?? {}) as { spec?: string; format?: Format };
      const parentFormat = parent.format === 'edl' || parent.format === 'arm' ? undefined : parent.format;
      if (cmd.getOptionValueSource('format') !== 'cli' && (parent.format === 'edl' || parent.format === 'arm')) throw flagError('IL5-CLI-FLAG', `egress diff has no ${parent.format} form`, 'use --format table, csv, md or json');
      const opts = {
        spec: own.spec ?? parent.spec,
        format: cmd.getOptionValueSource('format') === 'cli' ? own.format : (parentFormat ?? own.format),
      };
      const spec = await specFor(opts.spec, io);
      // Both files are read before either error is reported, so the user sees every problem at once.
      const results = await Promise.allSettled([serviceTagsFor(oldPath, io), serviceTagsFor(newPath, io)]);
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      if (errors.length) {
        if (errors.every((e) => e instanceof UserInputError)) throw new UserInputError(errors.flatMap((e) => (e as UserInputError).diagnostics));
        throw errors[0];
      }
      const [oldFile, newFile] = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
      if (!oldFile || !newFile) throw new Error('internal: service tags files missing after a successful read');
      const { ruleTags, egressRules } = await import('../../net/egress-rules.js');
      const { diffServiceTags } = await import('../../net/service-tags.js');
      const diffs = diffServiceTags(oldFile, newFile, ruleTags(egressRules(spec)));
      const head = (f: ServiceTagsFile): { file: string; changeNumber: number } => ({ file: f.file, changeNumber: f.changeNumber });
      const header = `service tags: old ${oldFile.file} (changeNumber ${oldFile.changeNumber}) -> new ${newFile.file} (changeNumber ${newFile.changeNumber})`;
      if (oldFile.changeNumber > newFile.changeNumber) {
        io.stderr(`il5ml: warning: OLD ${oldFile.file} (changeNumber ${oldFile.changeNumber}) is newer than NEW ${newFile.file} (changeNumber ${newFile.changeNumber}): "added" and "removed" are reversed; swap the two files\n`);
      }
      // A tag neither release has is no change (a weekly job must not report it every week), but it is said.
      const changed = diffs.some((d) => d.added.length > 0 || d.removed.length > 0 || d.missingIn === 'old' || d.missingIn === 'new');
      for (const d of diffs.filter((x) => x.missingIn === 'both')) {
        io.stderr(`il5ml: warning: service tag ${d.tag}, which the rules use, is in neither release: check that both files are Azure Government releases (Microsoft Download Center id 57063)\n`);
      }
      if (opts.format === 'json') {
        io.stdout(`${JSON.stringify({ old: head(oldFile), new: head(newFile), changed, tags: diffs }, null, 2)}\n`);
      } else if (opts.format === 'csv') {
        // CSV stays one table a file for import; the header goes to stderr.
        io.stderr(`${header}\n`);
        io.stdout(formatTabular(diffTabular(diffs), 'csv'));
      } else {
        io.stdout(
          mdSafe(
            [
              opts.format === 'md' ? `# ${header}\n` : `${header}\n`,
              section('Prefixes per tag (aggregated)', formatTabular(diffCountsTabular(diffs), opts.format), opts.format),
              section('Changes', formatTabular(diffTabular(diffs), opts.format), opts.format),
            ].join('\n'),
            opts.format,
          ),
        );
      }
      setExit(own.exitCode && changed ? EXIT_FINDINGS : EXIT_OK);
    });
};
