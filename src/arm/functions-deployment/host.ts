/**
 * What the deployment, scope and resource functions need from the template being expanded. The template
 * engine (src/arm/template/) implements it once per template (top level and each nested deployment);
 * the functions reach it through the EvalContext they are called with.
 */
import type { EvalContext, ObjectValue, Value } from '../types.js';
import type { DeploymentScope } from '../template/ids.js';

/** One active copy loop: `copyIndex(name)` reads it; loops nest (a property loop inside a resource loop). */
export interface CopyFrame {
  readonly name: string;
  readonly index: number;
  readonly kind: 'resource' | 'property' | 'variable' | 'output';
  readonly parent: CopyFrame | undefined;
}

export interface TemplateHost {
  /** Where resourceId(), resourceGroup(), subscription()… point for this template. */
  readonly scope: DeploymentScope;
  deployment(): ObjectValue;
  environment(): ObjectValue;
  resourceGroup(): ObjectValue;
  subscription(): ObjectValue;
  tenant(): ObjectValue;
  managementGroup(): ObjectValue;
  /** `lower`: `name` in lower case, when the caller has it already. */
  parameter(name: string, ctx: TemplateEvalContext, lower?: string): Value;
  variable(name: string, ctx: TemplateEvalContext, lower?: string): Value;
  /** reference(): the declared state of a resource of this expansion, or Unknown saying why not. */
  reference(target: string, apiVersion: string | undefined, full: boolean): Value;
  /**
   * references(): what reference() returns for each deployed resource of a copy loop declared under a
   * symbolic name, in copy index order, or Unknown saying why the collection is not known.
   */
  references(symbolicName: string, full: boolean): Value;
  /** languageVersion 2.0 resourceInfo('symbolicName'): the declaration's id, name, type and apiVersion. */
  resourceInfo(symbolicName: string): Value;
  /**
   * Throws where ARM refuses `fn` (reference() or a list*() function, which read a resource's runtime state):
   * in a parameter's defaultValue and in a variable.
   */
  refuseRuntimeRead(fn: string, ctx: TemplateEvalContext): void;
}

export interface TemplateEvalContext extends EvalContext {
  readonly host: TemplateHost;
  readonly copy?: CopyFrame | undefined;
  /** Inside a user-defined function: its parameters, which replace the template's for parameters(). */
  readonly functionParameters?: ReadonlyMap<string, Value> | undefined;
}

export function isTemplateContext(ctx: EvalContext): ctx is TemplateEvalContext {
  return (ctx as Partial<TemplateEvalContext>).host !== undefined;
}

