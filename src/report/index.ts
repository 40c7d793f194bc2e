/**
 * One result model (CheckReport, src/core/verdict.ts), five formatters, one file each
 * (../shared/STYLE.md point 6). All are pure and deterministic: same report and options, same bytes.
 */
import type { CheckReport } from '../core/verdict.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { ReportFormat, ReportOptions } from './options.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';

export { REPORT_FORMATS } from './options.js';
export type { PolicyMeta, ReportFormat, ReportOptions } from './options.js';
export { formatJson, formatJunit, formatMarkdown, formatSarif, formatTable };

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
  }
}
