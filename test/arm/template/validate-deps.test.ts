/**
 * Templates ARM refuses as a whole (issue 13 §4): a dependsOn cycle, a dependsOn naming nothing declared,
 * a resource declared twice, an output whose value is not of its type; and the templates it accepts that
 * look alike (conditions false, copy loops, existing resources, both spellings of a resource group ID).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDependencies, outputTypeProblem, providerPart, type DepNode, type DepScope } from '../../../src/arm/template/validate-deps.js';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import { Unknown } from '../../../src/core/unknown.js';
import type { Value } from '../../../src/arm/types.js';
import { expand, RG_SCHEMA, SUB_SCHEMA } from './helpers.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const RGID = `/subscriptions/${SUB}/resourceGroups/il5ml-rg`;
const nsg = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersion: '2023-04-01',
  name,
  location: 'usgovvirginia',
  properties: { securityRules: [] },
  ...extra,
});
const errs = (r: ReturnType<typeof expand>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.line}:${d.location?.column} ${d.message}`);

/** 1-based line of the nth (0-based) occurrence of a needle in the helper's pretty-printed template. */
function lineOf(template: Record<string, unknown>, needle: string, nth = 0, schema = RG_SCHEMA): number {
  const lines = JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', ...template }, null, 2).split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if ((lines[i] ?? '').includes(needle) && seen++ === nth) return i + 1;
  throw new Error(`no ${needle}`);
}

describe('dependsOn cycles', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['two resources by name', { resources: [nsg('a', { dependsOn: ['b'] }), nsg('b', { dependsOn: ['a'] })] }, /Circular dependency detected on resource: '.*networkSecurityGroups\/a'\.' \(resources that depend on each other: .*\/a, .*\/b\)/],
    ['by resourceId', { resources: [nsg('a', { dependsOn: ["[resourceId('Microsoft.Network/networkSecurityGroups', 'b')]"] }), nsg('b', { dependsOn: ["[resourceId('Microsoft.Network/networkSecurityGroups', 'a')]"] })] }, /Circular dependency detected/],
    ['itself', { resources: [nsg('a', { dependsOn: ['a'] })] }, /Circular dependency detected on resource: '.*\/a'\.' \(it depends on itself\)/],
    ['through a copy loop name', { resources: [nsg("[format('w{0}', copyIndex())]", { copy: { name: 'workers', count: 2 }, dependsOn: ['c'] }), nsg('c', { dependsOn: ['workers'] })] }, /Circular dependency detected on resource: '.*\/w0'/],
    ['three resources', { resources: [nsg('a', { dependsOn: ['b'] }), nsg('b', { dependsOn: ['c'] }), nsg('c', { dependsOn: ['a'] })] }, /resources that depend on each other: .*\/a, .*\/b, .*\/c\)/],
  ])('refuses a cycle %s, at the first member\'s dependsOn', (_, t, re) => {
    const r = expand(t);
    const e = errs(r);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(re);
    expect(e[0]?.startsWith(`${lineOf(t, '"dependsOn"')}:`)).toBe(true);
  });

  it('accepts a chain, and a cycle broken by a false condition or a condition unknown before deployment', () => {
    expect(errs(expand({ resources: [nsg('a', { dependsOn: ['b'] }), nsg('b', { dependsOn: ['c'] }), nsg('c')] }))).toEqual([]);
    expect(errs(expand({ resources: [nsg('a', { dependsOn: ['b'] }), nsg('b', { condition: false, dependsOn: ['a'] })] }))).toEqual([]);
    expect(errs(expand({ resources: [nsg('a', { dependsOn: ['b'] }), nsg('b', { condition: "[equals(reference(resourceId('Microsoft.Network/networkSecurityGroups', 'zz'), '2023-04-01').p, 'q')]", dependsOn: ['a'] })] }))).toEqual([]);
  });
});

describe('dependsOn that names nothing declared', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a name', { resources: [nsg('a', { dependsOn: ['nope'] })] }, "The resource 'nope' is not defined in the template."],
    ['a resource ID', { resources: [nsg('a', { dependsOn: ["[resourceId('Microsoft.Network/networkSecurityGroups', 'nope')]"] })] }, "The resource 'Microsoft.Network/networkSecurityGroups/nope' is not defined in the template."],
  ])('refuses %s, at the dependsOn', (_, t, msg) => {
    const e = errs(expand(t));
    expect(e).toEqual([`${lineOf(t, '"dependsOn"')}:20 Deployment template validation failed: '${msg}' (dependsOn of Microsoft.Network/networkSecurityGroups/a)`]);
  });

  it.each<[string, Record<string, unknown>, string?]>([
    ['a resource whose condition is false (ARM drops the dependency)', { resources: [nsg('a', { dependsOn: ['b', "[resourceId('Microsoft.Network/networkSecurityGroups', 'b')]"] }), nsg('b', { condition: false })] }],
    ['a copy loop, by loop name and by an instance name', { resources: [nsg('a', { dependsOn: ['workers', 'w1'] }), nsg("[format('w{0}', copyIndex())]", { copy: { name: 'workers', count: 2 } })] }],
    ['a copy loop of 0 copies', { resources: [nsg('a', { dependsOn: ['workers'] }), nsg("[format('w{0}', copyIndex())]", { copy: { name: 'workers', count: 0 } })] }],
    ['type/name', { resources: [nsg('a', { dependsOn: ['Microsoft.Network/networkSecurityGroups/b'] }), nsg('b')] }],
    ['a child resource by its full name', { resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: 'v', location: 'usgovvirginia', properties: {}, resources: [{ type: 'subnets', apiVersion: '2023-04-01', name: 's', properties: {}, dependsOn: ['v'] }] }, nsg('a', { dependsOn: ["[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]"] })] }],
    ['an existing resource, by symbolic name (languageVersion 2.0)', { languageVersion: '2.0', resources: { old: { existing: true, type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: 'old' }, a: nsg('a', { dependsOn: ['old'] }) } }],
    ['a resource group, by subscriptionResourceId (the other spelling of its ID)', { resources: [{ type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg1', location: 'usgovvirginia' }, { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'd', resourceGroup: 'rg1', dependsOn: ["[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg1')]"], properties: { mode: 'Incremental', template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [] } } }] }, SUB_SCHEMA],
  ])('accepts %s', (_, t, schema) => {
    expect(errs(expand(t, schema ? { text: JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', ...t }, null, 2) } : {}))).toEqual([]);
  });

  it('resolves a nested template\'s dependsOn within that template', () => {
    const inner = { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [nsg('i1', { dependsOn: ['i2'] }), nsg('i2', { dependsOn: ['outer'] })] };
    const r = expand({ resources: [nsg('outer'), { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'd', dependsOn: ['outer'], properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template: inner } }] });
    expect(errs(r).map((e) => e.replace(/^\d+:\d+ /, ''))).toEqual(["Deployment template validation failed: 'The resource 'outer' is not defined in the template.' (dependsOn of Microsoft.Network/networkSecurityGroups/i2)"]);
  });
});

describe('a resource declared twice', () => {
  it('refuses the second declaration, with the first one\'s position', () => {
    const t = { resources: [nsg('a'), nsg('b'), nsg('A')] };
    const first = lineOf(t, '"type": "Microsoft.Network/networkSecurityGroups"', 0) - 1;
    const second = lineOf(t, '"type": "Microsoft.Network/networkSecurityGroups"', 2) - 1;
    expect(errs(expand(t))).toEqual([
      `${second}:5 Deployment template validation failed: 'The resource 'Microsoft.Network/networkSecurityGroups/A' at line '${second}' and column '5' is defined multiple times in a template.' (first at line ${first}, column 5)`,
    ]);
  });

  it('refuses a copy loop whose copies share one name', () => {
    expect(errs(expand({ resources: [nsg('same', { copy: { name: 'l', count: 5 } })] }))).toEqual([expect.stringContaining("The resource 'Microsoft.Network/networkSecurityGroups/same' at line '5' and column '5' is defined multiple times in a template.")]);
  });

  it('accepts the same name in two resource groups, alternatives whose conditions are unknown, and an existing resource beside its deployment', () => {
    const deployTo = (rg: string): Record<string, unknown> => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: `d-${rg}`, resourceGroup: rg, properties: { mode: 'Incremental', template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [nsg('same')] } } });
    expect(errs(expand({ resources: [deployTo('rg1'), deployTo('rg2')] }))).toEqual([]);
    const unknown = "[equals(reference(resourceId('Microsoft.Network/networkSecurityGroups', 'zz'), '2023-04-01').p, 'q')]";
    expect(errs(expand({ resources: [nsg('x', { condition: unknown }), nsg('x', { condition: `[not(${unknown.slice(1, -1)})]` })] }))).toEqual([]);
    expect(errs(expand({ languageVersion: '2.0', resources: { old: { existing: true, type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: 'x' }, x: nsg('x') } }))).toEqual([]);
  });
});

describe('outputs of the wrong type', () => {
  it.each<[string, Value, string | undefined]>([
    ['int', 'seven', "the value of output 'o' is the string \"seven\", but the output is declared \"type\": \"int\"; Azure refuses an output whose value is not of its type"],
    ['int', 1.5, "the value of output 'o' is the number 1.5, but the output is declared \"type\": \"int\"; Azure refuses an output whose value is not of its type"],
    ['Int', 7, undefined],
    ['string', 7, "the value of output 'o' is the integer 7, but the output is declared \"type\": \"string\"; Azure refuses an output whose value is not of its type"],
    ['securestring', 's', undefined],
    ['bool', 'true', "the value of output 'o' is the string \"true\", but the output is declared \"type\": \"bool\"; Azure refuses an output whose value is not of its type"],
    ['bool', false, undefined],
    ['object', [1], "the value of output 'o' is an array, but the output is declared \"type\": \"object\"; Azure refuses an output whose value is not of its type"],
    ['secureObject', { a: 1 }, undefined],
    ['array', { a: 1 }, "the value of output 'o' is an object, but the output is declared \"type\": \"array\"; Azure refuses an output whose value is not of its type"],
    ['array', [], undefined],
    ['string', null, undefined],
    ['string', new Unknown('reference() of a resource not yet deployed'), undefined],
    ['madeUp', 7, undefined],
  ])('type %s, value %j', (type, value, problem) => {
    expect(outputTypeProblem('o', type, value)).toBe(problem);
  });

  it('refuses at the output\'s value, evaluated (parameters, copy), and lets an unknown value pass', () => {
    const t = {
      parameters: { n: { type: 'int', defaultValue: 3 } },
      resources: [],
      outputs: {
        ok: { type: 'int', value: "[parameters('n')]" },
        bad: { type: 'string', value: "[parameters('n')]" },
        loop: { type: 'object', copy: { count: 2, input: "[copyIndex()]" } },
        later: { type: 'int', value: "[reference(resourceId('Microsoft.Network/networkSecurityGroups', 'zz'), '2023-04-01').p]" },
      },
    };
    expect(errs(expand(t))).toEqual([
      `${lineOf(t, '"value": "[parameters(\'n\')]"', 1)}:16 the value of output 'bad' is the integer 3, but the output is declared "type": "string"; Azure refuses an output whose value is not of its type`,
      `${lineOf(t, '"copy"', 0)}:15 the value of output 'loop' is an array, but the output is declared "type": "object"; Azure refuses an output whose value is not of its type`,
    ]);
  });
});

describe('all at once', () => {
  it('reports a cycle, a missing dependency, a duplicate and a bad output together', () => {
    const r = expand({ resources: [nsg('a', { dependsOn: ['b'] }), nsg('b', { dependsOn: ['a', 'ghost'] }), nsg('b')], outputs: { o: { type: 'int', value: 'x' } } });
    const e = errs(r).map((x) => x.replace(/^\d+:\d+ /, ''));
    expect(e).toHaveLength(4);
    expect(e.filter((x) => x.includes('Circular dependency'))).toHaveLength(1);
    expect(e.filter((x) => x.includes("'ghost' is not defined"))).toHaveLength(1);
    expect(e.filter((x) => x.includes('defined multiple times'))).toHaveLength(1);
    expect(e.filter((x) => x.includes("output 'o'"))).toHaveLength(1);
  });
});

describe('checkDependencies on its own', () => {
  const node = (name: string, dependsOn: string[], extra: Partial<DepNode> = {}): DepNode => ({
    id: `${RGID}/providers/Microsoft.Network/networkSecurityGroups/${name}`,
    type: 'Microsoft.Network/networkSecurityGroups',
    name,
    symbolic: undefined,
    loop: undefined,
    existing: false,
    maybeAbsent: false,
    dependsOn,
    location: { file: 'm.json', line: 1, column: 1 },
    dependsOnLocation: { file: 'm.json', line: 2, column: 3 },
    ...extra,
  });
  const scope = (nodes: DepNode[], incomplete = false) => ({ nodes, notDeployed: () => false, incomplete, declaredElsewhere: () => false });

  it('says nothing about a missing name when the template could not be enumerated in full', () => {
    expect(checkDependencies(scope([node('a', ['ghost'])], true))).toEqual([]);
    expect(checkDependencies(scope([node('a', ['ghost'])])).map((d) => d.message)).toEqual(["Deployment template validation failed: 'The resource 'ghost' is not defined in the template.' (dependsOn of Microsoft.Network/networkSecurityGroups/a)"]);
  });

  it('reports one error per declaration however many entries name nothing, counting the rest', () => {
    const d = checkDependencies(scope([node('a', ['b', ...Array.from({ length: 5000 }, (_, i) => `ghost${i}`), `${RGID}/providers/Microsoft.Web/sites/nope`]), node('b', [])]));
    expect(d.map((x) => x.message)).toEqual(["Deployment template validation failed: 'The resource 'ghost0' is not defined in the template.' (dependsOn of Microsoft.Network/networkSecurityGroups/a; and 5000 more entries that name nothing declared)"]);
  });

  it('finds each cycle once in a long chain closed at its end, in linear passes', () => {
    const n = 2000;
    const nodes = Array.from({ length: n }, (_, i) => node(`r${i}`, [`r${(i + 1) % n}`]));
    const d = checkDependencies(scope(nodes));
    expect(d).toHaveLength(1);
    expect(d[0]?.message).toContain("Circular dependency detected on resource: '" + `${RGID}/providers/Microsoft.Network/networkSecurityGroups/r0'`);
    expect(d[0]?.message).toMatch(/r9 and 1990 more\)$/);
  });

  it.each([
    [`${RGID}/providers/Microsoft.Network/networkSecurityGroups/a`, 'Microsoft.Network/networkSecurityGroups/a'],
    [`/subscriptions/${SUB}/resourceGroups/rg1`, 'Microsoft.Resources/resourceGroups/rg1'],
    [`/subscriptions/${SUB}/providers/Microsoft.Resources/resourceGroups/rg1`, 'Microsoft.Resources/resourceGroups/rg1'],
    [`/subscriptions/${SUB}`, `Microsoft.Resources/subscriptions/${SUB}`],
    ['/providers/Microsoft.Management/managementGroups/mg', 'Microsoft.Management/managementGroups/mg'],
  ])('providerPart(%s) = %s', (id, tail) => {
    expect(providerPart(id)).toBe(tail);
  });
});

/**
 * The check as it was written before its indexes held single positions as numbers and duplicates were found
 * through the ID index (session 10): straightforward maps of arrays, a set of reported IDs, Tarjan over
 * arrays. The engine's check must say exactly what this says, in the same order.
 */
function reference(scope: DepScope): string[] {
  const out: string[] = [];
  const nodes = scope.nodes;
  const keys = (n: DepNode): string[] => [...new Set([n.symbolic, n.loop, n.name, `${n.type}/${n.name}`].filter((x): x is string => x !== undefined).map((x) => x.toLowerCase()))];
  const find = (target: string): number[] => {
    const lower = target.toLowerCase();
    if (target.startsWith('/')) {
      const byId = nodes.flatMap((n, i) => (n.id.toLowerCase() === lower ? [i] : []));
      return byId.length > 0 ? byId : nodes.flatMap((n, i) => (providerPart(n.id).toLowerCase() === providerPart(target).toLowerCase() ? [i] : []));
    }
    return nodes.flatMap((n, i) => (keys(n).includes(lower) ? [i] : []));
  };
  const edges: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    const missing: string[] = [];
    for (const target of n.dependsOn) {
      const isId = target.startsWith('/');
      const targets = find(target);
      if (targets.length === 0 && !scope.incomplete && !scope.notDeployed(target) && !(isId && scope.declaredElsewhere(target))) missing.push(isId ? providerPart(target) : target);
      for (const j of targets) if (!nodes[j]?.maybeAbsent && !n.maybeAbsent) edges[i]?.push(j);
    }
    if (missing.length > 0) out.push(`missing ${missing[0]} +${missing.length - 1} at ${n.name}`);
  });
  // Tarjan, recursive (the graphs here are small).
  const index: number[] = [];
  const low: number[] = [];
  const stack: number[] = [];
  let next = 0;
  const visit = (v: number): void => {
    index[v] = low[v] = next++;
    stack.push(v);
    for (const w of edges[v] ?? []) {
      if (index[w] === undefined) {
        visit(w);
        low[v] = Math.min(low[v] ?? 0, low[w] ?? 0);
      } else if (stack.includes(w)) low[v] = Math.min(low[v] ?? 0, index[w] ?? 0);
    }
    if (low[v] !== index[v]) return;
    const comp: number[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) comp.push(w);
    if (comp.length > 1 || edges[v]?.includes(v)) out.push(`cycle ${comp.sort((a, b) => a - b).map((j) => nodes[j]?.name).join(',')}`);
  };
  nodes.forEach((_, i) => index[i] === undefined && visit(i));
  const first = new Map<string, DepNode>();
  const reported = new Set<string>();
  for (const n of nodes) {
    if (n.existing || n.maybeAbsent) continue;
    const lower = n.id.toLowerCase();
    const f = first.get(lower);
    if (!f) first.set(lower, n);
    else if (!reported.has(lower)) {
      reported.add(lower);
      out.push(`twice ${n.name} first ${f.name}`);
    }
  }
  return out;
}

/** checkDependencies' diagnostics in reference()'s words. */
function summary(nodes: readonly DepNode[], ds: Diagnostic[]): string[] {
  return ds.map((d) => {
    const at = (loc: unknown): string => nodes.find((n) => n.dependsOnLocation === loc || n.location === loc)?.name ?? '?';
    const missing = /The resource '([^']*)' is not defined.*?(?:; and (\d+) more|\))/.exec(d.message);
    if (missing) return `missing ${missing[1]} +${missing[2] ?? 0} at ${at(d.location)}`;
    if (d.message.includes('Circular')) {
      const names = /depend on each other: (.*)\)$/.exec(d.message)?.[1]?.split(', ').map((x) => x.split('/').pop()) ?? [at(d.location)];
      return `cycle ${names.join(',')}`;
    }
    const first = /first at line (\d+)/.exec(d.message)?.[1];
    return `twice ${at(d.location)} first ${nodes.find((n) => String(n.location.line) === first)?.name}`;
  });
}

describe('checkDependencies against the straightforward check', () => {
  it('says the same, in the same order, for random templates (names and IDs in any casing, duplicates, existing and maybe-absent resources)', () => {
    const NAMES = ['a', 'b', 'c', 'd'];
    const TYPES = ['Microsoft.Network/networkSecurityGroups', 'Microsoft.Web/sites'];
    const arbNode = fc.record({
      name: fc.constantFrom(...NAMES, 'A', 'B'),
      type: fc.constantFrom(...TYPES),
      loop: fc.option(fc.constantFrom('loop', 'LOOP', 'a'), { nil: undefined }),
      symbolic: fc.option(fc.constantFrom('s1', 'S1', 'b'), { nil: undefined }),
      existing: fc.boolean(),
      maybeAbsent: fc.boolean(),
      deps: fc.array(
        fc.oneof(
          fc.constantFrom(...NAMES, 'C', 'ghost', 'loop', 's1', 'Microsoft.Web/sites/a'),
          fc.tuple(fc.constantFrom(...TYPES), fc.constantFrom(...NAMES, 'ghost'), fc.boolean()).map(([t, n, upper]) => {
            const id = `${RGID}/providers/${t}/${n}`;
            return upper ? id.toUpperCase() : id;
          }),
        ),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.array(arbNode, { maxLength: 8 }), fc.boolean(), (raw, incomplete) => {
        const nodes: DepNode[] = raw.map((r, i) => ({
          id: `${RGID}/providers/${r.type}/${r.name}`,
          type: r.type,
          name: r.name,
          symbolic: r.symbolic,
          loop: r.loop,
          existing: r.existing,
          maybeAbsent: r.maybeAbsent,
          dependsOn: r.deps,
          location: { file: 'm.json', line: 2 * i + 1, column: 1 },
          dependsOnLocation: { file: 'm.json', line: 2 * i + 2, column: 1 },
        }));
        const scope: DepScope = { nodes, incomplete, notDeployed: (t) => t === 'd', declaredElsewhere: (id) => id.endsWith('/c') };
        const got = checkDependencies(scope);
        expect(summary(nodes, got)).toEqual(reference(scope));
      }),
      { numRuns: 500 },
    );
  });
});
