import { createHash } from 'node:crypto';
import type { CheckReport, CheckResult, Compliance } from '../core/verdict.js';
import { cmpNatural, formatSource, metaOf, sortCanonical } from './common.js';
import { catalogControlId, NIST_CATALOG } from './controls.js';
import { emptyCounts, resourceName, rollupByControl, shortId, UNGROUPED } from './evidence.js';
import type { ReportOptions } from './options.js';
import { artifactUri } from './sarif.js';

/**
 * An OSCAL 1.1.3 assessment-results document (https://pages.nist.gov/OSCAL-Reference/models/v1.1.3/assessment-results/json-reference/,
 * read 2026-12-06), validated in the conformance suite against NIST's schema
 * (../shared/oscal/oscal_complete_schema-1.1.3.json).
 *
 * - One result for the check; its reviewed controls are the NIST SP 800-53 rev. 4 controls the verdicts are
 *   filed under (the initiative's `DoD_IL5_R4_SC-7(3)` → `sc-7.3`, the catalog's ids).
 * - One observation per verdict (method TEST), its subject the resource (an inventory item of the result's
 *   local definitions), its relevant evidence the template file and line.
 * - One finding per control: `not-satisfied` when any verdict under it is NonCompliant or Unknown (Unknown
 *   with reason `other`: it cannot be decided before deployment), else `satisfied`; related observations
 *   are its verdicts.
 * - Inputs are back-matter resources with their SHA-256; the initiative, the parameters and il5ml's version
 *   are metadata properties in il5ml's namespace.
 * - UUIDs are version 5 (RFC 9562 section 5.5) from the content, so the same check gives the same
 *   document; only `last-modified`, `start`, `end` and `collected` carry the date the check ran.
 */

/** il5ml's namespace for OSCAL properties (a name, never fetched). */
export const OSCAL_NS = 'urn:il5ml:oscal';

/** The namespace of il5ml's v5 UUIDs (itself a v5 UUID of "il5ml" in the URL namespace). */
const UUID_NS = uuidV5('https://github.com/il5ml/il5ml', '6ba7b811-9dad-11d1-80b4-00c04fd430c8');

/** RFC 9562 UUID version 5: SHA-1 of the namespace's bytes and the name, version and variant bits set. */
export function uuidV5(name: string, namespace: string = UUID_NS): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

type Prop = { name: string; value: string; ns?: string };
/**
 * A property's value is an OSCAL `string` (StringDatatype): "^\S(.*\S)?$" in NIST's 1.1.3 JSON schema
 * (../shared/oscal/oscal_complete_schema-1.1.3.json; https://pages.nist.gov/OSCAL-Reference/models/v1.1.3/assessment-results/json-reference/,
 * read 2026-12-07): one line, no white space at either end. Values that come from the user — an exemption's
 * justification (a YAML block scalar `justification: |` ends in a line break), a template parameter
 * (a multi-line string) — have their runs of white space made one space and are trimmed; the JSON, HTML
 * and Markdown reports keep them verbatim.
 */
export function oscalString(value: string): string {
  return value.replace(/\s+/gu, ' ').trim();
}
const prop = (name: string, value: string): Prop => ({ name, ns: OSCAL_NS, value: oscalString(value) });
/** Props with a value: the StringDatatype has at least one character, so a blank value is left out. */
const withValues = (props: Prop[]): Prop[] => props.filter((p) => p.value !== '');

const DEFAULT_DATE = '1970-01-01T00:00:00Z';

/**
 * A finding's target remarks: why an undecided control is not-satisfied, and, for a satisfied one, that
 * some verdicts under it were set aside by an exemption (a waiver, not a pass: each is an observation with
 * its justification and expiry), so that `satisfied` is not read as "every resource meets it".
 */
function remarksFor(unknown: boolean, exempt: number, audit: boolean): string {
  const parts: string[] = [];
  if (unknown) parts.push(`No verdict is NonCompliant, but some cannot be decided ${audit ? 'from what il5ml reads of the deployed resources' : 'before deployment'} (Unknown).`);
  if (exempt > 0) parts.push(`${exempt} ${exempt === 1 ? 'verdict is' : 'verdicts are'} Exempt: set aside by an exemption (justification and expiry in the related observations), not met.`);
  return parts.join(' ');
}

export function formatOscal(report: CheckReport, options: ReportOptions): string {
  const ctx = options.context;
  const date = ctx?.date ?? DEFAULT_DATE;
  const results = sortCanonical(report.results);
  const inputs = ctx?.inputs ?? [];
  const audit = ctx?.audit;
  const command = audit ? 'il5ml audit' : 'il5ml check';
  // An audit's scope and what it read are part of what the document is about: two audits (of two
  // subscriptions, or of one whose resources changed) are two documents, with or without an --export file.
  const seed = [options.toolVersion, ...inputs.map((i) => `${i.file}:${i.sha256}`), ctx?.parameters?.file.sha256 ?? '', ctx?.initiative?.id ?? '', ...(audit ? ['audit', ...audit.scope, audit.sha256] : [])].join('|');
  const id = (kind: string, ...parts: string[]): string => uuidV5([seed, kind, ...parts].join('|'));

  const resources = new Map<string, CheckResult>();
  for (const r of results) if (!resources.has(r.resourceId.toLowerCase())) resources.set(r.resourceId.toLowerCase(), r);
  const inventory = [...resources.values()].map((r) => ({
    uuid: id('resource', r.resourceId.toLowerCase()),
    description: r.resourceId,
    props: [prop('resource-type', r.resourceType), prop('resource-name', resourceName(r.resourceId))],
  }));

  const obsUuid = new Map<CheckResult, string>();
  // From what the verdict is about, so that adding a resource does not renumber the others; a counter only
  // for the (rare) verdicts that are about the same thing.
  const seen = new Map<string, number>();
  const observations = results.map((r) => {
    const about = [shortId(r), r.resourceId.toLowerCase(), r.policySetDefinitionId ?? '', r.policyDefinitionReferenceId ?? ''].join('|');
    const n = seen.get(about) ?? 0;
    seen.set(about, n + 1);
    const u = id('observation', about, ...(n ? [String(n)] : []));
    obsUuid.set(r, u);
    const m = metaOf(r, options);
    const o: Record<string, unknown> = {
      uuid: u,
      title: `${m.displayName}: ${resourceName(r.resourceId)}`,
      description: `${r.compliance} (${r.effect}): ${r.reason}`,
      props: withValues([
        prop('compliance', r.compliance),
        prop('effect', r.effect),
        prop('policy-definition-id', r.policyDefinitionId),
        ...(r.ruleId ? [prop('baseline-rule-id', r.ruleId)] : []),
        ...(r.exemption ? [prop('exemption-justification', r.exemption.justification), ...(r.exemption.expiresOn ? [prop('exemption-expires-on', r.exemption.expiresOn)] : [])] : []),
      ]),
      methods: ['TEST'],
      types: [r.compliance === 'NonCompliant' ? 'finding' : 'control-objective'],
      subjects: [{ 'subject-uuid': id('resource', r.resourceId.toLowerCase()), type: 'inventory-item', title: r.resourceId }],
      collected: date,
    };
    if (r.source) {
      o['relevant-evidence'] = [
        { href: `${artifactUri(r.source.file, options.baseDir)}#L${r.source.line}`, description: `Declared at ${formatSource(r)}` },
      ];
    }
    if (m.remediation && r.compliance === 'NonCompliant') o.remarks = `Remediation: ${m.remediation}`;
    return o;
  });

  // Findings and reviewed controls name controls of the catalog the document cites (back-matter): a group
  // that is none (another set's, a custom set's `Network Security`) gave a control-id that is no catalog's,
  // or no OSCAL token at all (a space: the document failed NIST's schema). Its verdicts stay observations.
  const rollup: (ReturnType<typeof rollupByControl>[number] & { cid: string })[] = [];
  const others = new Set<string>();
  for (const c of rollupByControl(results, options)) {
    if (c.label === UNGROUPED) continue;
    const cid = catalogControlId(c.label);
    if (cid) rollup.push({ ...c, cid });
    else for (const g of c.groups) others.add(g);
  }
  const otherGroups = [...others].sort(cmpNatural);
  const findings = rollup.map((c) => {
    const cid = c.cid;
    const failed = c.counts.NonCompliant > 0;
    const unknown = !failed && c.counts.Unknown > 0;
    const status: Record<string, unknown> = { state: failed || unknown ? 'not-satisfied' : 'satisfied' };
    const remarks = remarksFor(unknown, c.counts.Exempt, audit !== undefined);
    if (unknown) status.reason = 'other';
    const counts = (n: Record<Compliance, number>): string =>
      (Object.keys(emptyCounts()) as Compliance[]).map((k) => `${k} ${n[k]}`).join(', ');
    return {
      uuid: id('finding', cid),
      title: `${c.label}${c.control ? ` ${c.control.title}` : ''}`,
      description: `${counts(c.counts)}${c.control ? `\n\n${c.control.statement}` : ''}`,
      props: c.groups.map((g) => prop('policy-group', g)),
      target: {
        type: 'statement-id',
        'target-id': `${cid}_smt`,
        status,
        ...(remarks ? { remarks } : {}),
      },
      'related-observations': c.results.map((r) => ({ 'observation-uuid': obsUuid.get(r) ?? '' })),
    };
  });

  const initiative = ctx?.initiative;
  const metadataProps: Prop[] = [prop('tool-name', 'il5ml'), prop('tool-version', options.toolVersion)];
  if (initiative) {
    metadataProps.push(prop('policy-set-name', initiative.displayName), prop('policy-set-id', initiative.id), prop('policy-set-version', initiative.version));
  }
  if (ctx?.baseline) metadataProps.push(prop('baseline-version', ctx.baseline.version), prop('baseline-rules', String(ctx.baseline.rules)));
  for (const [k, v] of Object.entries(ctx?.parameters?.values ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    metadataProps.push({ ...prop('template-parameter', `${k}=${v}`) });
  }

  const backMatter = [
    ...inputs.map((i) => ({
      uuid: id('input', i.file),
      title: `Input ${i.file}`,
      props: [prop('role', 'input')],
      rlinks: [{ href: artifactUri(i.file, options.baseDir), hashes: [{ algorithm: 'SHA-256', value: i.sha256 }] }],
    })),
    ...(ctx?.parameters
      ? [
          {
            uuid: id('parameters', ctx.parameters.file.file),
            title: `Template parameters ${ctx.parameters.file.file}`,
            props: [prop('role', 'parameters')],
            rlinks: [{ href: artifactUri(ctx.parameters.file.file, options.baseDir), hashes: [{ algorithm: 'SHA-256', value: ctx.parameters.file.sha256 }] }],
          },
        ]
      : []),
    {
      uuid: id('catalog'),
      title: NIST_CATALOG.title,
      props: [prop('role', 'catalog'), prop('catalog-uuid', NIST_CATALOG.uuid)],
      rlinks: [{ href: 'https://github.com/usnistgov/oscal-content/blob/88bb8de/nist.gov/SP800-53/rev4/json/NIST_SP-800-53_rev4_catalog-min.json' }],
    },
    audit
      ? {
          uuid: id('assessment-plan'),
          title: 'il5ml audit: evaluation of the resources deployed in Azure',
          description: `The assessment plan this result follows: every resource of the scope (${audit.scope.join('; ')}) is read through Azure Resource Graph and evaluated against the built-in IL5 baseline and the policy definitions given, as \`il5ml audit\` documents (docs/audit.md). The resources read have SHA-256 ${audit.sha256}.`,
        }
      : {
          uuid: id('assessment-plan'),
          title: 'il5ml check: offline evaluation of ARM templates or resource lists',
          description: 'The assessment plan this result follows: every resource of the inputs is evaluated offline against the built-in IL5 baseline and the policy definitions given, as `il5ml check` documents (docs/check-json.md).',
        },
  ];

  const ids = [...new Set(rollup.map((c) => c.cid))];
  const doc = {
    'assessment-results': {
      uuid: id('document'),
      metadata: {
        title: `IL5 assessment results: ${audit ? `audit of ${audit.scope.join(', ')}` : inputs.map((i) => i.file).join(', ') || command}`,
        'last-modified': date,
        version: options.toolVersion,
        'oscal-version': '1.1.3',
        props: withValues(metadataProps),
        remarks: `Produced by il5ml ${options.toolVersion} (${command} --format oscal)${initiative ? ` against ${initiative.displayName}${initiative.version ? ` ${initiative.version}` : ''} (${initiative.id})` : ''}.`,
      },
      'import-ap': { href: `#${id('assessment-plan')}` },
      results: [
        {
          uuid: id('result'),
          title: command,
          description: `${report.summary.total} verdicts over ${report.summary.resources} resources: ${(Object.keys(emptyCounts()) as Compliance[]).map((k) => `${k} ${report.summary.byCompliance[k]}`).join(', ')}.`,
          start: date,
          end: date,
          'local-definitions': inventory.length ? { 'inventory-items': inventory } : undefined,
          'reviewed-controls': {
            'control-selections': [ids.length ? { 'include-controls': ids.map((c) => ({ 'control-id': c })) } : { 'include-all': {} }],
            ...(otherGroups.length
              ? { remarks: `Verdicts filed under policy groups that are not controls of ${NIST_CATALOG.title} are observations only, with no finding: ${otherGroups.join(', ')}.` }
              : {}),
          },
          ...(observations.length ? { observations } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
      'back-matter': { resources: backMatter },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
