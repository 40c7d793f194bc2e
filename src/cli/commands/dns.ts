import { Option } from 'commander';
import { dnsPlan, type DnsPlan } from '../../net/dns-plan.js';
import { formatTabular, type TextFormat } from '../../net/tabular.js';
import { EXIT_OK } from '../io.js';
import { specFor } from './egress.js';
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
          headers: ['zone', 'forwardTo', 'thenTo', 'why'],
          rows: plan.forwarders.map((f) => [f.zone, f.forwardTo, f.thenTo, f.why]),
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
  program
    .command('dns')
    .description(
      'Print the DNS change request for the spec: private zones, the A records each private endpoint ' +
        'registers, conditional forwarders for on-premises DNS and a hosts-file fallback for the jump box.',
    )
    .option('--spec <file>', 'the spec (YAML or JSON); the built-in default when absent')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'))
    .action(async (opts: { spec?: string; format: Format }) => {
      const plan = dnsPlan(await specFor(opts.spec, io));
      io.stdout(opts.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : opts.format === 'md' ? escapePlaceholders(formatDnsPlan(plan, 'md')) : formatDnsPlan(plan, opts.format));
      setExit(EXIT_OK);
    });
};
