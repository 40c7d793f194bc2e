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
import { OPERATORS } from './operators.js';

const OPERATOR_SET = new Set(OPERATORS.map((o) => o.toLowerCase()));
const LOGICAL = new Set(['allof', 'anyof', 'not']);
/** What a leaf condition names besides its operator. */
const SUBJECTS = new Set(['field', 'value', 'count']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function get(o: Record<string, unknown>, key: string): unknown {
  if (key in o) return o[key];
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : o[k];
}

/** Problems of one definition's rule, each with its JSON path. */
export function definitionProblems(def: PolicyDefinition, effects: readonly string[]): string[] {
  const out: string[] = [];
  const rule = def.policyRule as unknown;
  if (!isRecord(rule)) return ['policyRule must be an object with "if" and "then"'];
  const cond = get(rule, 'if');
  if (!isRecord(cond)) out.push(`policyRule.if must be a condition object, but it is ${cond === null ? 'null' : Array.isArray(cond) ? 'an array' : typeof cond}`);
  else conditionProblems(cond, 'policyRule.if', out);
  const then = get(rule, 'then');
  const effect = isRecord(then) ? get(then, 'effect') : undefined;
  const known = new Set(effects.map((e) => e.toLowerCase()));
  if (typeof effect !== 'string') out.push('policyRule.then.effect must be a string (an effect or a parameter expression)');
  else if (!effect.startsWith('[')) {
    if (!known.has(effect.toLowerCase())) out.push(`policyRule.then.effect '${effect}' is not an effect; Azure accepts ${effects.join(', ')}`);
  } else {
    const m = /^\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]$/i.exec(effect);
    const p = m?.[1] !== undefined ? paramDef(def.parameters, m[1]) : undefined;
    for (const v of [...(p?.allowedValues ?? []), ...(p?.defaultValue !== undefined ? [p.defaultValue] : [])]) {
      if (typeof v !== 'string' || !known.has(v.toLowerCase())) out.push(`parameter '${m?.[1] ?? ''}' gives the effect ${JSON.stringify(v)}, which is not an effect; Azure accepts ${effects.join(', ')}`);
    }
  }
  // Every parameters('x') of the rule must be declared — except inside the ARM template a
  // deployIfNotExists deploys (then.details.deployment), whose parameters are the template's own.
  const used = new Set<string>();
  const details = isRecord(then) ? get(then, 'details') : undefined;
  const scanned = [cond, effect, isRecord(details) ? Object.fromEntries(Object.entries(details).filter(([k]) => k.toLowerCase() !== 'deployment')) : details];
  for (const m of JSON.stringify(scanned).matchAll(/parameters\(\s*'([^']*)'\s*\)/gi)) used.add(m[1] ?? '');
  for (const name of used) {
    if (!paramDef(def.parameters, name)) out.push(`the rule uses parameters('${name}'), which the definition does not declare (declared: ${Object.keys(def.parameters).join(', ') || 'none'})`);
  }
  return out;
}

function paramDef(ps: Record<string, ParameterDef>, name: string): ParameterDef | undefined {
  const k = Object.keys(ps).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : ps[k];
}

/** Walks a condition tree with an explicit stack (a deep tree does not grow the call stack). */
function conditionProblems(root: Record<string, unknown>, rootPath: string, out: string[]): void {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (!isRecord(node)) {
      out.push(`${path} must be a condition object`);
      continue;
    }
    const keys = Object.keys(node);
    const logical = keys.filter((k) => LOGICAL.has(k.toLowerCase()));
    if (logical.length > 0) {
      for (const k of logical) {
        const v = node[k];
        if (k.toLowerCase() === 'not') stack.push([v, `${path}.${k}`]);
        else if (Array.isArray(v)) v.forEach((c, i) => stack.push([c, `${path}.${k}[${i}]`]));
        else out.push(`${path}.${k} must be an array of conditions`);
      }
      continue;
    }
    const ops = keys.filter((k) => OPERATOR_SET.has(k.toLowerCase()));
    const unknown = keys.filter((k) => !OPERATOR_SET.has(k.toLowerCase()) && !SUBJECTS.has(k.toLowerCase()));
    for (const k of unknown) out.push(`${path}: '${k}' is not a condition operator; Azure accepts ${OPERATORS.join(', ')}`);
    if (ops.length > 1) out.push(`${path} has ${ops.length} operators (${ops.join(', ')}); a condition takes exactly one`);
    if (ops.length === 0 && unknown.length === 0) out.push(`${path} has no operator; a condition takes exactly one of ${OPERATORS.join(', ')}`);
    const count = get(node, 'count');
    if (isRecord(count)) {
      const where = get(count, 'where');
      if (where !== undefined) stack.push([where, `${path}.count.where`]);
    }
  }
}

/** Definitions Azure would refuse, as errors naming the file and the path in the rule. */
export function validateDefinitions(loaded: LoadedPolicies, effects: readonly string[]): Diagnostic[] {
  return loaded.definitions.flatMap((def) =>
    definitionProblems(def, effects).map((message) => ({
      severity: 'error' as const,
      code: 'IL5-POLICY-INVALID',
      message: `definition '${def.displayName}' (${def.name}): ${message}`,
      fix: 'correct the definition; Azure refuses to store it as it is',
      ...(def.location ? { location: def.location } : { path: def.file }),
    })),
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
