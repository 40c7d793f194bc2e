import { expandTemplate } from '../../../src/arm/template/index.js';
import type { ExpandInput, ExpansionResult } from '../../../src/arm/template/types.js';

export const RG_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const SUB_SCHEMA = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
export const MG_SCHEMA = 'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#';
export const TENANT_SCHEMA = 'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#';

/** A nested deployment declaration (`extra` first: condition, copy…) of an inline template evaluated in its own (inner) scope. */
export function innerDeployment(name: string, template: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name,
    properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template: { $schema: RG_SCHEMA, ...template } },
  };
}

/** Expands a template given as an object (pretty-printed, so positions are lines). */
export function expand(template: Record<string, unknown>, opts: Partial<ExpandInput> & { params?: Record<string, unknown> } = {}): ExpansionResult {
  const { params, ...rest } = opts;
  const input: ExpandInput = {
    text: JSON.stringify({ $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...template }, null, 2),
    file: 'main.json',
    ...rest,
  };
  if (params) {
    input.parametersText = JSON.stringify({ parameters: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { value: v }])) }, null, 2);
    input.parametersFile = 'main.parameters.json';
  }
  return expandTemplate(input);
}

/** The value of one output expression, as JSON (Unknown -> {"$unknown": why}). */
export function evalOutput(value: unknown, template: Record<string, unknown> = {}, opts: Partial<ExpandInput> = {}): unknown {
  const r = expand({ ...template, outputs: { o: { type: 'object', value } } }, opts);
  // The probe output is declared "object" whatever the expression returns: its type check is not the subject.
  const errors = r.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'IL5-ARM-OUTPUT');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  return JSON.parse(JSON.stringify(r.outputs.o?.value ?? null)) as unknown;
}
