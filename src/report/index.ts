/**
 * One result model (CheckReport, src/core/verdict.ts), five formatters, one file each
 * (../shared/STYLE.md point 6). All are pure and deterministic: same report and options, same bytes.
 */
import type { CheckReport } from '../core/verdict.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatHtml } from './html.js';
import { formatMarkdown } from './markdown.js';
import { formatOscal } from './oscal.js';
import type { ReportFormat, ReportOptions } from './options.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';

export { REPORT_FORMATS } from './options.js';
export type { InputDigest, NetworkDiagram, PolicyMeta, ReportContext, ReportFormat, ReportOptions, SetDefinition } from './options.js';
export { formatHtml, formatJson, formatJunit, formatMarkdown, formatOscal, formatSarif, formatTable };

export function formatReport(report: CheckReport, format: ReportFormat, options: ReportOptions): string {
  switch (format) {
    case 'table':
      return formatTable(report, options);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, options);
    case 'junit':
      return formatJunit(report, options);
    case 'md':
      return formatMarkdown(report, options);
    case 'html':
      return formatHtml(report, options);
    case 'oscal':
      return formatOscal(report, options);
  }
}
