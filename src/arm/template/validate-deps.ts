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
  /** `id` in lower case, when the engine has it already (else lowered here). */
  lowerId?: string;
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
  /** `id.toLowerCase()` when the engine has made it already (an ID of a resource it enumerated, as written). */
  knownLowerId?(id: string): string | undefined;
  /** nameIndex(nodes), when the engine has built it already. */
  nameIndex?(): NodeIndex;
}

type Named = {
  symbolic: string | undefined;
  loop: string | undefined;
  name: string;
  type: string;
  /** The copy of a resource loop (languageVersion 2.0): named `<symbolic>[<index>]` too. */
  readonly copy?: { readonly name: string; readonly index: number } | undefined;
};

/**
 * Positions of nodes by a key: one position as a number, several as an array in node order (most keys name
 * one node, which then costs no array).
 */
export type NodeIndex = Map<string, number | number[]>;

function addToIndex(m: NodeIndex, k: string, i: number): void {
  const at = m.get(k);
  if (at === undefined) m.set(k, i);
  else if (typeof at === 'number') m.set(k, [at, i]);
  else at.push(i);
}

/**
 * The nodes by every dependsOn entry that is not a resource ID and names them, lower case: the symbolic
 * name, the copy loop's name, the name, or type/name (each distinct key once per node); a copy of a
 * languageVersion 2.0 resource loop also by `<symbolic>[<copy index>]`, as Bicep writes a dependency on one
 * element of a loop (`"[format('firstSet[{0}]', …)]"`, Azure/bicep
 * src/Bicep.Core.Samples/Files/baselines/Loops_LF/main.symbolicnames.json, read 2026-12-07).
 */
export function nameIndex(nodes: readonly Named[]): NodeIndex {
  const m: NodeIndex = new Map();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as Named;
    const symbolic = n.symbolic?.toLowerCase();
    const loop = n.loop?.toLowerCase();
    const name = n.name.toLowerCase();
    const typeName = `${n.type}/${n.name}`.toLowerCase();
    if (symbolic !== undefined) {
      addToIndex(m, symbolic, i);
      if (loop !== undefined && n.copy !== undefined && n.copy.name.toLowerCase() === loop) addToIndex(m, `${symbolic}[${n.copy.index}]`, i);
    }
    if (loop !== undefined && loop !== symbolic) addToIndex(m, loop, i);
    if (name !== symbolic && name !== loop) addToIndex(m, name, i);
    if (typeName !== symbolic && typeName !== loop && typeName !== name) addToIndex(m, typeName, i);
  }
  return m;
}

const PROVIDERS = '/providers/';

/**
 * `/subscriptions/s/resourceGroups/g/providers/Ns/t/n` -> `Ns/t/n`: the part of a resource ID that names the
 * resource whatever the scope. A resource group's ID has two spellings (`/subscriptions/s/resourceGroups/g`,
 * and `/subscriptions/s/providers/Microsoft.Resources/resourceGroups/g`, which a template may write): both
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

/**
 * providerPart(id).toLowerCase(), given `lower` = id.toLowerCase(): a slice of `lower` when the two have the
 * same length (lowering kept every position; the slice starts after a '/', so no letter's lower case
 * depends on what was cut off), lowered again otherwise.
 */
export function lowerProviderPart(id: string, lower: string): string {
  if (lower.length === id.length) {
    const i = lower.lastIndexOf(PROVIDERS);
    if (i >= 0) return lower.slice(i + PROVIDERS.length);
  }
  return providerPart(id, lower).toLowerCase();
}

function lowerIdOf(n: DepNode): string {
  return n.lowerId ?? n.id.toLowerCase();
}

export function checkDependencies(scope: DepScope): Diagnostic[] {
  return new DependencyCheck(scope).run();
}

/**
 * One template's check. The indexes are built when a first entry needs one (a template without dependsOn,
 * most nested ones, needs none): by ID and by the ID's provider part for entries that are IDs, and for the
 * others what a dependsOn entry that is not an ID may say (nameIndex). Linear in the entries. A class rather
 * than closures: one object per template.
 */
class DependencyCheck {
  private readonly out: Diagnostic[] = [];
  private readonly nodes: readonly DepNode[];
  private byId: NodeIndex | undefined;
  private byProviderPart: NodeIndex | undefined;
  private byName: NodeIndex | undefined;
  /** Edges between this template's resources, by node (an array only for a node that has one). */
  private edges: (number[] | undefined)[] | undefined;
  /**
   * Some edge goes to the node itself or to one declared after it. Without such an edge every path goes to
   * ever earlier nodes and there is no cycle to look for (most templates depend only on what they declared before).
   */
  private forward = false;

  constructor(private readonly scope: DepScope) {
    this.nodes = scope.nodes;
  }

  run(): Diagnostic[] {
    this.missing();
    if (this.forward) this.circular();
    if (this.nodes.length > 1) this.duplicates();
    return this.out;
  }

  private err(message: string, location: SourceLocation, fix: string): void {
    this.out.push({ severity: 'error', code: 'IL5-ARM-TEMPLATE', message, location, fix });
  }

  private ids(): NodeIndex {
    if (this.byId === undefined) {
      this.byId = new Map();
      for (let i = 0; i < this.nodes.length; i++) addToIndex(this.byId, lowerIdOf(this.nodes[i] as DepNode), i);
    }
    return this.byId;
  }

  private idTargets(target: string): number | number[] | undefined {
    const lower = this.scope.knownLowerId?.(target) ?? target.toLowerCase();
    const found = this.ids().get(lower);
    if (found !== undefined) return found;
    if (this.byProviderPart === undefined) {
      this.byProviderPart = new Map();
      for (let i = 0; i < this.nodes.length; i++) {
        const n = this.nodes[i] as DepNode;
        addToIndex(this.byProviderPart, lowerProviderPart(n.id, lowerIdOf(n)), i);
      }
    }
    return this.byProviderPart.get(lowerProviderPart(target, lower));
  }

  private nameTargets(target: string): number | number[] | undefined {
    this.byName ??= this.scope.nameIndex?.() ?? nameIndex(this.nodes);
    return this.byName.get(target.toLowerCase());
  }

  /** Entries that name nothing declared, one error per declaration (its first missing entry, and how many more); the edges. */
  private missing(): void {
    const scope = this.scope;
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as DepNode;
      const deps = n.dependsOn;
      let missing = 0;
      let first = '';
      // Indexed loops: most of this runs before V8 optimizes it, where for-of makes an iterator result per step.
      for (let d = 0; d < deps.length; d++) {
        const target = deps[d] as string;
        const isId = target.startsWith('/');
        const targets = isId ? this.idTargets(target) : this.nameTargets(target);
        if (targets === undefined) {
          if (!scope.incomplete && !scope.notDeployed(target) && !(isId && scope.declaredElsewhere(target)) && missing++ === 0) first = isId ? providerPart(target) : target;
          continue;
        }
        if (n.maybeAbsent) continue;
        if (typeof targets === 'number') this.edge(i, targets);
        else for (let t = 0; t < targets.length; t++) this.edge(i, targets[t] as number);
      }
      if (missing > 0) {
        this.err(
          `Deployment template validation failed: 'The resource '${first}' is not defined in the template.' (dependsOn of ${n.type}/${n.name}${missing > 1 ? `; and ${missing - 1} more entries that name nothing declared` : ''})`,
          n.dependsOnLocation,
          'dependsOn may name only resources declared in the same template (by name, resource ID, copy loop name or symbolic name): correct the entry, or remove it',
        );
      }
    }
  }

  private edge(from: number, to: number): void {
    if (this.nodes[to]?.maybeAbsent) return;
    if (to >= from) this.forward = true;
    this.edges ??= new Array<number[] | undefined>(this.nodes.length);
    const out = this.edges[from];
    if (out === undefined) this.edges[from] = [to];
    else out.push(to);
  }

  private circular(): void {
    const SHOWN = 10;
    const nodes = this.nodes;
    for (const cycle of cycles(this.edges ?? [], nodes.length)) {
      cycle.sort((a, b) => a - b);
      const first = nodes[cycle[0] ?? 0];
      if (!first) continue;
      const members = cycle.slice(0, SHOWN).map((j) => {
        const m = nodes[j];
        return m ? `${m.type}/${m.name}` : '';
      });
      const more = cycle.length > SHOWN ? ` and ${cycle.length - SHOWN} more` : '';
      this.err(
        `Deployment template validation failed: 'Circular dependency detected on resource: '${first.id}'.' (${cycle.length === 1 ? 'it depends on itself' : `resources that depend on each other: ${members.join(', ')}${more}`})`,
        first.dependsOnLocation,
        'remove the dependsOn entry that closes the cycle (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-invalid-template)',
      );
    }
  }

  /**
   * The same resource declared twice, reported once per resource (a copy loop of 800 copies of one name is
   * one error), at the second declaration. Declarations whose condition is unknown may be alternatives (one
   * deployed when the other is not), and `existing` ones are read, not deployed.
   */
  private duplicates(): void {
    const nodes = this.nodes;
    const byId = this.ids();
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as DepNode;
      if (n.existing || n.maybeAbsent) continue;
      const same = byId.get(lowerIdOf(n));
      if (same === undefined || typeof same === 'number') continue;
      // Reported by the second deployed node of its ID: exactly one deployed node of it comes before.
      let first: DepNode | undefined;
      let before = 0;
      // Stopped at a second one: the nodes of an ID repeated in a copy loop would otherwise each scan all
      // those before them (quadratic in the copies).
      for (let k = 0; k < same.length && (same[k] as number) < i && before < 2; k++) {
        const m = nodes[same[k] as number] as DepNode;
        if (m.existing || m.maybeAbsent) continue;
        before++;
        first ??= m;
      }
      if (before !== 1 || first === undefined) continue;
      this.err(
        `Deployment template validation failed: 'The resource '${n.type}/${n.name}' at line '${n.location.line}' and column '${n.location.column}' is defined multiple times in a template.' (first at line ${first.location.line}, column ${first.location.column})`,
        n.location,
        'declare each resource once: merge the declarations, give them different names, or make their conditions exclusive',
      );
    }
  }
}

/**
 * Strongly connected components with a cycle (two or more members, or one that depends on itself) of the
 * graph of `n` nodes; iterative Tarjan. A node that is a component of its own makes no array unless it
 * depends on itself.
 */
function cycles(edges: readonly (number[] | undefined)[], n: number): number[][] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const found: number[][] = [];
  // The depth-first walk's stack: a node and how many of its edges have been followed, in two arrays.
  const workNode: number[] = [];
  const workEdge: number[] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    workNode.push(root);
    workEdge.push(0);
    while (workNode.length > 0) {
      const top = workNode.length - 1;
      const v = workNode[top] as number;
      const out = edges[v];
      const e = workEdge[top] as number;
      if (out !== undefined && e < out.length) {
        workEdge[top] = e + 1;
        const w = out[e] as number;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          workNode.push(w);
          workEdge.push(0);
        } else if (onStack[w]) low[v] = Math.min(low[v] ?? 0, index[w] ?? 0);
        continue;
      }
      workNode.pop();
      workEdge.pop();
      if (workNode.length > 0) {
        const parent = workNode[workNode.length - 1] as number;
        low[parent] = Math.min(low[parent] ?? 0, low[v] ?? 0);
      }
      if (low[v] !== index[v]) continue;
      if (stack[stack.length - 1] === v) {
        // A component of one node: a cycle only if it depends on itself.
        stack.pop();
        onStack[v] = false;
        if (out !== undefined && out.includes(v)) found.push([v]);
        continue;
      }
      const comp: number[] = [];
      for (;;) {
        const w = stack.pop();
        if (w === undefined) break;
        onStack[w] = false;
        comp.push(w);
        if (w === v) break;
      }
      found.push(comp);
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
