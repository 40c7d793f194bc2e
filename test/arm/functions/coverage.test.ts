import { describe, expect, it } from 'vitest';
import { functionCoverage, standardFunctionList, standardFunctions, withFunctions } from '../../../src/arm/expr/index.js';
import { DOCUMENTED_FUNCTIONS } from '../../../src/arm/functions/coverage.js';

describe('functionCoverage', () => {
  it('reports every documented group with its source page', () => {
    const groups = functionCoverage().map((g) => g.group);
    expect(groups).toEqual(['array', 'object', 'comparison', 'logical', 'numeric', 'string', 'date', 'cidr', 'lambda']);
    for (const g of functionCoverage()) {
      expect(g.source.url).toBe(`https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-${g.group}`);
      expect(g.implemented + g.missing.length).toBe(g.documented);
    }
  });

  it('the standard library lacks only copyIndex, which the template engine provides', () => {
    const missing = functionCoverage().flatMap((g) => g.missing);
    expect(missing).toEqual(['copyIndex']);
    const withCopy = withFunctions(standardFunctions, [{ name: 'copyIndex', minArgs: 0, maxArgs: 2, call: () => 0 }]);
    expect(functionCoverage(withCopy).flatMap((g) => g.missing)).toEqual([]);
  });

  it('every function declares the reference pages that document it, and they agree with the lists', () => {
    for (const f of standardFunctionList) {
      for (const g of f.groups) {
        if (f.name === 'lambda' || f.name === 'lambdaVariables') continue;
        expect(DOCUMENTED_FUNCTIONS[g].map((n) => n.toLowerCase())).toContain(f.name.toLowerCase());
      }
    }
  });

  it('registers names in lower case and finds them case-insensitively', () => {
    for (const key of standardFunctions.keys()) expect(key).toBe(key.toLowerCase());
    expect(standardFunctions.get('uniquestring')?.name).toBe('uniqueString');
  });
});
