import type { CheckReport, CheckResult } from '../core/verdict.js';
import { cmpi, formatSource, groupBy, metaOf, ruleKey, sortCanonical } from './common.js';
import { resourceName, shortId } from './evidence.js';
import type { ReportOptions } from './options.js';

/**
 * JUnit XML for Azure DevOps (PublishTestResults@2 with testResultsFormat JUnit,
 * https://learn.microsoft.com/azure/devops/pipelines/tasks/reference/publish-test-results-v2; a skipped
 * test is outcome "Not executed": https://learn.microsoft.com/azure/devops/pipelines/test/test-glossary;
 * both read 2026-11-25):
 * a `<testsuite>` per policy definition (or baseline rule), a `<testcase>` per (definition, resource).
 *
 * Choices (docs/check-json.md repeats them):
 * - NonCompliant → `<failure>` (Azure DevOps: Failed), its message the reason, its type the effect.
 * - NotApplicable and Exempt → `<skipped>` (Not executed), with why.
 * - Unknown → `<skipped>` too, its message starting "Unknown:": the verdict needs data that exists only
 *   after deployment, which is neither a defect in the template (error) nor a pass. `il5ml check`'s exit
 *   code, not this file, is what gates a pipeline.
 * - Compliant → a testcase with no child (Passed).
 * No timestamps or host names: the same report gives the same bytes.
 */
export function formatJunit(report: CheckReport, options: ReportOptions): string {
  const bySuite = groupBy(sortCanonical(report.results), ruleKey);
  const suites = [...bySuite.keys()].sort(cmpi).map((k, i) => suite(k, i, bySuite.get(k) ?? [], options));

  const total = count(report.results);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`il5ml ${options.toolVersion} check`)}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="0">`,
    ...suites,
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

function count(results: readonly CheckResult[]): Counts {
  let failures = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.compliance === 'NonCompliant') failures += 1;
    else if (r.compliance !== 'Compliant') skipped += 1;
  }
  return { tests: results.length, failures, skipped };
}

function suite(key: string, id: number, results: readonly CheckResult[], options: ReportOptions): string {
  const first = results[0];
  const meta = first ? metaOf(first, options) : undefined;
  const name = meta?.displayName ?? key;
  const c = count(results);
  const props: [string, string][] = [['policyDefinitionId', first?.policyDefinitionId ?? key]];
  if (first?.ruleId) props.push(['ruleId', first.ruleId]);
  for (const g of meta?.groups ?? []) props.push(['group', g]);
  if (meta?.severity) props.push(['severity', meta.severity]);
  if (meta?.helpUri) props.push(['helpUri', meta.helpUri]);

  // Titles Azure DevOps shows: rule and resource name; where two read alike (same name in two resource
  // groups, or the definition in two sets), the reference id or the resource id tells them apart.
  const title = (r: CheckResult): string => `${name} [${shortId(r)}] on ${resourceName(r.resourceId)} (${r.resourceType})`;
  const perTitle = new Map<string, number>();
  for (const r of results) perTitle.set(title(r), (perTitle.get(title(r)) ?? 0) + 1);
  const perResource = new Map<string, number>();
  for (const r of results) perResource.set(r.resourceId.toLowerCase(), (perResource.get(r.resourceId.toLowerCase()) ?? 0) + 1);

  const out = [
    `  <testsuite name="${attr(name)}" id="${id}" package="${attr(key)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="0">`,
    '    <properties>',
    ...props.map(([n, v]) => `      <property name="${attr(n)}" value="${attr(v)}"/>`),
    '    </properties>',
  ];
  for (const r of results) {
    const sameResource = (perResource.get(r.resourceId.toLowerCase()) ?? 0) > 1 && r.policyDefinitionReferenceId;
    const sameTitle = (perTitle.get(title(r)) ?? 0) > 1;
    const caseName = `${title(r)}${sameResource ? ` [${r.policyDefinitionReferenceId}]` : sameTitle ? ` ${r.resourceId}` : ''}`;
    const head = `    <testcase name="${attr(caseName)}" classname="${attr(name)}" time="0"`;
    const m = metaOf(r, options);
    switch (r.compliance) {
      case 'Compliant':
        out.push(`${head}/>`);
        break;
      case 'NonCompliant': {
        const body = [
          r.reason,
          `Resource: ${r.resourceId} (${r.resourceType})`,
          r.source ? `Source: ${formatSource(r)}` : '',
          m.remediation ? `Remediation: ${m.remediation}` : '',
        ]
          .filter((s) => s)
          .join('\n');
        out.push(`${head}>`, `      <failure message="${attr(r.reason)}" type="${attr(r.effect)}">${text(body)}</failure>`, '    </testcase>');
        break;
      }
      default: {
        const why =
          r.compliance === 'Exempt' && r.exemption
            ? `Exempt: ${r.exemption.justification}${r.exemption.expiresOn ? ` (expires ${r.exemption.expiresOn})` : ''}`
            : `${r.compliance}: ${r.reason}`;
        out.push(`${head}>`, `      <skipped message="${attr(why)}"/>`, '    </testcase>');
      }
    }
  }
  out.push('  </testsuite>');
  return out.join('\n');
}

/**
 * XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
 * (https://www.w3.org/TR/xml/#charsets); anything else, even as a character reference, makes the file
 * unreadable, so it becomes U+FFFD.
 */
export function xmlSafe(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0xfffd;
    const ok =
      c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    out += ok ? ch : '\ufffd';
  }
  return out;
}

/** Element text: markup characters escaped; CR kept as a reference so XML's line-end normalization keeps it. */
export function text(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute value in double quotes: also quotes, and tab/LF/CR as references (attribute normalization would turn them into spaces). */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
