import type { CheckReport, CheckResult } from '../core/verdict.js';
import { cmpi, groupBy, lastSegment, metaOf, ruleKey, sortCanonical } from './common.js';
import type { ResolvedMeta } from './common.js';
import { jsonSummary } from './json.js';
import type { ReportOptions } from './options.js';

/**
 * SARIF 2.1.0 for GitHub code scanning.
 *
 * Structure: OASIS SARIF 2.1.0 schema (https://github.com/oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json:
 * sarifLog requires version and runs, run requires tool, tool requires driver, toolComponent requires name,
 * reportingDescriptor requires id, result requires message, multiformatMessageString requires text) and
 * GitHub's subset (https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning:
 * rules need shortDescription, fullDescription and help text; results need a physical location to be
 * shown; levels note/warning/error; properties.tags, precision and security-severity). Both read 2026-11-25.
 *
 * Choices (docs/check-json.md repeats them):
 * - Rules are every definition or baseline rule that has a result in the report, so the log shows what
 *   was checked; results are only NonCompliant and Unknown verdicts: a code-scanning alert is something
 *   to act on. Compliant, NotApplicable and Exempt verdicts are counted in run.properties.summary only.
 * - Level: `error` for effects that block a deployment (deny, denyAction), `warning` for every other
 *   effect (audit, auditIfNotExists, deployIfNotExists, modify, append: Azure lets the resource in and
 *   reports it), `note` for Unknown (the verdict needs a value known only after deployment).
 *   `kind` is left at its default `fail`: SARIF 2.1.0 (result.kind) allows a level other than `none` only
 *   with kind `fail` (as the SARIF SDK's ResultLevelKind enforces).
 * - partialFingerprints are left out: GitHub's upload action computes primaryLocationLineHash, the only
 *   one code scanning uses, from the template file itself.
 */
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub limits: name 255 characters, short and full descriptions 1024 (sarif-support-for-code-scanning). */
const NAME_MAX = 255;
const DESCRIPTION_MAX = 1024;

/** GitHub maps security-severity > 9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<'high' | 'medium' | 'low', string> = { high: '8.0', medium: '5.5', low: '3.0' };

export function sarifLevel(r: Pick<CheckResult, 'compliance' | 'effect'>): 'error' | 'warning' | 'note' {
  if (r.compliance === 'Unknown') return 'note';
  const e = r.effect.toLowerCase();
  return e === 'deny' || e === 'denyaction' ? 'error' : 'warning';
}

const LEVEL_RANK = { note: 0, warning: 1, error: 2 } as const;

export function formatSarif(report: CheckReport, options: ReportOptions): string {
  const all = sortCanonical(report.results);
  const keys = [...new Set(all.map(ruleKey))].sort(cmpi);
  const ruleIndex = new Map(keys.map((k, i) => [k, i]));
  const byRule = groupBy(all, ruleKey);

  const rules = keys.map((k) => sarifRule(k, byRule.get(k) ?? [], options));
  const results = all
    .filter((r) => r.compliance === 'NonCompliant' || r.compliance === 'Unknown')
    .map((r) => sarifResult(r, ruleIndex.get(ruleKey(r)) ?? 0, options));

  const log = {
    version: '2.1.0',
    $schema: SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'il5ml',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        properties: { summary: jsonSummary(report.summary) },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function sarifRule(key: string, results: readonly CheckResult[], options: ReportOptions): Record<string, unknown> {
  const first = results[0];
  const meta: ResolvedMeta = first ? metaOf(first, options) : { displayName: lastSegment(key), groups: [] };
  const groups = [...new Set(results.flatMap((r) => metaOf(r, options).groups))].sort(cmpi);
  const level = results.reduce<'note' | 'warning' | 'error'>((acc, r) => {
    const l = sarifLevel({ compliance: 'NonCompliant', effect: r.effect });
    return LEVEL_RANK[l] > LEVEL_RANK[acc] ? l : acc;
  }, 'note');
  const description = meta.description || meta.displayName;
  const { remediation, helpUri, severity } = meta;
  const helpText = [description, remediation ? `Remediation: ${remediation}` : '', helpUri ? `More: ${helpUri}` : '']
    .filter((s) => s)
    .join('\n\n');
  const rule: Record<string, unknown> = {
    id: key,
    name: clip(meta.displayName, NAME_MAX),
    shortDescription: { text: clip(meta.displayName, DESCRIPTION_MAX) },
    fullDescription: { text: clip(description, DESCRIPTION_MAX) },
    defaultConfiguration: { level },
  };
  if (helpUri) rule.helpUri = helpUri;
  rule.help = { text: helpText };
  const properties: Record<string, unknown> = {
    tags: ['security', 'il5', ...groups],
    // Verdicts come from evaluating the definitions' own conditions, not from heuristics.
    precision: 'high',
  };
  if (severity) properties['security-severity'] = SECURITY_SEVERITY[severity];
  if (first?.ruleId && first.policyDefinitionId !== first.ruleId) properties.policyDefinitionId = first.policyDefinitionId;
  rule.properties = properties;
  return rule;
}

function sarifResult(r: CheckResult, index: number, options: ReportOptions): Record<string, unknown> {
  const meta = metaOf(r, options);
  const name = lastSegment(r.resourceId);
  const text =
    r.compliance === 'Unknown'
      ? `${name} (${r.resourceType}): "${meta.displayName}" cannot be decided offline. ${r.reason}`
      : `${name} (${r.resourceType}) is non-compliant with "${meta.displayName}" (${r.effect}). ${r.reason}`;
  const location: Record<string, unknown> = {};
  if (r.source) {
    location.physicalLocation = {
      artifactLocation: { uri: artifactUri(r.source.file, options.baseDir) },
      region: { startLine: Math.max(1, r.source.line), startColumn: Math.max(1, r.source.column) },
    };
  }
  location.logicalLocations = [{ name, fullyQualifiedName: r.resourceId, kind: 'resource' }];
  const properties: Record<string, unknown> = { compliance: r.compliance, effect: r.effect, resourceType: r.resourceType };
  if (r.policySetDefinitionId !== undefined) properties.policySetDefinitionId = r.policySetDefinitionId;
  if (r.policyDefinitionReferenceId !== undefined) properties.policyDefinitionReferenceId = r.policyDefinitionReferenceId;
  if (meta.remediation) properties.remediation = meta.remediation;
  return {
    ruleId: ruleKey(r),
    ruleIndex: index,
    level: sarifLevel(r),
    message: { text },
    locations: [location],
    properties,
  };
}

/**
 * The artifact URI of a template file: relative to `baseDir` when inside it (GitHub resolves relative
 * URIs against the repository root), `file://` for another absolute path, and every segment
 * percent-encoded so that spaces, `#` and `?` survive as the uri-reference the schema asks for.
 */
export function artifactUri(file: string, baseDir?: string): string {
  const f = file.replace(/\\/g, '/');
  const base = baseDir?.replace(/\\/g, '/').replace(/\/+$/, '');
  let path = f;
  if (base && (f === base || f.startsWith(`${base}/`))) path = f.slice(base.length + 1);
  path = path.replace(/^\.\//, '');
  const encoded = path
    .split('/')
    .map((seg) => (/^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)))
    .join('/');
  if (/^[A-Za-z]:\//.test(path)) return `file:///${encoded}`;
  if (path.startsWith('/')) return `file://${encoded}`;
  return encoded;
}
