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
/**
 * Tags per rule: a file with a rule of more than 20 is rejected whole ("Analysis SARIF file rejected due to
 * rule tag limits"), and only 10 are shown (https://docs.github.com/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit,
 * read 2026-12-08). A definition in two sets (the DoD IL5 initiative maps one to 16 controls; NIST SP
 * 800-53 Rev. 5 maps it to others) can name more controls than that: the tags keep `security`, `il5` and
 * the first controls, and the help text and `properties.controls` name every one.
 */
export const TAGS_MAX = 20;
/**
 * Results per run: a run of more than 25,000 is rejected whole ("Analysis SARIF file rejected due to result
 * limits"), and only the 5,000 most severe are shown (same page, read 2026-12-08). An estate's audit or
 * export can have more NonCompliant and Unknown verdicts than that: the run keeps the 25,000 that code
 * scanning would rank first (NonCompliant before Unknown, then by severity, then error before warning),
 * in the canonical order, and says in `properties.resultsLeftOut` how many it left out and where they are.
 */
export const RESULTS_MAX = 25_000;

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
  const alerts = merged.filter((r) => r.compliance === 'NonCompliant' || r.compliance === 'Unknown');
  const kept = mostSevere(alerts, options);
  const results = kept.map((r) => sarifResult(r, ruleIndex.get(shortId(r)) ?? 0, options, mirrored.get(r)));

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
  if (kept.length < alerts.length) {
    (run.properties as Record<string, unknown>).resultsLeftOut = {
      count: alerts.length - kept.length,
      of: alerts.length,
      why: `GitHub code scanning rejects a run of more than ${RESULTS_MAX} results: these are the ${RESULTS_MAX} it would rank first (NonCompliant before Unknown, then by severity); the JSON, Markdown, HTML, JUnit and OSCAL reports hold every verdict`,
    };
  }
  const log = { version: '2.1.0', $schema: SCHEMA, runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** At most RESULTS_MAX alerts, the first by code scanning's ranking, in their given (canonical) order. */
function mostSevere(alerts: readonly CheckResult[], options: ReportOptions): readonly CheckResult[] {
  if (alerts.length <= RESULTS_MAX) return alerts;
  const rank = (r: CheckResult): number =>
    (r.compliance === 'NonCompliant' ? 100 : 0) + 10 * SEVERITY_RANK[severityOf(r, metaOf(r, options).groups)] + LEVEL_RANK[sarifLevel(r)];
  const ranked = alerts.map((r, i) => ({ i, rank: rank(r) })).sort((a, b) => b.rank - a.rank || a.i - b.i);
  const keep = new Set(ranked.slice(0, RESULTS_MAX).map((x) => x.i));
  return alerts.filter((_, i) => keep.has(i));
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
    tags: ['security', 'il5', ...controls.map((c) => `NIST-800-53-${c}`)].slice(0, TAGS_MAX),
    // Verdicts come from evaluating the definitions' own conditions, not from heuristics.
    precision: 'high',
    'security-severity': SECURITY_SEVERITY[severity],
  };
  if (controls.length > TAGS_MAX - 2) properties.controls = controls;
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
      artifactLocation: artifactLocation(where.file, options.baseDir),
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
 * A path split into its root (`/`, `C:/`, `//host/` for a UNC share; empty when relative) and its
 * segments. `//host/share` is a share only in a Windows path (`\\\\host\\share`, or beside a Windows
 * `baseDir`); on POSIX a leading `//` is `/`.
 */
function splitPath(path: string, windows = false): { root: string; segments: string[] } {
  const p = path.replace(/\\/g, '/');
  const m = (windows || path.startsWith('\\\\') ? /^(\/\/[^/]+\/|[A-Za-z]:\/|\/)/ : /^([A-Za-z]:\/|\/)/).exec(p);
  const root = m ? (m[1] ?? '') : '';
  return { root, segments: p.slice(root.length).split('/') };
}

/**
 * `.` and empty segments removed and `..` resolved against the segment before it, as a file system
 * resolves a path (SARIF 2.1.0 §3.10.2, steps 2–4); a `..` above an absolute root is dropped, as
 * path.resolve drops it; one above a relative path is kept.
 */
function normalSegments(segments: readonly string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push(s);
      continue;
    }
    out.push(s);
  }
  return out;
}

/** A root compared as Windows compares drive letters (`c:` is `C:`); a UNC host as written. */
const sameRoot = (a: string, b: string): boolean => a === b || (/^[A-Za-z]:\/$/.test(a) && a.toLowerCase() === b.toLowerCase());

/**
 * A path segment as RFC 3986 allows it in a URI path: every character other than unreserved ones and
 * `!*'()` percent-encoded as UTF-8, upper-case hex (the normal form, SARIF §3.10.1); `:` too, so that a
 * relative reference's first segment is never read as a scheme (RFC 3986 §4.2). A non-ASCII name becomes
 * its percent-encoded UTF-8, the IRI-to-URI mapping §3.10.4 asks for; a lone surrogate (not UTF-16 text,
 * which encodeURIComponent refuses) becomes U+FFFD first.
 */
function encodeSegment(seg: string): string {
  return encodeURIComponent(seg.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/**
 * Where a template file is, as SARIF's `artifactLocation` (§3.4) holds it: a file under `baseDir` (the
 * folder il5ml check ran in, the repository root in CI) is a relative reference with `uriBaseId`
 * %SRCROOT%, which GitHub resolves against the repository root; any other file — a relative path that
 * climbs out of `baseDir` included — is an absolute `file` URI (RFC 8089: `file:///abs/path`,
 * `file:///C:/path`, `file://host/share/path`) with no `uriBaseId`, which §3.4.4 forbids beside an
 * absolute URI, and no `..` segment (§3.10.2: resolved to the canonical absolute path). A relative `file`
 * is resolved against `baseDir`; without a `baseDir` it stays relative (normalized). `\\` separators are
 * read as `/` (Windows paths), and every segment is percent-encoded (`encodeSegment`).
 */
export function artifactLocation(file: string, baseDir?: string): { uri: string; uriBaseId?: typeof SRCROOT } {
  const windowsBase = baseDir !== undefined && (/^[A-Za-z]:[\\/]/.test(baseDir) || baseDir.startsWith('\\\\'));
  const f = splitPath(file, windowsBase);
  const base = baseDir !== undefined ? splitPath(baseDir, windowsBase) : undefined;
  const absolute = f.root !== '' || (base !== undefined && base.root !== '');
  const root = f.root !== '' ? f.root : (base?.root ?? '');
  const segments = normalSegments(f.root !== '' || !base ? f.segments : [...base.segments, ...f.segments], absolute);
  if (!absolute) return { uri: segments.map(encodeSegment).join('/'), uriBaseId: SRCROOT };
  if (base && sameRoot(root, base.root)) {
    const b = normalSegments(base.segments, true);
    if (segments.length > b.length && b.every((s, i) => s === segments[i])) return { uri: segments.slice(b.length).map(encodeSegment).join('/'), uriBaseId: SRCROOT };
  }
  const path = segments.map(encodeSegment).join('/');
  if (root.startsWith('//')) return { uri: `file://${encodeSegment(root.slice(2, -1))}/${path}` };
  if (root !== '/') return { uri: `file:///${root}${path}` };
  return { uri: `file:///${path}` };
}

/** The URI alone (OSCAL's hrefs): relative to `baseDir` inside it, else an absolute `file` URI (`artifactLocation`). */
export function artifactUri(file: string, baseDir?: string): string {
  return artifactLocation(file, baseDir).uri;
}
