import { Option } from 'commander';
import type { DnsPlan } from '../../net/dns-plan.js';
import { formatTabular, type TextFormat } from '../../net/tabular.js';
import { EXIT_OK } from '../io.js';
import { SPEC_OPTION_HELP, specFor } from './egress.js';
import { addDeploymentFlags, uniqueFromFlags, type DeploymentFlags } from '../deployment-flags.js';
import type { RegisterCommand } from './index.js';
import { escapePlaceholders } from '../../core/markdown.js';

/**
 * `il5ml dns`: the DNS change request for the spec — private zones, the A records the private endpoints
 * register, conditional forwarders for on-premises DNS, and a hosts-file fallback for the jump box.
 */

type Format = Exclude<TextFormat, 'csv'> | 'json';

export function formatDnsPlan(plan: DnsPlan, format: Exclude<TextFormat, 'csv'>): string {
  const title = (t: string): string => (format === 'md' ? `## ${t}\n\n` : `${t}\n\n`);
  const parts = [
    title('Private DNS zones') +
      formatTabular(
        {
          headers: ['zone', 'publicZone', 'mode', 'resourceId', 'usedBy'],
          rows: plan.zones.map((z) => [z.zone, z.publicZone, z.mode, z.resourceId ?? '', z.usedBy]),
        },
        format,
      ),
    title('A records the private endpoints register') +
      formatTabular(
        {
          headers: ['zone', 'name', 'type', 'value', 'fqdn', 'privateEndpoint'],
          rows: plan.records.map((r) => [r.zone, r.name, r.type, r.value, r.fqdn, r.privateEndpoint]),
        },
        format,
      ),
    title('Conditional forwarders for on-premises DNS') +
      formatTabular(
        {
          headers: ['zone', 'forwardTo', 'thenTo', 'resolver', 'why'],
          rows: plan.forwarders.map((f) => [f.zone, f.forwardTo, f.thenTo, f.resolver, f.why]),
        },
        format,
      ),
    title('Hosts file fallback (jump box: C:\\Windows\\System32\\drivers\\etc\\hosts)') +
      (format === 'md' ? `\`\`\`\n${plan.hosts.join('\n')}\n\`\`\`\n` : `${plan.hosts.join('\n')}\n`),
    title('Placeholders (known only after deployment)') +
      formatTabular(
        {
          headers: ['placeholder', 'meaning'],
          rows: Object.entries(plan.placeholders).map(([k, v]) => [k, v]),
        },
        format,
      ),
    title('Sources') + plan.sources.map((s) => `- ${s.url} (read ${s.read})`).join('\n') + '\n',
  ];
  return parts.join('\n');
}

export const register: RegisterCommand = (program, io, setExit) => {
  const cmd = program
    .command('dns')
    .description(
      'Print the DNS change request for the spec: private zones, the A records each private endpoint ' +
        'registers, conditional forwarders for on-premises DNS and a hosts-file fallback for the jump box. ' +
        'Docs (shipped in the package): docs/egress.md.',
    )
    .option('-s, --spec <file>', SPEC_OPTION_HELP)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'));
  addDeploymentFlags(cmd, '<prefix>-rg').action(async (opts: { spec?: string; format: Format } & DeploymentFlags) => {
      const { dnsPlan } = await import('../../net/dns-plan.js');
      const spec = await specFor(opts.spec, io);
      const unique = await uniqueFromFlags(opts, `${spec.prefix}-rg`, (t) => io.stderr(`${t}\n`));
      const plan = dnsPlan(spec, { ...(unique === undefined ? {} : { unique }), resourceGroup: opts.resourceGroup ?? `${spec.prefix}-rg` });
      io.stdout(opts.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : opts.format === 'md' ? escapePlaceholders(formatDnsPlan(plan, 'md')) : formatDnsPlan(plan, opts.format));
      setExit(EXIT_OK);
    });
};
