import type { AzureResource } from '../core/resource.js';

/**
 * A built-in IL5 rule: typed metadata (../shared/STYLE.md, points 1 and 2) and one pure evaluate().
 * One rule a file: src/baseline/rules/<id>.ts exports `rule` (test/baseline/rules.test.ts checks the match).
 */
export interface BaselineRule {
  /** Stable opaque id, e.g. 'IL5-KV-001'; never reused, never renamed. */
  id: string;
  /** Dotted readable name, e.g. 'IL5.KeyVault.PurgeProtection'. */
  name: string;
  /** One sentence: what a compliant resource looks like. */
  synopsis: string;
  /** Why it matters at IL5, in a few sentences. */
  rationale: string;
  severity: 'high' | 'medium' | 'low';
  /** The runbook step (../shared/seeds runbook A–G) or DNS that creates what the rule checks. */
  runbookStep: 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'DNS';
  /** NIST SP 800-53 control ids, e.g. ['SC-7', 'SC-12']. */
  controls: string[];
  /** Resource types the rule applies to, compared case-insensitively; '*' for every type. */
  resourceTypes: string[];
  /**
   * Every resource type `evaluate` may look up through the ResourceIndex (byId results it uses, ofType,
   * childrenOf, extensionsOf, also inside memo builders and the helpers it calls), as Azure spells them,
   * compared case-insensitively; [] when it looks nothing up. The two-pass check keeps only resources of
   * these types between its passes (BaselinePass); test/baseline/pass.test.ts fails a rule that looks up
   * a type it does not declare.
   */
  reads: readonly string[];
  /**
   * The rule follows `dependsOn` through resources of any type (ResourceIndex.dependsOnOf): the pass keeps
   * every resource's dependsOn list, not the resource.
   */
  readsDependsOn?: true;
  /** The Microsoft definition it mirrors: '/providers/Microsoft.Authorization/policyDefinitions/<guid>'. */
  policyDefinitionId?: string;
  /**
   * The effect the result reports: for a mirror, the effect the DoD IL5 initiative assigns the definition
   * (its parameter's value in the set); 'audit' for the project's own rules.
   */
  effect: string;
  /** specKey: the spec key to change when the input came from `il5ml plan`; property: the resource property. */
  remediation: { specKey?: string; property: string; text: string };
  links: string[];
  /**
   * A compliant example for the rule's doc: the resource judged first, then any resource it needs (a private
   * endpoint, a diagnostic setting…). A test checks that the rule finds it Compliant.
   */
  example: AzureResource[];
  /** Pure: Compliant | NonCompliant | NotApplicable | Unknown, always with a reason. */
  evaluate(resource: AzureResource, all: ResourceIndex): RuleOutcome;
}

export interface RuleOutcome {
  compliance: 'Compliant' | 'NonCompliant' | 'NotApplicable' | 'Unknown';
  /** Which condition decided, with the property and the value found; for Unknown, why. */
  reason: string;
}

/** Every resource of the input, looked up the ways rules need (all comparisons case-insensitive, as ARM's). */
export interface ResourceIndex {
  byId(id: string): AzureResource | undefined;
  ofType(type: string): AzureResource[];
  /** Extension resources attached to `id` (by `scope`, or an id `<id>/providers/<type>/<name>`), optionally of one type. */
  extensionsOf(id: string, type?: string): AzureResource[];
  /** Child resources of `id` of the given full type, e.g. Microsoft.Network/privateEndpoints/privateDnsZoneGroups. */
  childrenOf(id: string, type: string): AzureResource[];
  /** The `dependsOn` of the resource with this id, whatever its type (undefined: no such resource, or none). */
  dependsOnOf(id: string): AzureResource['dependsOn'];
  /** A value a rule builds once per input and that does not grow with it (a yes or no…), cached under `key`. */
  memo<T>(key: string, build: () => T): T;
  /**
   * A lookup a rule builds once per input, keyed by ids (case-insensitively), cached under `name`: `build`
   * puts (key, value) pairs, any number per key; `get(key)` gives the values put under it in the order put.
   * Values are JSON data (strings, numbers, booleans, null, arrays, plain objects): the check keeps them
   * in its store, on disk past a budget (issue 10), and reads them back.
   */
  table<T>(name: string, build: (put: (key: string, value: T) => void) => void): KeyedTable<T>;
}

export interface KeyedTable<T> {
  /** The values put under `key` (compared case-insensitively), in the order put; [] for none. */
  get(key: string): T[];
}
