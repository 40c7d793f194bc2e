/**
 * deployment() in a languageVersion 2.0 template: "When deploying a languageVersion 2.0 template, the
 * deployment function returns a limited subset of properties": name, location, properties.template with
 * contentVersion only, and properties.templateLink
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment#deployment,
 * read 2026-12-08). A template without languageVersion 2.0 keeps the whole template, its parameters and the mode.
 */
import { describe, expect, it } from 'vitest';
import { evalOutput } from './helpers.js';

const V2 = { languageVersion: '2.0', contentVersion: '1.2.3.4', parameters: { p: { type: 'string', defaultValue: 'x' } }, resources: {} };
const V1 = { contentVersion: '1.2.3.4', parameters: { p: { type: 'string', defaultValue: 'x' } }, resources: [] };

describe('deployment() in a languageVersion 2.0 template', () => {
  it('shows the template by its contentVersion alone', () => {
    expect(evalOutput('[deployment().properties.template]', V2)).toEqual({ contentVersion: '1.2.3.4' });
    expect(evalOutput('[deployment().properties.template.contentVersion]', V2)).toBe('1.2.3.4');
  });

  it('has no parameters, mode or template sections: reading them is Unknown, not the template text', () => {
    for (const path of ['properties.parameters', 'properties.mode', 'properties.template.resources', 'properties.template.parameters']) {
      expect(evalOutput(`[deployment().${path}]`, V2)).toEqual({
        $unknown: `deployment().${path} is known only once the deployment runs, if Azure returns it at all: in a languageVersion 2.0 template deployment() returns only name, location, properties.template.contentVersion and properties.templateLink`,
      });
    }
  });

  it('keeps the name', () => {
    expect(evalOutput('[deployment().name]', V2)).toBe('main');
  });

  it('leaves a template without languageVersion 2.0 as it was: the whole template and its parameters', () => {
    expect(evalOutput('[deployment().properties.template.parameters]', V1)).toEqual(V1.parameters);
    expect(evalOutput('[deployment().properties.mode]', V1)).toBe('Incremental');
  });
});
