import { apiVersionFact, apiVersionOf } from '../catalog/api-versions.js';
import type { Spec } from '../spec/schema.js';
import { sortedRecord } from './json.js';
import type { ArmResourceDecl } from './types.js';

/**
 * Small builders for ARM template JSON (resource-group scope, languageVersion 1). A "fragment" below is
 * the text of an ARM expression without its brackets, e.g. `variables('keyVaultName')`; it can be
 * nested in other expressions. `expr()` wraps one into a template string value, `[...]`.
 */

/** An ARM string literal inside an expression: single quotes, a quote doubled. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A resource name as an expression fragment: names that are already expressions are unwrapped. */
export function nameFragment(name: string): string {
  return isExpression(name) ? name.slice(1, -1) : lit(name);
}

export function isExpression(s: string): boolean {
  return s.startsWith('[') && s.endsWith(']') && !s.startsWith('[[');
}

export function expr(fragment: string): string {
  return `[${fragment}]`;
}

/** `resourceId('Type', name…)` as a fragment; names may be literals or expressions. */
export function resourceIdFragment(type: string, ...names: string[]): string {
  return `resourceId(${[lit(type), ...names.map(nameFragment)].join(', ')})`;
}

export function resourceIdExpr(type: string, ...names: string[]): string {
  return expr(resourceIdFragment(type, ...names));
}

/** `reference(resourceId(...), 'apiVersion')` as a fragment, the runtime properties of a resource here. */
export function referenceFragment(type: string, names: string[], full = false): string {
  const id = resourceIdFragment(type, ...names);
  return full ? `reference(${id}, ${lit(apiVersionOf(type))}, 'full')` : `reference(${id}, ${lit(apiVersionOf(type))})`;
}

/** The name ARM wants for a child resource declared at top level: `parent/child`. */
export function childName(...names: string[]): string {
  if (names.every((n) => !isExpression(n))) return names.join('/');
  return expr(`format(${lit(names.map((_, i) => `{${i}}`).join('/'))}, ${names.map(nameFragment).join(', ')})`);
}

/** Top-level arguments of a function call's argument text: commas inside quotes or parentheses do not split. */
export function splitArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "'" && text[i + 1] === "'") i++;
      else if (c === "'") quoted = false;
    } else if (c === "'") quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** A fragment back to the name form the builders take: a literal's text, or the expression in brackets. */
export function fragmentAsName(fragment: string): string {
  return /^'(?:[^']|'')*'$/.test(fragment) ? fragment.slice(1, -1).replace(/''/g, "'") : expr(fragment);
}

/** The segments of a declared name: `a/b`, or `[format('{0}/{1}', A, B)]` as childName writes it. */
export function nameSegments(name: string): string[] {
  if (!isExpression(name)) return name.split('/');
  const m = /^\[format\('(\{\d\}(?:\/\{\d\})+)', (.*)\)\]$/.exec(name);
  return m ? splitArguments(m[2] ?? '').map(fragmentAsName) : [name];
}

/**
 * How a name reads in plan.md and notes: a globally unique name built by src/spec/names.ts
 * (`[format('{0}kv{1}', 'il5ml', uniqueString(resourceGroup().id))]`) shows as `il5mlkv<uniqueString>`
 * (the hash exists only at deployment; the default compute instance `il5ml-ci<uniqueString>`), and a
 * child name as its segments joined by '/'.
 */
export function displayName(name: string): string {
  const segments = nameSegments(name);
  if (segments.length > 1) return segments.map(displayName).join('/');
  const m = /^\[format\('\{0\}([a-z0-9-]*)\{1\}', '((?:[^']|'')*)', uniqueString\(resourceGroup\(\)\.id\)\)\]$/.exec(name);
  return m ? `${(m[2] ?? '').replace(/''/g, "'")}${m[1] ?? ''}<uniqueString>` : name;
}

/** The deployment's location parameter: every regional resource takes it. */
export const LOCATION = "[parameters('location')]";

export interface ResourceInput {
  type: string;
  name: string;
  /** Regional resources get the location parameter; 'global' for private DNS; none for extension/child-only ones. */
  location?: 'regional' | 'global' | 'none';
  properties?: Record<string, unknown>;
  dependsOn?: string[];
  [key: string]: unknown;
}

/**
 * A resource declaration with its catalog apiVersion, the location, and spec.tags where the type takes
 * tags (issue 2: tag every resource). dependsOn is sorted and deduplicated so output is stable.
 */
export function resource(spec: Spec, input: ResourceInput): ArmResourceDecl {
  const { type, name, location = 'regional', properties, dependsOn, ...rest } = input;
  const fact = apiVersionFact(type);
  const decl: ArmResourceDecl = { type, apiVersion: fact.apiVersion, name };
  if (location === 'regional') decl.location = LOCATION;
  else if (location === 'global') decl.location = 'global';
  if (fact.taggable && Object.keys(spec.tags).length > 0) decl.tags = sortedRecord(spec.tags);
  Object.assign(decl, rest);
  if (properties) decl.properties = properties;
  if (dependsOn && dependsOn.length > 0) decl.dependsOn = [...new Set(dependsOn)].sort();
  return decl;
}

/** Built-in role definition ID at subscription scope, as roleAssignments take it. */
export function roleDefinitionIdExpr(roleGuid: string): string {
  return expr(`subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ${lit(roleGuid)})`);
}
