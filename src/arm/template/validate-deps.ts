/**
 * What ARM refuses about a template's resources as a whole, once each has been enumerated: a `dependsOn`
 * that names nothing the template declares, a dependency cycle, one resource declared twice; and an output
 * whose value is not of its declared type. Pure: the engine hands over one template's declarations.
 *
 * Azure's wording, as `az deployment group validate|create` prints it (code InvalidTemplate):
 * - "Deployment template validation failed: 'Circular dependency detected on resource: '<id>'. Please see
 *   https://aka.ms/arm-syntax-resources for usage details.'" — quoted in
 *   https://github.com/akshata29/entaoai/issues/15 (read 2026-12-06); Microsoft Learn names the cause in
 *   https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-invalid-template
 *   ("circular dependency", read 2026-12-06).
 * - "Deployment template validation failed: 'The resource '<type>/<name>' is not defined in the template.
 *   Please see https://aka.ms/arm-template for usage details.'" — quoted in
 *   https://github.com/microsoft/vscode-azurearmtools/issues/493 (read 2026-12-06).
 * - "Deployment template validation failed: 'The resource '<type>/<name>' at line '1' and column '2306' is
 *   defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources for usage
 *   details.'" — quoted in https://github.com/Azure-Samples/azure-search-openai-demo/issues/1449 (read
 *   2026-12-06).
 * - A resource whose condition is false is not a missing dependency: "If a conditional resource isn't
 *   deployed, Azure Resource Manager automatically removes it from the required dependencies"
 *   (https://learn.microsoft.com/azure/azure-resource-manager/templates/conditional-resource-deployment).
 * The output type check has no Azure wording found here; its message is il5ml's own.
 */
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import { isUnknown } from '../../core/unknown.js';
import type { Value } from '../types.js';
import { isObj } from './values.js';

/** One deployed (or `existing`) resource of one template, as the engine enumerated it. */
export interface DepNode {
  id: string;
  type: string;
  name: string;
  symbolic: string | undefined;
  /** The resource copy loop's name when the declaration has one. */
  loop: string | undefined;
  existing: boolean;
  /** Its condition is unknown before deployment: it may not be deployed at all. */
  maybeAbsent: boolean;
  /** The evaluated dependsOn entries (names, symbolic names, loop names or resource IDs). */
  dependsOn: readonly string[];
  location: SourceLocation;
  dependsOnLocation: SourceLocation;
}

export interface DepScope {
  nodes: readonly DepNode[];
  /** A target that names a declaration of this template that is not deployed (condition false, count 0). */
  notDeployed(target: string): boolean;
  /** Some declaration of this template could not be enumerated (unknown count, name or condition): absence proves nothing. */
  incomplete: boolean;
  /** A resource ID another template of this deployment declares (an outer template, a nested deployment). */
  declaredElsewhere(id: string): boolean;
}

type Named = { symbolic: string | undefined; loop: string | undefined; name: string; type: string };

/**
 * Every dependsOn entry that is not a resource ID and names this resource, lower case: its symbolic name,
 * its copy loop's name, its name, or type/name.
 */
export function nameKeys(n: Named): string[] {
  const out: string[] = [];
  for (const x of [n.symbolic, n.loop, n.name, `${n.type}/${n.name}`]) {
    if (x === undefined) continue;
    const k = x.toLowerCase();
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

const PROVIDERS = '/providers/';

/**
 * `/subscriptions/s/resourceGroups/g/providers/Ns/t/n` -> `Ns/t/n`: the part of a resource ID that names the
 * resource whatever the scope. A resource group's ID has two spellings (`/subscriptions/s/resourceGroups/g`,
 * and `subscriptionResourceId()`'s `/subscriptions/s/providers/Microsoft.Resources/resourceGroups/g`): both
 * give `Microsoft.Resources/resourceGroups/g`.
 */
export function providerPart(id: string, lower: string = id.toLowerCase()): string {
  const i = lower.lastIndexOf(PROVIDERS);
  if (i >= 0) return id.slice(i + PROVIDERS.length);
  const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(id)?.[1];
  if (rg !== undefined) return `Microsoft.Resources/resourceGroups/${rg}`;
  const sub = /^\/subscriptions\/([^/]+)$/i.exec(id)?.[1];
  return sub !== undefined ? `Microsoft.Resources/subscriptions/${sub}` : id;
}

export function checkDependencies(scope: DepScope): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (message: string, location: SourceLocation, fix: string): void => {
    out.push({ severity: 'error', code: 'IL5-ARM-TEMPLATE', message, location, fix });
  };
  const nodes = scope.nodes;
  const add = (m: Map<string, number[]>, k: string, i: number): void => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  // The indexes are built when a first entry needs one (a template without dependsOn, most nested ones,
  // needs none): by ID and by the ID's provider part for entries that are IDs, and for the others what a
  // dependsOn entry that is not an ID may say (nameKeys). Linear in the entries.
  let byId: Map<string, number[]> | undefined;
  let byProviderPart: Map<string, number[]> | undefined;
  let byName: Map<string, number[]> | undefined;
  const idTargets = (target: string): number[] | undefined => {
    if (byId === undefined || byProviderPart === undefined) {
      byId = new Map();
      byProviderPart = new Map();
      for (let i = 0; i < nodes.length; i++) {
        const id = (nodes[i] as DepNode).id;
        // One lower-case copy of each ID serves both indexes.
        const lower = id.toLowerCase();
        add(byId, lower, i);
        add(byProviderPart, providerPart(id, lower).toLowerCase(), i);
      }
    }
    const lower = target.toLowerCase();
    return byId.get(lower) ?? byProviderPart.get(providerPart(target, lower).toLowerCase());
  };
  const nameTargets = (target: string): number[] | undefined => {
    if (byName === undefined) {
      byName = new Map();
      for (let i = 0; i < nodes.length; i++) for (const k of nameKeys(nodes[i] as DepNode)) add(byName, k, i);
    }
    return byName.get(target.toLowerCase());
  };

  // Edges between this template's resources (made for a node when it has one); entries that name nothing
  // declared are reported, one error per declaration (its first missing entry, and how many more).
  let edges: number[][] | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as DepNode;
    if (n.dependsOn.length === 0) continue;
    const missing: string[] = [];
    for (const target of n.dependsOn) {
      const isId = target.startsWith('/');
      const targets = (isId ? idTargets(target) : nameTargets(target)) ?? [];
      if (targets.length === 0 && !scope.incomplete && !scope.notDeployed(target) && !(isId && scope.declaredElsewhere(target))) missing.push(isId ? providerPart(target) : target);
      for (const j of targets) {
        if (nodes[j]?.maybeAbsent || n.maybeAbsent) continue;
        edges ??= nodes.map(() => []);
        edges[i]?.push(j);
      }
    }
    if (missing.length > 0) {
      err(
        `Deployment template validation failed: 'The resource '${missing[0] ?? ''}' is not defined in the template.' (dependsOn of ${n.type}/${n.name}${missing.length > 1 ? `; and ${missing.length - 1} more entries that name nothing declared` : ''})`,
        n.dependsOnLocation,
        'dependsOn may name only resources declared in the same template (by name, resource ID, copy loop name or symbolic name): correct the entry, or remove it',
      );
    }
  }

  const SHOWN = 10;
  // Without an edge there is no cycle.
  for (const cycle of edges !== undefined ? cycles(edges) : []) {
    cycle.sort((a, b) => a - b);
    const first = scope.nodes[cycle[0] ?? 0];
    if (!first) continue;
    const members = cycle.slice(0, SHOWN).map((j) => {
      const m = scope.nodes[j];
      return m ? `${m.type}/${m.name}` : '';
    });
    const more = cycle.length > SHOWN ? ` and ${cycle.length - SHOWN} more` : '';
    err(
      `Deployment template validation failed: 'Circular dependency detected on resource: '${first.id}'.' (${cycle.length === 1 ? 'it depends on itself' : `resources that depend on each other: ${members.join(', ')}${more}`})`,
      first.dependsOnLocation,
      'remove the dependsOn entry that closes the cycle (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-invalid-template)',
    );
  }

  // The same resource declared twice. Declarations whose condition is unknown may be alternatives (one
  // deployed when the other is not), and `existing` ones are read, not deployed.
  const first = new Map<string, DepNode>();
  const reported = new Set<string>();
  for (const n of nodes.length > 1 ? nodes : []) {
    if (n.existing || n.maybeAbsent) continue;
    const lower = n.id.toLowerCase();
    const f = first.get(lower);
    if (!f) {
      first.set(lower, n);
      continue;
    }
    // Once per resource: a copy loop of 800 copies of one name is one error.
    if (reported.has(lower)) continue;
    reported.add(lower);
    err(
      `Deployment template validation failed: 'The resource '${n.type}/${n.name}' at line '${n.location.line}' and column '${n.location.column}' is defined multiple times in a template.' (first at line ${f.location.line}, column ${f.location.column})`,
      n.location,
      'declare each resource once: merge the declarations, give them different names, or make their conditions exclusive',
    );
  }
  return out;
}

/** Strongly connected components with a cycle (two or more members, or one that depends on itself); iterative Tarjan. */
function cycles(edges: number[][]): number[][] {
  const n = edges.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const found: number[][] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; e: number }[] = [{ v: root, e: 0 }];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (!top) break;
      const out = edges[top.v] ?? [];
      if (top.e < out.length) {
        const w = out[top.e++] ?? 0;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push({ v: w, e: 0 });
        } else if (onStack[w]) low[top.v] = Math.min(low[top.v] ?? 0, index[w] ?? 0);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v] ?? 0, low[top.v] ?? 0);
      if (low[top.v] === index[top.v]) {
        const comp: number[] = [];
        for (;;) {
          const w = stack.pop();
          if (w === undefined) break;
          onStack[w] = false;
          comp.push(w);
          if (w === top.v) break;
        }
        if (comp.length > 1 || out.includes(top.v)) found.push(comp);
      }
    }
  }
  return found;
}

const FITS: Record<string, (v: Value) => boolean> = {
  string: (v) => typeof v === 'string',
  securestring: (v) => typeof v === 'string',
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  bool: (v) => typeof v === 'boolean',
  object: (v) => isObj(v),
  secureobject: (v) => isObj(v),
  array: (v) => Array.isArray(v),
};

/** What an output of a declared type may hold (ARM's types, case-insensitive); undefined when it fits or cannot be known. */
export function outputTypeProblem(name: string, type: string, value: Value): string | undefined {
  if (value === null || isUnknown(value)) return undefined;
  const t = type.toLowerCase();
  const fit = Object.prototype.hasOwnProperty.call(FITS, t) ? FITS[t] : undefined;
  if (!fit || fit(value)) return undefined;
  return `the value of output '${name}' is ${kind(value)}, but the output is declared "type": "${type}"; Azure refuses an output whose value is not of its type`;
}

function kind(v: Value): string {
  if (Array.isArray(v)) return 'an array';
  if (isObj(v)) return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  return 'a function';
}
