import type { CheckReport, CheckResult, Compliance } from '../core/verdict.js';
import { COMPLIANCE_ORDER, cmpNatural, formatSource, lastSegment, metaOf, sortForReading } from './common.js';
import type { ReportOptions } from './options.js';

const UNGROUPED = 'Ungrouped';

/**
 * Markdown for an assessor: the counts, then every control (the policy set's groups, e.g. NIST SP 800-53
 * controls as `DoD_IL5_R4_AC-2`, merged with rules' own NIST ids) in control order, each with its
 * NonCompliant results first, then Unknown and Exempt; Compliant and NotApplicable are counted per control
 * (listed with `all`). A result under several controls appears under each: the assessor reads by control.
 */
export function formatMarkdown(report: CheckReport, options: ReportOptions): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# ${md(options.title ?? 'IL5 policy check')}`, '');
  out.push(`il5ml ${md(options.toolVersion)}: ${s.total} verdicts over ${s.resources} resources and ${s.policies} policies.`, '');
  out.push('## Summary', '', '| Verdict | Count |', '| --- | ---: |');
  for (const c of COMPLIANCE_ORDER) out.push(`| ${c} | ${s.byCompliance[c]} |`);
  out.push(`| **Total** | ${s.total} |`, '');

  // One section per control: the set's `DoD_IL5_R4_AC-3` and a rule's NIST `AC-3` are the same control,
  // and a result filed under both appears once.
  const byControl = new Map<string, { names: Set<string>; results: CheckResult[] }>();
  for (const r of sortForReading(report.results, options)) {
    const groups = metaOf(r, options).groups;
    const controls = new Map<string, string[]>();
    for (const g of groups.length ? groups : [UNGROUPED]) {
      const c = g === UNGROUPED ? UNGROUPED : controlId(g);
      controls.set(c, [...(controls.get(c) ?? []), g]);
    }
    for (const [c, names] of controls) {
      const entry = byControl.get(c) ?? { names: new Set<string>(), results: [] };
      for (const n of names) entry.names.add(n);
      entry.results.push(r);
      byControl.set(c, entry);
    }
  }
  // Control order (AC-2, AC-2(1), AC-10, SC-7…), whatever prefix the set gives its group names.
  const controls = [...byControl.keys()].sort((a, b) => (a === UNGROUPED ? 1 : b === UNGROUPED ? -1 : cmpNatural(a, b)));

  out.push('## Results by control group', '');
  if (controls.length === 0) out.push('No results.', '');
  for (const c of controls) {
    const entry = byControl.get(c);
    if (!entry) continue;
    const names = [...entry.names].sort(cmpNatural);
    const titles = options.groupTitles ?? {};
    const title = names.map((n) => (Object.hasOwn(titles, n) ? titles[n] : undefined)).find((t) => t !== undefined);
    out.push(`### ${md(c)}${title ? ` ${md(title)}` : ''}`, '');
    const other = names.filter((n) => n !== c);
    if (other.length) out.push(`Groups: ${names.map((n) => `\`${n.replace(/`/g, "'")}\``).join(', ')}.`, '');
    out.push(countsLine(entry.results), '');
    const shown = entry.results.filter((r) => options.all || !(r.compliance === 'Compliant' || r.compliance === 'NotApplicable'));
    if (shown.length === 0) continue;
    out.push('| Verdict | Policy | Resource | Reason | Remediation |', '| --- | --- | --- | --- | --- |');
    for (const r of shown) out.push(row(r, options));
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** `DoD_IL5_R4_AC-2(1)` → `AC-2(1)`; a group name of another form stays as it is. */
export function controlId(group: string): string {
  const m = /(?:^|_)([A-Z]{2,3}-\d+(?:\(\d+\))?)$/.exec(group);
  return m?.[1] ?? group;
}

function countsLine(results: readonly CheckResult[]): string {
  const n: Record<Compliance, number> = { NonCompliant: 0, Unknown: 0, Exempt: 0, NotApplicable: 0, Compliant: 0 };
  for (const r of results) n[r.compliance] += 1;
  return COMPLIANCE_ORDER.map((c) => `${c} ${n[c]}`).join(' · ');
}

function row(r: CheckResult, options: ReportOptions): string {
  const m = metaOf(r, options);
  const where = formatSource(r);
  const resource = `${md(lastSegment(r.resourceId))} (${md(r.resourceType)})${where ? `<br>${md(where)}` : ''}`;
  const policy = m.helpUri ? `[${md(m.displayName)}](${m.helpUri.replace(/[()\s]/g, encodeURIComponent)})` : md(m.displayName);
  const reason =
    r.compliance === 'Exempt' && r.exemption
      ? `Exempt: ${r.exemption.justification}${r.exemption.expiresOn ? ` (expires ${r.exemption.expiresOn})` : ''}`
      : r.reason;
  const remediation = r.compliance === 'NonCompliant' ? (m.remediation ?? '') : '';
  return `| ${r.compliance} | ${policy} | ${resource} | ${md(reason)} | ${md(remediation)} |`;
}

/**
 * Text inside a GFM table cell: ASCII punctuation that would change the rendering (`|` ends a cell;
 * `*`, `_`, `` ` ``, `[`, `]`, `<`, `>`, `&` format, link or start HTML and entities) is backslash-escaped
 * (CommonMark: any ASCII punctuation may be escaped), line breaks become `<br>` so the row stays one
 * line, and other control characters (tab included) become spaces.
 */
export function md(s: string): string {
  return s
    .replace(/[\\|*_`[\]<>&]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}
