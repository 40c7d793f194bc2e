import { Option, type Command } from 'commander';
import { UserInputError } from '../../core/diagnostic.js';
import type { EgressRule, RouteRow } from '../../net/egress-rules.js';
import type { ServiceTagsFile, TagDiff } from '../../net/service-tags.js';
import { formatTabular, type Tabular, type TextFormat } from '../../net/tabular.js';
import type { Spec } from '../../spec/schema.js';
import { readUserFile } from '../files.js';
import { readSpec } from '../spec-input.js';
import { EXIT_OK, type CliIO } from '../io.js';
import type { RegisterCommand } from './index.js';

/**
 * `il5ml egress`: the firewall change request for the spec, one row a rule, for people (table), tickets
 * (csv, md) and machines (json); with --service-tags the aggregated prefixes of every tag the rules use;
 * with --routes the route table in IP-address form. `il5ml egress diff OLD NEW`: per used tag, the
 * aggregated prefixes added and removed between two service tags releases.
 */

type Format = TextFormat | 'json';
const FORMATS: Format[] = ['table', 'csv', 'md', 'json'];

/** The spec the command works on: --spec FILE loaded and validated (all errors at once), or the built-in default. */
export async function specFor(path: string | undefined, io: CliIO): Promise<Spec> {
  return (await readSpec(path, io)).loaded.spec;
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

/** The rule as JSON prints it: exactly the fields of the change request. */
function ruleJson(r: EgressRule): Record<string, unknown> {
  return {
    source: r.source,
    destination: r.destination,
    destinationType: r.destinationType,
    protocol: r.protocol,
    ports: r.ports,
    required: r.required,
    why: r.why,
    reference: r.reference,
  };
}

export function rulesTabular(rules: readonly EgressRule[], prefixes?: Record<string, string[]>): Tabular {
  const headers = ['source', 'destination', 'destinationType', 'protocol', 'ports', 'required', 'why', 'reference'];
  if (prefixes) headers.push('prefixes');
  return {
    headers,
    rows: rules.map((r) => {
      const row = [sourceText(r), r.destination, r.destinationType, r.protocol, r.ports.join(' '), r.required ? 'required' : 'optional', r.why, r.reference];
      if (prefixes) row.push((prefixes[r.destination] ?? []).join(' '));
      return row;
    }),
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

export function diffTabular(diffs: readonly TagDiff[]): Tabular {
  const rows: string[][] = [];
  for (const d of diffs) {
    if (d.missingIn) rows.push([d.tag, d.missingIn === 'old' ? 'tag added' : 'tag removed', '']);
    for (const p of d.added) rows.push([d.tag, 'added', p]);
    for (const p of d.removed) rows.push([d.tag, 'removed', p]);
  }
  return { headers: ['tag', 'change', 'prefix'], rows };
}

function section(title: string, body: string, format: TextFormat): string {
  return format === 'md' ? `## ${title}\n\n${body}` : `${title}\n\n${body}`;
}

function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices(FORMATS).default('table');
}

export const register: RegisterCommand = (program: Command, io, setExit) => {
  const egress = program
    .command('egress')
    .description(
      'Print the firewall change request for the spec: every outbound rule Azure Machine Learning needs in ' +
        'Azure Government, one row a rule, with why and the source of the fact.',
    )
    .option('--spec <file>', 'the spec (YAML or JSON); the built-in default when absent')
    .addOption(formatOption())
    .option('--service-tags <file>', 'ServiceTags_AzureGovernment_<date>.json: add each used tag\'s aggregated IPv4 and IPv6 prefixes')
    .option('--routes', 'print the route table of Training and Scoring in IP-address form instead: the default route to the firewall and, for compute with a public IP, AzureMachineLearning prefixes of the region and its pair (needs --service-tags; refuses past Azure\'s 400 routes)', false)
    .action(async (opts: { spec?: string; format: Format; serviceTags?: string; routes: boolean }) => {
      const spec = await specFor(opts.spec, io);
      // The catalogs load when the command runs, not for `--help` (lazy imports, issue 12).
      const { egressRules, routeTable, rulePrefixes } = await import('../../net/egress-rules.js');
      const rules = egressRules(spec);
      const tags = opts.serviceTags !== undefined ? await serviceTagsFor(opts.serviceTags, io) : undefined;
      if (opts.routes) {
        if (!tags) {
          throw new UserInputError([
            {
              severity: 'error',
              code: 'IL5-EGRESS-ROUTES-TAGS',
              message: '--routes needs the prefixes behind the service tags',
              fix: 'add --service-tags ServiceTags_AzureGovernment_<date>.json (Microsoft Download Center id 57063)',
            },
          ]);
        }
        const routes = routeTable(spec, tags);
        io.stdout(opts.format === 'json' ? `${JSON.stringify({ routes }, null, 2)}\n` : formatTabular(routesTabular(routes), opts.format));
        setExit(EXIT_OK);
        return;
      }
      const prefixes = tags ? rulePrefixes(rules, tags) : undefined;
      if (opts.format === 'json') {
        io.stdout(`${JSON.stringify({ rules: rules.map(ruleJson), prefixes: prefixes ?? {} }, null, 2)}\n`);
      } else if (opts.format === 'csv') {
        io.stdout(formatTabular(rulesTabular(rules, prefixes), 'csv'));
      } else {
        let out = formatTabular(rulesTabular(rules), opts.format);
        if (prefixes && tags) {
          out += `\n${section(`Aggregated prefixes (${tags.file}, changeNumber ${tags.changeNumber})`, formatTabular(prefixesTabular(prefixes), opts.format), opts.format)}`;
        }
        io.stdout(out);
      }
      setExit(EXIT_OK);
    });

  egress
    .command('diff')
    .description('List, per service tag the rules use, the aggregated prefixes added and removed between two releases.')
    .argument('<old>', 'the older ServiceTags_AzureGovernment_<date>.json')
    .argument('<new>', 'the newer ServiceTags_AzureGovernment_<date>.json')
    .option('--spec <file>', 'the spec whose rules decide which tags matter; the built-in default when absent')
    .addOption(formatOption())
    .action(async (oldPath: string, newPath: string, own: { spec?: string; format: Format }, cmd: Command) => {
      // Commander lets the parent (`egress`, which has the same options) take `--format`/`--spec` written
      // after the subcommand unless the program enables positional options: take them from either.
      const parent = (cmd.parent?.opts() ?? {}) as { spec?: string; format?: Format };
      const opts = {
        spec: own.spec ?? parent.spec,
        format: cmd.getOptionValueSource('format') === 'cli' ? own.format : (parent.format ?? own.format),
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
      if (opts.format === 'json') {
        const head = (f: ServiceTagsFile): { file: string; changeNumber: number } => ({ file: f.file, changeNumber: f.changeNumber });
        io.stdout(`${JSON.stringify({ old: head(oldFile), new: head(newFile), tags: diffs }, null, 2)}\n`);
      } else {
        io.stdout(formatTabular(diffTabular(diffs), opts.format));
      }
      setExit(EXIT_OK);
    });
};
