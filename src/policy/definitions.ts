/**
 * Policy definitions and policy sets (initiatives) as Azure stores them: `{"id", "name", "properties":
 * {displayName, mode, parameters, policyRule}}` and `{"properties": {parameters, policyDefinitions,
 * policyDefinitionGroups}}`. Loading is pure: the CLI reads the files and hands their text here.
 *
 * Structure: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics and
 * https://learn.microsoft.com/azure/governance/policy/concepts/initiative-definition-structure
 */
import { getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { depthMessage, lineColumn, tooDeepAt } from '../core/json-depth.js';
import { elementOffsets, skipTrivia } from '../core/json-items.js';
import { bomAsSpace, notStrictError, parseErrorWords, tolerable } from '../core/json-tolerant.js';
import { lineIndex, type LineIndex } from '../core/line-index.js';
import { LocatedReader, member } from './json-located.js';
import { nextPageError, nextPageKey } from './next-page.js';

export interface ParameterDef {
  type?: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  displayName?: string;
}

export interface PolicyDefinition {
  /** `/providers/Microsoft.Authorization/policyDefinitions/<guid>` */
  id: string;
  /** The GUID (last segment of the id). */
  name: string;
  displayName: string;
  /** properties.description, for reports. */
  description?: string;
  mode: string;
  parameters: Record<string, ParameterDef>;
  policyRule: { if: unknown; then: Record<string, unknown> };
  version?: string;
  deprecated: boolean;
  file: string;
  location?: SourceLocation;
  /**
   * Where `policyRule` is in its file, as a JSON path with the keys as written (`[3, "properties",
   * "policyRule"]` in an array of definitions): a problem of the rule is reported at its own line and
   * column (validate.ts), the file read again only then.
   */
  rulePath?: (string | number)[];
}

export interface PolicyReference {
  policyDefinitionId: string;
  policyDefinitionReferenceId?: string;
  parameters: Record<string, unknown>;
  groupNames: string[];
}

export interface PolicySet {
  id: string;
  name: string;
  displayName: string;
  /** properties.version (or metadata.version), e.g. 19.15.0. */
  version?: string;
  parameters: Record<string, ParameterDef>;
  policyDefinitions: PolicyReference[];
  /** Group names declared by the set (`policyDefinitionGroups`). */
  groups: string[];
  file: string;
}

export interface LoadedPolicies {
  definitions: PolicyDefinition[];
  sets: PolicySet[];
}

/** The GUID of a definition id (`…/policyDefinitions/<guid>`), lower-cased for lookups. */
export function definitionKey(id: string): string {
  const parts = id.split('/');
  return (parts[parts.length - 1] ?? id).toLowerCase();
}

function prop(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function parameterDefs(v: unknown): Record<string, ParameterDef> {
  const out: Record<string, ParameterDef> = {};
  for (const [k, raw] of Object.entries(asRecord(v) ?? {})) {
    const p = asRecord(raw) ?? {};
    const def: ParameterDef = {};
    const type = prop(p, 'type');
    if (typeof type === 'string') def.type = type;
    if ('defaultValue' in p) def.defaultValue = p.defaultValue;
    const allowed = prop(p, 'allowedValues');
    if (Array.isArray(allowed)) def.allowedValues = allowed;
    const dn = asRecord(prop(p, 'metadata'))?.displayName;
    if (typeof dn === 'string') def.displayName = dn;
    out[k] = def;
  }
  return out;
}

/**
 * Parses one file: a definition, a set, or a list of either (an array, as `az policy definition list` prints,
 * or the REST API's `{"value": [...]}`).
 * Anything else is an error naming the file and how to fix it.
 */
export function parsePolicyFile(file: string, input: string): LoadedPolicies & { diagnostics: Diagnostic[] } {
  // A definition saved by Windows PowerShell (az ... > file.json) starts with a byte-order mark (core/json-tolerant.ts).
  const text = bomAsSpace(input);
  const diagnostics: Diagnostic[] = [];
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    diagnostics.push({ severity: 'error', code: 'IL5-POLICY-JSON', message: depthMessage(file), fix: 'give a policy definition or set as Azure returns it', location: { file, ...lineColumn(text, deep) } });
    return { definitions: [], sets: [], diagnostics };
  }
  const lines = lineIndex(text);
  const read = readDocuments(file, text, lines, diagnostics);
  if (read === undefined) return { definitions: [], sets: [], diagnostics };
  // One page of several (next-page.ts): the definitions and sets of the other pages would be missing.
  const next = read.listed ? nextPageKey(read.listed) : undefined;
  if (read.listed && next !== undefined) {
    diagnostics.push(nextPageError(file, next, String(read.listed[next]), new LocatedReader(file, 'IL5-POLICY-JSON', text).find([next]), 'policy definitions', 'IL5-POLICY-JSON'));
    return { definitions: [], sets: [], diagnostics };
  }
  const out: LoadedPolicies = { definitions: [], sets: [] };
  const items = Array.isArray(read.doc) ? read.doc : [read.doc];
  // Each item's JSON path in the file: [i] in an array, ["value", i] in a REST list, [] alone.
  const itemPath = (i: number): (string | number)[] => (!Array.isArray(read.doc) ? [] : read.listed ? ['value', i] : [i]);
  items.forEach((item, i) => readDocument(item, file, { file, ...lines.at(read.starts[i] ?? 0) }, out, diagnostics, itemPath(i)));
  return { ...out, diagnostics };
}

/**
 * The file's document (one definition or set, or a list of them as `az policy definition list` gives)
 * and where each starts. Strict JSON, what Azure returns, is read by JSON.parse and the list's items are
 * found by a scan (src/core/json-items.ts): no syntax tree, which for a list of thousands of definitions
 * costs several times the text. JSON with comments is read by jsonc-parser's tree (up to TOLERANT_LIMIT);
 * invalid JSON is at most five errors at their positions, and no document.
 */
function readDocuments(file: string, text: string, lines: LineIndex, diagnostics: Diagnostic[]): { doc: unknown; starts: readonly number[]; listed?: Record<string, unknown> } | undefined {
  try {
    const doc = JSON.parse(text) as unknown;
    if (Array.isArray(doc)) return { doc, starts: elementOffsets(text, undefined, []) };
    const list = restList(doc);
    return list ? { doc: list, starts: elementOffsets(text, 'value', []), listed: doc as Record<string, unknown> } : { doc, starts: [skipTrivia(text, 0)] };
  } catch {
    // Not strict JSON: comments are allowed, syntax errors are reported where they are.
  }
  if (!tolerable(text)) {
    diagnostics.push(notStrictError(file, text, 'IL5-POLICY-JSON', 'give the file as Azure returns it (az policy definition show / list)'));
    return undefined;
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length || !tree) {
    for (const e of errors.slice(0, 5)) {
      diagnostics.push({
        severity: 'error',
        code: 'IL5-POLICY-JSON',
        message: `${file} is not valid JSON: ${parseErrorWords(e, text)}`,
        fix: 'fix the JSON syntax at this position',
        location: { file, ...lines.at(e.offset) },
      });
    }
    if (!errors.length) diagnostics.push({ severity: 'error', code: 'IL5-POLICY-JSON', message: `${file} is empty`, fix: 'give a policy definition or policy set file' });
    return undefined;
  }
  const doc = getNodeValue(tree) as unknown;
  const list = restList(doc);
  if (list) {
    const value = tree.children?.find((p) => p.children?.[0]?.value === 'value')?.children?.[1];
    return { doc: list, starts: (value?.children ?? []).map((c) => c.offset), listed: doc as Record<string, unknown> };
  }
  return { doc, starts: tree.type === 'array' ? (tree.children ?? []).map((c) => c.offset) : [tree.offset] };
}

/**
 * The definitions of a REST API list response, `{"value": [definitions], "nextLink"}` (what `az rest --url
 * …/subscriptions/<id>/providers/Microsoft.Authorization/policyDefinitions?api-version=2023-04-01` prints:
 * "Policy Definitions - List", https://learn.microsoft.com/rest/api/policy/policy-definitions/list; its
 * PolicyDefinitionListResult, "value: An array of policy definitions",
 * https://learn.microsoft.com/javascript/api/@azure/arm-policy/policydefinitionlistresult, and
 * PolicySetDefinitionListResult likewise; read 2026-12-08); undefined for any other document.
 */
function restList(doc: unknown): unknown[] | undefined {
  const o = asRecord(doc);
  if (!o || !Array.isArray(o.value) || prop(o, 'properties') !== undefined || prop(o, 'policyRule') !== undefined) return undefined;
  return o.value;
}

function readDocument(item: unknown, file: string, location: SourceLocation, out: LoadedPolicies, diagnostics: Diagnostic[], itemPath: (string | number)[]): void {
  const top = asRecord(item);
  const props = asRecord(top ? prop(top, 'properties') : undefined) ?? top;
  if (!top || !props) {
    diagnostics.push({ severity: 'error', code: 'IL5-POLICY-SHAPE', message: `${file}: expected a policy definition or policy set object`, location, fix: 'give the JSON Azure returns for a definition (`az policy definition show`) or a set' });
    return;
  }
  const rawId = prop(top, 'id');
  const rawName = prop(top, 'name');
  const policyRule = asRecord(prop(props, 'policyRule'));
  const refs = prop(props, 'policyDefinitions');
  const displayName = String(prop(props, 'displayName') ?? rawName ?? file);
  if (policyRule) {
    const name = typeof rawName === 'string' ? rawName : typeof rawId === 'string' ? definitionKey(rawId) : '';
    if (!name) {
      diagnostics.push({ severity: 'error', code: 'IL5-POLICY-SHAPE', message: `${file}: the definition has neither id nor name`, location, fix: 'add "name": "<guid>" (Azure names a definition by its GUID)' });
      return;
    }
    const then = asRecord(prop(policyRule, 'then'));
    const ifCond = prop(policyRule, 'if');
    if (!then || ifCond === undefined) {
      diagnostics.push({ severity: 'error', code: 'IL5-POLICY-SHAPE', message: `${file}: policyRule needs "if" and "then"`, location, fix: 'see https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule' });
      return;
    }
    const meta = asRecord(prop(props, 'metadata')) ?? {};
    const version = prop(props, 'version') ?? meta.version;
    out.definitions.push({
      id: typeof rawId === 'string' ? rawId : `/providers/Microsoft.Authorization/policyDefinitions/${name}`,
      name,
      displayName,
      ...(typeof prop(props, 'description') === 'string' ? { description: String(prop(props, 'description')) } : {}),
      mode: String(prop(props, 'mode') ?? 'Indexed'),
      parameters: parameterDefs(prop(props, 'parameters')),
      policyRule: { if: ifCond, then },
      ...(typeof version === 'string' ? { version } : {}),
      deprecated: meta.deprecated === true,
      file,
      location,
      rulePath: [...itemPath, ...(props === top ? [] : [member(top, 'properties')?.[0] ?? 'properties']), member(props, 'policyRule')?.[0] ?? 'policyRule'],
    });
    return;
  }
  if (Array.isArray(refs)) {
    const name = typeof rawName === 'string' ? rawName : typeof rawId === 'string' ? definitionKey(rawId) : file;
    const groups = (Array.isArray(prop(props, 'policyDefinitionGroups')) ? (prop(props, 'policyDefinitionGroups') as unknown[]) : [])
      .map((g) => asRecord(g)?.name)
      .filter((g): g is string => typeof g === 'string');
    const policyDefinitions: PolicyReference[] = [];
    refs.forEach((r, i) => {
      const ref = asRecord(r);
      const defId = ref ? prop(ref, 'policyDefinitionId') : undefined;
      if (!ref || typeof defId !== 'string') {
        diagnostics.push({ severity: 'error', code: 'IL5-POLICY-SHAPE', message: `${file}: policyDefinitions[${i}] has no policyDefinitionId`, location, fix: 'each reference needs "policyDefinitionId"' });
        return;
      }
      const refId = prop(ref, 'policyDefinitionReferenceId');
      const groupNames = prop(ref, 'groupNames');
      policyDefinitions.push({
        policyDefinitionId: defId,
        ...(typeof refId === 'string' ? { policyDefinitionReferenceId: refId } : {}),
        parameters: asRecord(prop(ref, 'parameters')) ?? {},
        groupNames: Array.isArray(groupNames) ? groupNames.filter((g): g is string => typeof g === 'string') : [],
      });
    });
    const setVersion = prop(props, 'version') ?? asRecord(prop(props, 'metadata'))?.version;
    out.sets.push({
      id: typeof rawId === 'string' ? rawId : `/providers/Microsoft.Authorization/policySetDefinitions/${name}`,
      name,
      displayName,
      ...(typeof setVersion === 'string' ? { version: setVersion } : {}),
      parameters: parameterDefs(prop(props, 'parameters')),
      policyDefinitions,
      groups,
      file,
    });
    return;
  }
  diagnostics.push({
    severity: 'error',
    code: 'IL5-POLICY-SHAPE',
    message: `${file}: neither a policy definition (properties.policyRule) nor a policy set (properties.policyDefinitions)`,
    location,
    fix: 'give --policy a definition file, a policy set file, or a folder of them',
  });
}

/** Merges several files' contents; a definition given twice (same GUID) is kept once. */
export function mergeLoaded(parts: readonly LoadedPolicies[]): LoadedPolicies {
  const defs = new Map<string, PolicyDefinition>();
  const sets = new Map<string, PolicySet>();
  const put = <T extends { name: string; file: string }>(into: Map<string, T>, x: T): void => {
    const key = x.name.toLowerCase();
    const had = into.get(key);
    if (had === undefined || (forGovernment(x.file) && !forGovernment(had.file))) into.set(key, x);
  };
  for (const p of parts) {
    for (const d of p.definitions) put(defs, d);
    for (const s of p.sets) put(sets, s);
  }
  return { definitions: [...defs.values()], sets: [...sets.values()] };
}

/**
 * Azure/azure-policy keeps a definition's or set's Azure Government variant, under the same name, in a
 * folder `Azure Government/` (`built-in-policies/policyDefinitions/Azure Government/<category>/…`); the
 * public cloud's stays beside it. il5ml judges for Azure Government, so of two with one name the variant
 * under such a folder is kept, wherever the folders sort (docs/policy-inputs.md).
 */
function forGovernment(file: string): boolean {
  return /(^|[\\/])azure government[\\/]/i.test(file);
}

