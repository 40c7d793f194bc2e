/**
 * What every formatter receives besides the CheckReport (src/core/verdict.ts): the tool's version and,
 * per policy definition (or baseline rule), the metadata the result itself does not carry.
 */
export type ReportFormat = 'table' | 'json' | 'sarif' | 'junit' | 'md';

export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'sarif', 'junit', 'md'];

export interface PolicyMeta {
  displayName?: string;
  description?: string;
  /** Control groups, e.g. the policy set's group names (`DoD_IL5_R4_AC-2`) or NIST SP 800-53 ids (`SC-7`). */
  groups?: string[];
  severity?: 'high' | 'medium' | 'low';
  /** Where the definition or rule is documented. */
  helpUri?: string;
  /** How to fix a NonCompliant result, when the result does not say. */
  remediation?: string;
}

export interface ReportOptions {
  /** il5ml's version (package.json), written into SARIF and JUnit and the Markdown header. */
  toolVersion: string;
  /** Metadata by policy definition id or baseline rule id; looked up case-insensitively. */
  policies?: Readonly<Record<string, PolicyMeta>>;
  /** Display titles of control groups for Markdown (`DoD_IL5_R4_AC-2` → `Account Management`). */
  groupTitles?: Readonly<Record<string, string>>;
  /** table: ANSI colours (the CLI sets it only for a TTY without NO_COLOR). Default false. */
  color?: boolean;
  /** table and md: also list Compliant and NotApplicable results, not only their counts. Default false. */
  all?: boolean;
  /**
   * sarif: the folder artifact URIs are made relative to (the repository root when run in CI). A source
   * file outside it keeps its path as given.
   */
  baseDir?: string;
  /** md: the document title. */
  title?: string;
}
