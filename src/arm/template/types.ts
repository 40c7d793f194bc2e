/**
 * The template engine's public shapes: what a caller passes to expandTemplate() and what it gets back.
 */
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { AzureResource } from '../../core/resource.js';
import type { ObjectValue, Value } from '../types.js';

/** The deployment Azure would run: who, where, when. Every field has a documented default (docs/expand.md). */
export interface DeploymentContext {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
  managementGroup: string;
  /** The top-level deployment's name; `az deployment … create` defaults to the template file's base name. */
  deploymentName: string;
  /** What utcNow() returns: a fixed instant so that the output is deterministic. */
  utcNow: Date;
  /** environment(): the cloud's endpoints. AzureUSGovernment unless replaced. */
  environment: ObjectValue;
}

/** A linked template read by the edge: `relativePath` is resolved from the file that links it. */
/** Reads a linked template: its text, or why it cannot be read (undefined: not readable, no reason given). */
export type LinkedTemplateLoader = (relativePath: string, fromFile: string) => { file: string; text: string } | { error: string } | undefined;

export interface ExpandInput {
  text: string;
  file: string;
  /** A parameters file's text (`{"parameters": {"x": {"value": …}}}`) and its name for messages. */
  parametersText?: string;
  parametersFile?: string;
  /** Parameter values given directly (they win over the parameters file), for callers that have data, not a file. */
  parameterValues?: Record<string, Value>;
  context?: Partial<DeploymentContext>;
  loadLinked?: LinkedTemplateLoader;
}

/** A resource declaration that produced no deployed resource, and why; so nothing is dropped silently. */
export interface SkippedDeclaration {
  /**
   * The declaration's JSON path in its file, e.g. `resources[3]`, `resources.vnet` (languageVersion 2.0),
   * `resources[5].properties.template.resources[0]`; prefixed with `<file>#` for a linked template.
   * Expanded resources carry the same path in their `declaration` field.
   */
  declaration: string;
  type: string;
  /** The evaluated name when it could be evaluated. */
  name?: string;
  /** The copy index when the declaration is inside a loop. */
  copyIndex?: number;
  reason: string;
  source: SourceLocation;
  /** ID of the nested deployment that declared it; absent at the top level. */
  deployment?: string;
}

/** An output as ARM reports it (`az deployment … show --query properties.outputs`). */
export interface OutputValue {
  type: string;
  value: Value;
}

export interface ExpansionResult {
  /** Every resource the deployment would create or update, nested deployments' resources included. */
  resources: AzureResource[];
  /** languageVersion 2.0 `existing` resources: declared, read from Azure, not deployed. */
  existing: AzureResource[];
  skipped: SkippedDeclaration[];
  outputs: Record<string, OutputValue>;
  diagnostics: Diagnostic[];
}
