/**
 * What every formatter receives besides the CheckReport (src/core/verdict.ts): the tool's version and,
 * per policy definition (or baseline rule), the metadata the result itself does not carry.
 */
export type ReportFormat = 'table' | 'json' | 'sarif' | 'junit' | 'md' | 'html' | 'oscal';

export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'sarif', 'junit', 'md', 'html', 'oscal'];

/** A file the check read, with the SHA-256 of its bytes (hex), as evidence of exactly what was checked. */
export interface InputDigest {
  file: string;
  sha256: string;
}

/** A definition of a policy set that was given, and whether il5ml can decide it offline (src/policy/coverage.ts). */
export interface SetDefinition {
  policyDefinitionId: string;
  displayName: string;
  /** `offline`, or why not: `guest-configuration`, `defender-assessment`, `data-plane`, `manual`, `disabled`, `not-evaluable`. */
  category: string;
  reason: string;
}

/**
 * What was checked, for the formats an assessor signs (md, html, oscal). The CLI fills it; the formatters
 * only print it, so they stay pure (the date is given, not read from a clock).
 */
export interface ReportContext {
  /** When the check ran, ISO 8601 date-time (UTC). */
  date: string;
  inputs: InputDigest[];
  /** Template parameters given (values of secure parameters are never passed here). */
  parameters?: { file: InputDigest; values: Record<string, string> };
  /** The policy set evaluated (e.g. the DoD IL5 initiative) and each of its definitions. */
  initiative?: { name: string; id: string; displayName: string; version: string; definitions: SetDefinition[] };
  /** The built-in baseline, when it ran: il5ml's version and how many rules it has. */
  baseline?: { version: string; rules: number };
  /**
   * `il5ml audit`: the deployed estate read from Azure, each scope as the user gave it (`subscription ID`,
   * `resource group NAME in subscription ID`, `management group ID`), and the SHA-256 of the resources read
   * (the bytes `--export` writes; the report's inputs name that file when it was written).
   */
  audit?: { scope: string[]; sha256: string };
}

/** The network drawn for the HTML report: an inline SVG laid out by Graphviz (src/report/diagram.ts). */
export interface NetworkDiagram {
  svg: string;
  /** Names of the subnets drawn, for the report's caption and tests. */
  subnets: string[];
  /** Why the network was not drawn (too large), when it was not: `svg` is then empty. */
  omitted?: string;
}

export interface PolicyMeta {
  displayName?: string;
  /** One sentence: what a compliant resource looks like (baseline rules). */
  synopsis?: string;
  description?: string;
  /** Control groups, e.g. the policy set's group names (`DoD_IL5_R4_AC-2`) or NIST SP 800-53 ids (`SC-7`). */
  groups?: string[];
  severity?: 'high' | 'medium' | 'low';
  /** Where the definition or rule is documented (a Learn page when there is one). */
  helpUri?: string;
  /** The definition in the Azure Government portal (needs a sign-in). */
  portalUri?: string;
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
   * sarif, oscal: the folder artifact URIs are made relative to (the repository root when run in CI), and
   * relative source paths are resolved against. A source file outside it gets an absolute `file` URI
   * (sarif.ts `artifactLocation`).
   */
  baseDir?: string;
  /** md: the document title. */
  title?: string;
  /** md, html, oscal: what was checked. */
  context?: ReportContext;
  /** sarif: `automationDetails.id` prefix, one per input (`il5ml/check/<input name>/`). */
  automationId?: string;
  /** sarif: where a result without a template position points (the input's first line, or the scope's declaring line). */
  fallbackSource?: { file: string; line: number; column: number };
  /** html: the network diagram, rendered before formatting (the layout engine is asynchronous). */
  diagram?: NetworkDiagram;
}
