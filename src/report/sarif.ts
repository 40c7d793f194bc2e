import { createHash } from 'node:crypto';
import type { CheckReport, CheckResult } from '../core/verdict.js';
import { cmpi, groupBy, metaOf, sortCanonical } from './common.js';
import type { ResolvedMeta } from './common.js';
import { controlId } from './controls.js';
import { mergeMirrors, resourceName, shortId } from './evidence.js';
import { jsonSummary } from './json.js';
import type { ReportOptions } from './options.js';
import { SECURITY_SEVERITY, SEVERITY_RANK, type Severity, severityOf } from './severity.js';

/**
 * SARIF 2.1.0 for GitHub code scanning.
 *
 * Structure: OASIS SARIF 2.1.0 schema (https://github.com/oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json,
 * test/fixtures/sarif/) and GitHub's subset (https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning:
 * rules need shortDescription, fullDescription, help text and markdown; a result is shown only with a
 * physical location; levels note/warning/error; properties.tags, precision and security-severity;
 * automationDetails.id and partialFingerprints). Both read 2026-11-25.
 *
 * Choices (docs/check-json.md repeats them):
 * - Rules are every definition or baseline rule that has a result, with short ids (`IL5-KV-001`, a
 *   definition's GUID); results are only NonCompliant and Unknown verdicts (a code-scanning alert is
 *   something to act on). Compliant, NotApplicable and Exempt are counted in run.properties.summary.
 * - A baseline rule and the definition it mirrors, judging one resource alike, give one result: the rule's
 *   (it carries the remediation), with the definition's GUID in its properties.
 * - Level: `error` for deny/denyAction, `warning` for other effects, `note` for Unknown; `kind` stays `fail`
 *   (SARIF allows a level other than `none` only with it).
 * - Every result has a physical location: the resource's template line, else `fallbackSource` (the line
 *   that declares the scope, or the input's first line) so that code scanning can show it.
 * - partialFingerprints `il5mlResult/v1`: a hash of (rule, resource id, set, reference id), which does not
 *   move when lines do; GitHub adds its own primaryLocationLineHash.
 */
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub limits: name 255 characters, short and full descriptions 1024 (sarif-support-for-code-scanning). */
const NAME_MAX = 255;
const DESCRIPTION_MAX = 1024;

/** The base the artifact URIs are relative to: the repository root when run there (GitHub's own name). */
export const SRCROOT = '%SRCROOT%';

export function sarifLevel(r: Pick<CheckResult, 'compliance' | 'effect'>): 'error' | 'warning' | 'note' {
  if (r.compliance === 'Unknown') return 'note';
  const e = r.effect.toLowerCase();
  return e === 'deny' || e === 'denyaction' ? 'error' : 'warning';
}

const LEVEL_RANK = { note: 0, warning: 1, error: 2 } as const;

export function formatSarif(report: CheckReport, options: ReportOptions): string {
  const { results: merged, mirrored } = mergeMirrors(sortCanonical(report.results));
  const keys = [...new Set(merged.map(shortId))].sort(cmpi);
  const ruleIndex = new Map(keys.map((k, i) => [k, i]));
  const byRule = groupBy(merged, shortId);

  const rules = keys.map((k) => sarifRule(k, byRule.get(k) ?? [], options));
  const results = merged
    .filter((r) => r.compliance === 'NonCompliant' || r.compliance === 'Unknown')
    .map((r) => sarifResult(r, ruleIndex.get(shortId(r)) ?? 0, options, mirrored.get(r)));

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'il5ml',
        version: options.toolVersion,
        semanticVersion: options.toolVersion,
        informationUri: 'https://learn.microsoft.com/azure/governance/policy/samples/gov-dod-impact-level-5',
        rules,
      },
    },
  };
  if (options.automationId) run.automationDetails = { id: options.automationId };
  run.originalUriBaseIds = { [SRCROOT]: { description: { text: 'The folder il5ml check ran in (the repository root in CI); artifact URIs are relative to it.' } } };
  run.columnKind = 'utf16CodeUnits';
  run.results = results;
  run.properties = { summary: jsonSummary(report.summary) };
  const log = { version: '2.1.0', $schema: SCHEMA, runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A Learn page, preferred over a portal blade (which needs a Government sign-in). */
function learnLink(meta: ResolvedMeta, links: readonly string[] = []): string | undefined {
  return [meta.helpUri, ...links].find((u): u is string => typeof u === 'string' && /^https:\/\/learn\.microsoft\.com\//.test(u)) ?? meta.helpUri;
}

function sarifRule(key: string, results: readonly CheckResult[], options: ReportOptions): Record<string, unknown> {
  const first = results[0];
  const meta: ResolvedMeta = first ? metaOf(first, options) : { displayName: key, groups: [] };
  const groups = [...new Set(results.flatMap((r) => metaOf(r, options).groups))].sort(cmpi);
  const controls = [...new Set(groups.map(controlId))];
  const level = results.reduce<'note' | 'warning' | 'error'>((acc, r) => {
    const l = sarifLevel({ compliance: 'NonCompliant', effect: r.effect });
    return LEVEL_RANK[l] > LEVEL_RANK[acc] ? l : acc;
  }, 'note');
  const severity = results.reduce<Severity>((acc, r) => {
    const s = severityOf(r, groups);
    return SEVERITY_RANK[s] > SEVERITY_RANK[acc] ? s : acc;
  }, 'low');
  const synopsis = meta.synopsis ?? meta.displayName;
  const description = meta.description || synopsis;
  const helpUri = learnLink(meta);
  const portal = meta.portalUri;
  const remediation = meta.remediation;
  const text = [
    description,
    remediation ? `Remediation: ${remediation}` : '',
    controls.length ? `NIST SP 800-53 rev. 4: ${controls.join(', ')}` : '',
    helpUri ? `Learn more: ${helpUri}` : '',
    portal && portal !== helpUri ? `Azure Government portal: ${portal}` : '',
  ].filter((s) => s);
  const markdown = [
    `**${mdInline(meta.displayName)}** (\`${key}\`)`,
    mdInline(description),
    remediation ? `**Remediation:** ${mdInline(remediation)}` : '',
    controls.length ? `**NIST SP 800-53 rev. 4:** ${controls.join(', ')}` : '',
    helpUri ? `[Learn more](${helpUri})` : '',
    portal && portal !== helpUri ? `[Definition in the Azure Government portal](${portal})` : '',
  ].filter((s) => s);
  const rule: Record<string, unknown> = {
    id: key,
    name: clip(meta.displayName, NAME_MAX),
    shortDescription: { text: clip(synopsis, DESCRIPTION_MAX) },
    fullDescription: { text: clip(description, DESCRIPTION_MAX) },
    defaultConfiguration: { level },
  };
  if (helpUri) rule.helpUri = helpUri;
  rule.help = { text: text.join('\n\n'), markdown: markdown.join('\n\n') };
  const properties: Record<string, unknown> = {
    tags: ['security', 'il5', ...controls.map((c) => `NIST-800-53-${c}`)],
    // Verdicts come from evaluating the definitions' own conditions, not from heuristics.
    precision: 'high',
    'security-severity': SECURITY_SEVERITY[severity],
  };
  // The definition's full id, or for a baseline rule the definition it mirrors (its own id when none).
  if (first) properties.policyDefinitionId = first.policyDefinitionId;
  rule.properties = properties;
  return rule;
}

/** Markdown text outside a table: characters that would format or start HTML are backslash-escaped. */
function mdInline(s: string): string {
  return s.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** Stable across runs and line moves: what the finding is about, not where it is. */
export function fingerprint(r: CheckResult): string {
  const key = [shortId(r), r.resourceId.toLowerCase(), (r.policySetDefinitionId ?? '').toLowerCase(), r.policyDefinitionReferenceId ?? ''].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function sarifResult(r: CheckResult, index: number, options: ReportOptions, mirrors: string | undefined): Record<string, unknown> {
  const meta = metaOf(r, options);
  const name = resourceName(r.resourceId);
  const text =
    r.compliance === 'Unknown'
      ? `${name} (${r.resourceType}): "${meta.displayName}" cannot be decided offline. ${r.reason}`
      : `${name} (${r.resourceType}) is non-compliant with "${meta.displayName}" (${r.effect}). ${r.reason}`;
  const where = r.source ?? options.fallbackSource;
  const location: Record<string, unknown> = {};
  if (where) {
    location.physicalLocation = {
      artifactLocation: { uri: artifactUri(where.file, options.baseDir), uriBaseId: SRCROOT },
      region: { startLine: Math.max(1, where.line), startColumn: Math.max(1, where.column) },
    };
  }
  location.logicalLocations = [{ name, fullyQualifiedName: r.resourceId, kind: 'resource' }];
  const properties: Record<string, unknown> = { compliance: r.compliance, effect: r.effect, resourceType: r.resourceType };
  if (r.policySetDefinitionId !== undefined) properties.policySetDefinitionId = r.policySetDefinitionId;
  if (r.policyDefinitionReferenceId !== undefined) properties.policyDefinitionReferenceId = r.policyDefinitionReferenceId;
  if (mirrors) properties.alsoReportedBy = mirrors;
  if (!r.source && where) properties.locationNote = 'the resource has no template line of its own: this is the line that declares its scope, or the file\'s first line';
  if (meta.remediation) properties.remediation = meta.remediation;
  return {
    ruleId: shortId(r),
    ruleIndex: index,
    level: sarifLevel(r),
    message: { text },
    locations: [location],
    partialFingerprints: { 'il5mlResult/v1': fingerprint(r) },
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
