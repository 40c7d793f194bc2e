import type { TypeIndex } from './loader.js';
import type { TypeFinding } from './types.js';
import { isExpression, isPlainObject, validateResource } from './validate.js';
import type { DeploymentScope } from './validate.js';
import { pushAll } from '../core/array.js';

const DEPLOYMENTS = 'microsoft.resources/deployments';

/**
 * The deployment scope a template declares through its `$schema`
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax#template-format, read 2026-11-25).
 */
export function templateScope(template: Record<string, unknown>): DeploymentScope {
  const schema = typeof template.$schema === 'string' ? template.$schema.toLowerCase() : '';
  if (schema.includes('subscriptiondeploymenttemplate')) return 'subscription';
  if (schema.includes('managementgroupdeploymenttemplate')) return 'managementGroup';
  if (schema.includes('tenantdeploymenttemplate')) return 'tenant';
  return 'resourceGroup';
}

/**
 * Validates every resource of a template: the top-level `resources` (array, or the symbolic-name object
 * of languageVersion 2.0) and children nested in a resource's own `resources`, each with its full type
 * and name. A `Microsoft.Resources/deployments` resource with an inline template is entered (its
 * resources are validated at the nested template's scope); the deployment resource itself is validated
 * only when its type is among the loaded definitions.
 */
export function validateTemplate(index: TypeIndex, template: unknown): TypeFinding[] {
  const findings: TypeFinding[] = [];
  if (!isPlainObject(template)) return findings;
  walkTemplate(index, template, '', findings);
  return findings;
}

function walkTemplate(index: TypeIndex, template: Record<string, unknown>, prefix: string, out: TypeFinding[]): void {
  const scope = templateScope(template);
  const resources = template.resources;
  const at = (k: string | number): string =>
    typeof k === 'number' ? `${prefix}resources[${k}]` : `${prefix}resources.${k}`;
  if (Array.isArray(resources)) {
    resources.forEach((r, i) => visit(index, r, at(i), scope, undefined, out));
  } else if (isPlainObject(resources)) {
    for (const k of Object.keys(resources).sort()) visit(index, resources[k], at(k), scope, undefined, out);
  }
}

function visit(
  index: TypeIndex,
  r: unknown,
  path: string,
  scope: DeploymentScope,
  parent: { type: string; name: string } | undefined,
  out: TypeFinding[],
): void {
  if (!isPlainObject(r)) return;
  // `existing: true` (languageVersion 2.0) only references a resource; nothing of it is deployed.
  if (r.existing === true) return;
  let decl: Record<string, unknown> = r;
  if (parent) {
    // A nested child names its type and name relative to the parent unless it spells the full type
    // (https://learn.microsoft.com/azure/azure-resource-manager/templates/child-resource-name-type, read 2026-11-25).
    const t = typeof r.type === 'string' ? r.type : '';
    const n = typeof r.name === 'string' ? r.name : '';
    const full = t.includes('/');
    decl = {
      ...r,
      type: full ? t : `${parent.type}/${t}`,
      name: full || isExpression(parent.name) || isExpression(n) ? n : `${parent.name}/${n}`,
    };
  }
  const type = typeof decl.type === 'string' ? decl.type : '';
  const apiVersion = typeof decl.apiVersion === 'string' ? decl.apiVersion : '';
  const isDeployment = type.toLowerCase() === DEPLOYMENTS;
  if (!isDeployment || index.lookup(type, apiVersion)) {
    pushAll(out, validateResource(index, decl, { templatePath: path, deploymentScope: scope }));
  }
  if (isDeployment) {
    const props = isPlainObject(decl.properties) ? decl.properties : undefined;
    if (props && isPlainObject(props.template)) walkTemplate(index, props.template, `${path}.properties.template.`, out);
  }
  if (Array.isArray(r.resources)) {
    const me = { type, name: typeof decl.name === 'string' ? decl.name : '' };
    r.resources.forEach((c, i) => visit(index, c, `${path}.resources[${i}]`, scope, me, out));
  }
}
