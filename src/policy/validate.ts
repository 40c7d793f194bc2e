/**
 * What Azure refuses to store or assign, refused here too (issue 13): a definition whose `if` is not a
 * condition object, a condition with an unknown operator or two operators, an effect that is no effect,
 * a parameter used but not declared; an assignment (here `--policy-params`) naming a parameter no
 * definition or set declares, or giving a value of the wrong type. Before, such definitions became
 * Unknown verdicts or, for a misspelt effect, vanished from the verdicts. Structure:
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule and
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-parameters (read 2026-12-06).
 */
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import type { LoadedPolicies, ParameterDef, PolicyDefinition } from './definitions.js';
import { isRecord, LocatedReader, member, pathText, type Path } from './json-located.js';
import { OPERATORS } from './operators.js';
import { isExpressionText } from './expr.js';
import { parseExpression } from '../arm/expr/index.js';
import type { Expr } from '../arm/expr/ast.js';

const OPERATOR_SET = new Set(OPERATORS.map((o) => o.toLowerCase()));
const LOGICAL = new Set(['allof', 'anyof', 'not']);
/** What a leaf condition names besides its operator. */
const SUBJECTS = new Set(['field', 'value', 'count']);

/** A problem of a definition, at its JSON path from the definition's properties (`policyRule.if…`, keys as written). */
export interface DefinitionProblem {
  message: string;
  path: Path;
}

/** Problems of one definition's rule, each with its JSON path. */
export function definitionProblems(def: PolicyDefinition, effects: readonly string[]): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const ruleKey = def.rulePath?.[def.rulePath.length - 1];
  const rulePath: Path = [typeof ruleKey === 'string' ? ruleKey : 'policyRule'];
  const rule = def.policyRule as unknown;
  if (!isRecord(rule)) return [{ message: 'policyRule must be an object with "if" and "then"', path: rulePath }];
  const [ifKey, cond] = member(rule, 'if') ?? ['if', undefined];
  if (!isRecord(cond)) out.push({ message: `${pathText([...rulePath, ifKey])} must be a condition object, but it is ${cond === null ? 'null' : Array.isArray(cond) ? 'an array' : typeof cond}`, path: [...rulePath, ifKey] });
  else conditionProblems(cond, [...rulePath, ifKey], out, (name) => def.parameters[paramKey(def.parameters, name) ?? '']);
  const [thenKey, then] = member(rule, 'then') ?? ['then', undefined];
  const [effectKey, effect] = (isRecord(then) ? member(then, 'effect') : undefined) ?? ['effect', undefined];
  const effectPath = [...rulePath, thenKey, effectKey];
  const known = new Set(effects.map((e) => e.toLowerCase()));
  if (typeof effect !== 'string') out.push({ message: `${pathText(effectPath)} must be a string (an effect or a parameter expression)`, path: effectPath });
  else if (!effect.startsWith('[')) {
    if (!known.has(effect.toLowerCase())) out.push({ message: `${pathText(effectPath)} '${effect}' is not an effect; Azure accepts ${effects.join(', ')}`, path: effectPath });
  } else {
    const m = PARAMETER_ONLY.exec(effect);
    const name = m?.[1] !== undefined ? paramKey(def.parameters, m[1]) : undefined;
    const p = name !== undefined ? def.parameters[name] : undefined;
    const at = (field: string, i?: number): Path => ['parameters', name ?? '', field, ...(i === undefined ? [] : [i])];
    const given: [unknown, Path][] = [...(p?.allowedValues ?? []).map((v, i): [unknown, Path] => [v, at('allowedValues', i)]), ...(p?.defaultValue !== undefined ? [[p.defaultValue, at('defaultValue')] as [unknown, Path]] : [])];
    for (const [v, path] of given) {
      if (typeof v !== 'string' || !known.has(v.toLowerCase())) out.push({ message: `parameter '${m?.[1] ?? ''}' gives the effect ${JSON.stringify(v)}, which is not an effect; Azure accepts ${effects.join(', ')}`, path });
    }
  }
  // The rule but the ARM template a deployIfNotExists deploys (then.details.deployment), which reads its own
  // parameters and has every template function.
  const [detailsKey, details] = (isRecord(then) ? member(then, 'details') : undefined) ?? ['details', undefined];
  const thenScanned = isRecord(then) ? Object.fromEntries(Object.entries(then).map(([k, v]) => [k, k === detailsKey && isRecord(v) ? withoutDeployment(v) : v])) : then;
  // Template functions a policy rule does not have.
  for (const [root, rootPath] of [[cond, [...rulePath, ifKey]], [thenScanned, [...rulePath, thenKey]]] as [unknown, Path][]) {
    for (const [text, path] of expressionStrings(root, rootPath)) {
      const name = unavailableFunction(text);
      if (name !== undefined) out.push({ message: `${pathText(path)} calls ${name}(), which is not available in a policy rule ("All Resource Manager template functions are available to use within a policy rule, except" it: policy rule, Policy functions; only the template a deployIfNotExists deploys has it)`, path });
    }
  }
  // Every parameters('x') of the rule must be declared.
  const used = new Set<string>();
  for (const m of JSON.stringify([cond, thenScanned]).matchAll(/parameters\(\s*'([^']*)'\s*\)/gi)) used.add(m[1] ?? '');
  for (const name of used) {
    if (paramKey(def.parameters, name) === undefined) out.push({ message: `the rule uses parameters('${name}'), which the definition does not declare (declared: ${Object.keys(def.parameters).join(', ') || 'none'})`, path: rulePath });
  }
  return out;
}

/** A deployIfNotExists' details without the template it deploys. */
function withoutDeployment(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([k]) => k.toLowerCase() !== 'deployment'));
}

/**
 * The template functions a policy rule does not have: "All Resource Manager template functions are available
 * to use within a policy rule, except the following functions and user-defined functions" (policy rule,
 * Policy functions, https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions,
 * read 2026-12-08); `list*` is every function whose name begins with list. "These functions are still
 * available within the details.deployment.properties.template portion". Before, il5ml evaluated some of
 * them (dateTimeAdd, dateTimeToEpoch) into verdicts, and called the others unknown functions to spell again.
 */
const NOT_IN_POLICY_RULES = new Set(
  ['copyIndex', 'dateTimeAdd', 'dateTimeFromEpoch', 'dateTimeToEpoch', 'deployment', 'environment', 'extensionResourceId', 'lambda', 'managementGroup', 'newGuid', 'pickZones', 'providers', 'reference', 'resourceId', 'subscriptionResourceId', 'tenantResourceId', 'tenant', 'variables'].map((n) => n.toLowerCase()),
);

/** The first function of an expression string that a policy rule does not have, as written; undefined for none (or text that does not parse: compile.ts reports it). */
function unavailableFunction(text: string): string | undefined {
  let expr: Expr;
  try {
    expr = parseExpression(text.slice(1, -1));
  } catch {
    return undefined;
  }
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e.kind === 'call') {
      const lower = e.name.toLowerCase();
      if (NOT_IN_POLICY_RULES.has(lower) || lower.startsWith('list')) return e.name;
      stack.push(...e.args);
    } else if (e.kind === 'property') stack.push(e.target);
    else if (e.kind === 'index') stack.push(e.target, e.index);
  }
  return undefined;
}

/** Every expression string (`[…]`, not `[[…`) under a JSON value, with its path. */
function expressionStrings(root: unknown, rootPath: Path): [string, Path][] {
  const out: [string, Path][] = [];
  const stack: [unknown, Path][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, Path];
    if (typeof v === 'string') {
      if (isExpressionText(v)) out.push([v, path]);
    } else if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...path, i]]));
    else if (isRecord(v)) for (const [k, x] of Object.entries(v)) stack.push([x, [...path, k]]);
  }
  return out;
}

function paramKey(ps: Record<string, ParameterDef>, name: string): string | undefined {
  return Object.keys(ps).find((x) => x.toLowerCase() === name.toLowerCase());
}

/** An expression that is one parameter's value: `[parameters('name')]`. */
const PARAMETER_ONLY = /^\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]$/i;

/**
 * An Array parameter as the operand of a condition other than in / notIn: "The policy rule conditions that an
 * array type of parameter may be used with is limited to in and notIn", and Azure refuses such a definition:
 * "Evaluation result of language expression '[parameters('allowedLocations')]' is type 'Array', expected
 * type is 'String'" ("Author policies for array properties", Array conditions,
 * https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays#array-conditions,
 * read 2026-12-08). Before, `"equals": "[parameters('allowedLocations')]"` compared a location with the
 * array, silently NonCompliant.
 */
function arrayOperandProblem(op: string, v: unknown, param: (name: string) => ParameterDef | undefined): string | undefined {
  if (op === 'in' || op === 'notin' || op === 'exists' || typeof v !== 'string') return undefined;
  const name = PARAMETER_ONLY.exec(v)?.[1];
  if (name === undefined || param(name)?.type?.toLowerCase() !== 'array') return undefined;
  return `uses the Array parameter '${name}'; Azure refuses it: "Evaluation result of language expression '${v}' is type 'Array', expected type is 'String'" (an Array parameter goes with in or notIn)`;
}

/**
 * `"exists": "bool"` (policy rule, Conditions): a boolean, or the text of one — the definition schema
 * (https://schema.management.azure.com/schemas/2020-10-01/policyDefinition.json, Azure/azure-resource-manager-schemas,
 * read 2026-12-08) types it `["string", "boolean"]`. A parameter or function expression is decided when evaluated.
 */
function existsProblem(v: unknown): string | undefined {
  if (typeof v === 'boolean') return undefined;
  if (typeof v === 'string' && (v.startsWith('[') || /^(true|false)$/i.test(v.trim()))) return undefined;
  return `takes true or false ("exists": "bool"), not ${JSON.stringify(v)}`;
}

/** Walks a condition tree with an explicit stack (a deep tree does not grow the call stack). */
function conditionProblems(root: Record<string, unknown>, rootPath: Path, out: DefinitionProblem[], param: (name: string) => ParameterDef | undefined): void {
  const stack: [unknown, Path][] = [[root, rootPath]];
  const push = (message: string, path: Path): void => {
    out.push({ message, path });
  };
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, Path];
    const text = pathText(path);
    if (!isRecord(node)) {
      push(`${text} must be a condition object`, path);
      continue;
    }
    const keys = Object.keys(node);
    const logical = keys.filter((k) => LOGICAL.has(k.toLowerCase()));
    if (logical.length > 0) {
      for (const k of logical) {
        const v = node[k];
        if (k.toLowerCase() === 'not') stack.push([v, [...path, k]]);
        else if (Array.isArray(v)) v.forEach((c, i) => stack.push([c, [...path, k, i]]));
        else push(`${text}.${k} must be an array of conditions`, [...path, k]);
      }
      continue;
    }
    const ops = keys.filter((k) => OPERATOR_SET.has(k.toLowerCase()));
    const unknown = keys.filter((k) => !OPERATOR_SET.has(k.toLowerCase()) && !SUBJECTS.has(k.toLowerCase()));
    for (const k of unknown) push(`${text}: '${k}' is not a condition operator; Azure accepts ${OPERATORS.join(', ')}`, [...path, k]);
    if (ops.length > 1) push(`${text} has ${ops.length} operators (${ops.join(', ')}); a condition takes exactly one`, [...path, ops[1] ?? '']);
    if (ops.length === 0 && unknown.length === 0) push(`${text} has no operator; a condition takes exactly one of ${OPERATORS.join(', ')}`, path);
    for (const k of ops) {
      const bad = k.toLowerCase() === 'exists' ? existsProblem(node[k]) : arrayOperandProblem(k.toLowerCase(), node[k], param);
      if (bad) push(`${text}.${k} ${bad}`, [...path, k]);
    }
    const count = member(node, 'count');
    if (count && isRecord(count[1])) {
      const where = member(count[1], 'where');
      if (where !== undefined && where[1] !== undefined) stack.push([where[1], [...path, count[0], where[0]]]);
    }
  }
}

/**
 * Definitions Azure would refuse, as errors naming the file and the path in the rule. With `readText`
 * (the file's text, read again only when a definition has a problem), each error is at the line and
 * column of the field at fault; else at the definition's start.
 */
export function validateDefinitions(loaded: LoadedPolicies, effects: readonly string[], readText?: (file: string) => string | undefined): Diagnostic[] {
  const readers = new Map<string, LocatedReader | undefined>();
  const locate = (def: PolicyDefinition, path: Path): SourceLocation | undefined => {
    if (!readText || !def.rulePath) return undefined;
    if (!readers.has(def.file)) {
      const text = readText(def.file);
      readers.set(def.file, text === undefined ? undefined : new LocatedReader(def.file, 'IL5-POLICY-INVALID', text));
    }
    const reader = readers.get(def.file);
    // The field itself, or the nearest of its parents in the file.
    const full = [...def.rulePath.slice(0, -1), ...path];
    for (let n = full.length; reader && n > def.rulePath.length - 1; n--) {
      const found = reader.find(full.slice(0, n));
      if (found) return found;
    }
    return undefined;
  };
  return loaded.definitions.flatMap((def) =>
    definitionProblems(def, effects).map(({ message, path }) => {
      const location = locate(def, path) ?? def.location;
      return {
        severity: 'error' as const,
        code: 'IL5-POLICY-INVALID',
        message: `definition '${def.displayName}' (${def.name}): ${message}`,
        fix: 'correct the definition: as it is, Azure Policy refuses it or cannot evaluate it',
        ...(location ? { location } : { path: def.file }),
      };
    }),
  );
}

/** JSON type a policy parameter type takes (definition-structure-parameters: String, Array, Object, Boolean, Integer, Float, DateTime). */
function typeMismatch(type: string | undefined, v: unknown): string | undefined {
  const t = type?.toLowerCase();
  const ok =
    t === undefined ||
    (t === 'string' && typeof v === 'string') ||
    (t === 'array' && Array.isArray(v)) ||
    (t === 'object' && isRecord(v)) ||
    (t === 'boolean' && typeof v === 'boolean') ||
    (t === 'integer' && typeof v === 'number' && Number.isInteger(v)) ||
    (t === 'float' && typeof v === 'number') ||
    (t === 'datetime' && typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  return ok ? undefined : `is declared ${type ?? ''} but the value is ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`}`;
}

/**
 * `--policy-params` checked as Azure checks an assignment's parameters: each name must be a parameter of a
 * set given (or of a definition given outside any set), and each value of its declared type.
 */
export function policyParamProblems(loaded: LoadedPolicies, params: Record<string, unknown>, file: string, locate?: (key: string) => SourceLocation | undefined): Diagnostic[] {
  const declared = new Map<string, ParameterDef>();
  for (const s of loaded.sets) for (const [k, d] of Object.entries(s.parameters)) declared.set(k.toLowerCase(), d);
  const inSet = new Set(loaded.sets.flatMap((s) => s.policyDefinitions.map((r) => r.policyDefinitionId.split('/').pop()?.toLowerCase() ?? '')));
  for (const def of loaded.definitions) {
    if (inSet.has(def.name.toLowerCase())) continue;
    for (const [k, d] of Object.entries(def.parameters)) declared.set(k.toLowerCase(), d);
  }
  const out: Diagnostic[] = [];
  // The key's line and column in the user's file when known.
  const at = (name: string): Pick<Diagnostic, 'path' | 'location'> => {
    const location = locate?.(name);
    return { path: file, ...(location ? { location } : {}) };
  };
  for (const [name, v] of Object.entries(params)) {
    const d = declared.get(name.toLowerCase());
    if (!d) {
      out.push({ severity: 'error', code: 'IL5-POLICY-PARAMS', message: `parameter '${name}' in ${file} is not a parameter of the policies given`, fix: `remove it or correct its spelling; declared: ${[...declared.keys()].join(', ') || 'none'}`, ...at(name) });
      continue;
    }
    const bad = typeMismatch(d.type, v);
    if (bad) out.push({ severity: 'error', code: 'IL5-POLICY-PARAMS', message: `parameter '${name}' in ${file} ${bad}`, fix: `give a value of type ${d.type ?? ''}`, ...at(name) });
  }
  return out;
}
