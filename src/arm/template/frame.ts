/**
 * One template being evaluated: the top-level template, or a nested/linked deployment's template.
 * It owns the template's parameters, variables and user-defined functions, evaluates any JSON value of
 * the template (expressions, property and variable copy loops) and reports errors with their position.
 */
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import { Unknown, isUnknown } from '../../core/unknown.js';
import { evaluateParsed, parseExpression, standardFunctions, type Expr } from '../expr/index.js';
import { evaluateCall } from '../expr/evaluator.js';
import { FunctionError, lowerName, valueSize } from '../functions/values.js';
import { isObj, setKey } from './values.js';
import { templateFunctions, type CopyFrame, type TemplateEvalContext, type TemplateHost } from '../functions-deployment/index.js';
import { ExpressionError, WorkBudgetExceeded, spend, type FunctionDef, type FunctionRegistry, type ObjectValue, type Value, type WorkBudget } from '../types.js';
import type { DeploymentScope } from './ids.js';
import type { ParsedJson } from './jsonc.js';
import { isView, materialize } from './open.js';
import { MAX_EXPRESSION_CHARS } from './limits.js';

/** A problem that stops one expression (a cycle, a missing parameter); reported where it happened. */
export class TemplateError extends Error {}

/** The engine-wide services a frame needs (implemented in expand.ts). */
export interface EngineServices {
  report(d: Diagnostic): void;
  now: Date;
  /** The work the whole expansion may do (nested and linked deployments included). */
  budget: WorkBudget;
  /** How deeply evaluations are nested now: variables, parameter defaults, user-defined functions, deployments. */
  depth: number;
  /** How many declared-properties views reference() and deployment() have handed out. */
  viewsHandedOut: number;
  /**
   * How many expressions returned an array or object while a view was handed out during their
   * evaluation. Values enter a template's evaluated values only as what expressions return (objects and
   * arrays of the template around them are rebuilt, and stored parameters, variables and outputs are
   * plain data), so a value made while this did not change holds no view and needs no copying (open.ts,
   * materialize). `deployment().name` hands a view out, but its string holds none.
   */
  viewsEscaped: number;
  /** How many diagnostics have been reported (repeats included): an expression that reported one is evaluated again where it recurs. */
  reports: number;
  /** How many parameters and variables have been evaluated (each once): see Frame.evalString's memo. */
  lazyEvaluations: number;
}

/** `v` as plain data, copied only when an expression may have let a view out since `mark` (engine.viewsEscaped then). */
export function plain(engine: EngineServices, mark: number, v: Value): Value {
  return engine.viewsEscaped === mark ? v : materialize(v);
}

/**
 * How deeply evaluations may nest: a variable reading a variable reading a variable…, parameter defaults,
 * user-defined function calls and nested deployments, together. Real templates nest a handful of levels;
 * the limit keeps the evaluation within the call stack (ARM documents no such depth).
 */
export const MAX_EVALUATION_DEPTH = 100;

const BASE_FUNCTIONS: FunctionRegistry = templateFunctions(standardFunctions);

// Templates repeat the same expression text across copies and nested deployments: parse each once
// (bounded, so a long-lived process does not grow without limit). A tree holds no value and no scope:
// parameters, variables and copyIndex() are read from the context at each evaluation. Keyed by the
// template's string itself, brackets included, whose hash V8 keeps with the string: a slice made at every
// evaluation would be hashed anew each time.
// Bounded by count and by characters (expressions may be 24,576 characters long).
// The text between the brackets is kept beside its tree: errors quote it, and evaluation needs no lookup of it.
interface Parsed {
  expr: Expr;
  text: string;
  /** Its value depends on the template's parameters and variables alone (see FRAME_PURE): one per frame, remembered (Frame.evalString). */
  pure: boolean;
}
const exprCache = new Map<string, Parsed>();
let exprCacheChars = 0;
function parsed(s: string): Parsed {
  let e = exprCache.get(s);
  if (e === undefined) {
    const text = s.slice(1, -1);
    const expr = parseExpression(text);
    // A lone parameters('x') or variables('x') (four in ten of the memo's entries in mlz.json) is left out:
    // read again, it costs one lookup and spends what the memo would (its value, stored, is not charged by
    // the call), where an entry is an object and a map slot per text and frame.
    e = { expr, text, pure: framePure(expr) && !readsOneName(expr) };
    if (exprCache.size > 50_000 || exprCacheChars > 16_000_000) {
      exprCache.clear();
      exprCacheChars = 0;
    }
    exprCache.set(s, e);
    exprCacheChars += s.length;
  }
  return e;
}

/**
 * Functions whose result, in one template, depends on their arguments alone: the standard library but
 * newGuid() and utcNow(), and of the deployment functions those reading the template's parameters and
 * variables (each evaluated once, then fixed), building IDs from the deployment's fixed scope, or returning
 * the fixed subscription, tenant and environment. Not copyIndex() (the loop), reference(), references(),
 * resourceInfo(), resourceGroup() (they read what is being deployed, which changes while it expands),
 * deployment() (a view), list*() and user-defined functions.
 */
const FRAME_PURE = new Set([
  ...[...standardFunctions.keys()].filter((k) => k !== 'newguid' && k !== 'utcnow'),
  ...['parameters', 'variables', 'resourceid', 'subscriptionresourceid', 'tenantresourceid', 'extensionresourceid', 'managementgroupresourceid', 'subscription', 'tenant', 'environment'],
]);

/** Whether `e` is parameters('…') or variables('…') of a literal name: a stored value, found by one lookup. */
function readsOneName(e: Expr): boolean {
  if (e.kind !== 'call' || e.args.length !== 1 || e.args[0]?.kind !== 'string') return false;
  const lower = e.lower ?? lowerName(e.name);
  return lower === 'parameters' || lower === 'variables';
}

/** Whether every function `e` calls is in FRAME_PURE. */
function framePure(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      if (!FRAME_PURE.has(e.lower ?? lowerName(e.name))) return false;
      for (const a of e.args) if (!framePure(a)) return false;
      return true;
    case 'property':
      return framePure(e.target);
    case 'index':
      return framePure(e.target) && framePure(e.index);
    default:
      return true;
  }
}

/** ARM's limit on loop iterations (https://learn.microsoft.com/azure/azure-resource-manager/templates/copy-resources). */
export const MAX_COPY = 800;

/** `securestring` and `secureObject` (types compare case-insensitively): values never shown. */
export function isSecureType(type: string | undefined): boolean {
  return type === 'securestring' || type === 'secureobject';
}

/** No secure parameters: the answer for most templates, shared (callers only read it). */
const NO_SECURE: ReadonlySet<string> = new Set();

/** Lower-case names of a template's secure parameters. */
export function secureParameters(template: Value): ReadonlySet<string> {
  let out: Set<string> | undefined;
  const ps = isObj(template) ? template.parameters : undefined;
  if (isObj(ps)) {
    for (const name in ps) {
      const decl = ps[name];
      // lowerName: the type's lower-case string from its cache, not a new one per parameter.
      if (isObj(decl) && typeof decl.type === 'string' && isSecureType(lowerName(decl.type))) (out ??= new Set()).add(name.toLowerCase());
    }
  }
  return out ?? NO_SECURE;
}

/**
 * The template as deployment() shows it: a secure parameter's defaultValue is a secret written in the
 * template, withheld there as everywhere else (issue 13: outputs of `[deployment()]` printed it).
 */
export function templateWithoutSecrets(template: ObjectValue): ObjectValue {
  const ps = template.parameters;
  if (!isObj(ps)) return template;
  let copy: ObjectValue | undefined;
  // for-in: no array of entries per parameter.
  for (const name in ps) {
    const decl = ps[name];
    if (!isObj(decl) || typeof decl.type !== 'string' || !isSecureType(lowerName(decl.type)) || !('defaultValue' in decl)) continue;
    copy ??= { ...ps };
    copy[name] = { ...decl, defaultValue: withheld(name) };
  }
  return copy ? { ...template, parameters: copy } : template;
}

/** What stands in for a secure value wherever il5ml would show it. */
export function withheld(name: string): Unknown {
  return new Unknown(`secure parameter ${name}: its value is withheld`);
}

const LIMIT_KEYS = ['minValue', 'maxValue', 'minLength', 'maxLength'] as const;

/** Whether `value` breaks the parameter limit `k` of `m`. */
function breaks(k: (typeof LIMIT_KEYS)[number], m: number, value: Value): boolean {
  switch (k) {
    case 'minValue':
      return typeof value === 'number' && value < m;
    case 'maxValue':
      return typeof value === 'number' && value > m;
    case 'minLength':
      return (typeof value === 'string' || Array.isArray(value)) && value.length < m;
    case 'maxLength':
      return (typeof value === 'string' || Array.isArray(value)) && value.length > m;
  }
}

function lengthOf(v: Value): string {
  if (typeof v === 'string') return `${v.length} characters`;
  if (Array.isArray(v)) return `${v.length} items`;
  if (isObj(v)) return `${Object.keys(v).length} properties`;
  return 'not measurable';
}

/** The fix of a wrong parameter value: one that came from the template's defaultValue names both ways out. */
function orDefault(fromDefault: boolean, name: string, fix: string): string {
  return fromDefault ? `${fix}: pass --parameters ${name}=…, or correct the template's defaultValue` : fix;
}

/**
 * Whether `value` (of any type, or each item of an array parameter's value) is not in `allowed`, as JSON
 * texts. A function of its own: a closure inside checkParameterValue over its locals made that method
 * allocate a context at every call (a parameter of every frame), not only when it ran.
 */
function notAllowed(allowed: Value[], type: string | undefined, value: Value): boolean {
  const items = type === 'array' && Array.isArray(value) ? value : [value];
  const shown = allowed.map((a) => JSON.stringify(a));
  return items.some((x) => !shown.includes(JSON.stringify(x)));
}

/** A new object with the members of `o` that come before key `k`, as they are. */
function membersBefore(o: ObjectValue, k: string): ObjectValue {
  const out: ObjectValue = {};
  for (const before in o) {
    if (before === k) break;
    setKey(out, before, o[before] ?? null);
  }
  return out;
}

interface Lazy {
  name: string;
  state: 'pending' | 'evaluating' | 'done';
  value: Value;
}
type ParamEntry = Lazy & { decl: ObjectValue };
type VarEntry = Lazy & { raw: Value; container: object; key: string | number; copy?: ObjectValue };

/** A parameter value given from outside. */
export interface FrameInput {
  name: string;
  value: Value;
  where?: SourceLocation;
}

export interface FrameInit {
  engine: EngineServices;
  doc: ParsedJson;
  template: ObjectValue;
  /** JSON path of the template inside its file ('' at the top). */
  path: string;
  /** Prefix of declaration labels: '' for the top-level file, `<file>#` for a linked template. */
  labelPrefix: string;
  scope: DeploymentScope;
  /** Parameter values given from outside (parameter file or the parent deployment), by lower-case name. */
  inputs: Map<string, FrameInput>;
  /** Where the inputs came from, for messages. */
  inputsFrom: string;
  /** An outer-scope nested template's parent, whose parameters and variables its expressions read. */
  outer?: Frame | undefined;
}

/** A template's own state; the engine (expand.ts) adds the deployment and resource functions' view. */
export abstract class Frame implements TemplateHost {
  readonly engine: EngineServices;
  readonly doc: ParsedJson;
  readonly template: ObjectValue;
  readonly path: string;
  readonly labelPrefix: string;
  readonly scope: DeploymentScope;
  readonly functions: FunctionRegistry;
  /** The parameters by lower-case name: made on first use (an outer-scope nested template reads its parent's). */
  private paramsByName: Map<string, ParamEntry> | undefined;
  /** The variables by lower-case name: made on first use. */
  private varsByName: Map<string, VarEntry> | undefined;
  /** How many variables are being evaluated now (evaluatingVariable() looks for one only then). */
  private varsEvaluating = 0;
  private readonly inputs: FrameInit['inputs'];
  private readonly inputsFrom: string;
  /** FrameInit.outer: parameters() and variables() read it (outside user-defined functions). */
  private readonly outerScope: Frame | undefined;

  constructor(init: FrameInit) {
    this.engine = init.engine;
    this.doc = init.doc;
    this.template = init.template;
    this.path = init.path;
    this.labelPrefix = init.labelPrefix;
    this.scope = init.scope;
    this.inputs = init.inputs;
    this.inputsFrom = init.inputsFrom;
    this.outerScope = init.outer;
    this.functions = this.userFunctions();
  }

  /**
   * One map per frame, of lower-case names only: a name as written is lowered through lowerName's cache
   * (a second map per frame, by declared name, allocated more than the lookup it saved), and the maps are
   * made when first read.
   */
  private get params(): Map<string, ParamEntry> {
    if (this.paramsByName !== undefined) return this.paramsByName;
    const params = new Map<string, ParamEntry>();
    const ps = this.template.parameters;
    // for-in: the template's objects are plain JSON (nothing enumerable inherited), and no array of entries is made.
    if (isObj(ps)) for (const name in ps) {
      const decl = ps[name];
      if (isObj(decl)) params.set(lowerName(name), { name, decl, state: 'pending', value: null });
    }
    return (this.paramsByName = params);
  }

  private get vars(): Map<string, VarEntry> {
    if (this.varsByName !== undefined) return this.varsByName;
    const vars = new Map<string, VarEntry>();
    const vs = this.template.variables;
    if (isObj(vs)) {
      for (const name in vs) {
        const raw = vs[name] ?? null;
        const lower = lowerName(name);
        if (lower === 'copy' && Array.isArray(raw)) {
          // Indexed, not forEach: a closure over `raw` made this block allocate a context for every variable.
          for (let i = 0; i < raw.length; i++) {
            const loop = raw[i];
            if (isObj(loop) && typeof loop.name === 'string') {
              vars.set(lowerName(loop.name), { name: loop.name, raw: null, container: raw, key: i, copy: loop, state: 'pending', value: null });
            }
          }
        } else {
          vars.set(lower, { name, raw, container: vs, key: name, state: 'pending', value: null });
        }
      }
    }
    return (this.varsByName = vars);
  }

  /** Runs one nested evaluation, refusing to go deeper than MAX_EVALUATION_DEPTH. */
  nested<T>(what: string, f: () => T): T {
    this.deeper(what);
    try {
      return f();
    } finally {
      this.engine.depth--;
    }
  }

  /**
   * nested() without a closure, for parameters and variables (thousands in a large template): one level
   * deeper, refused past the limit; `what` (`${kind} '${name}'`) is written only to refuse. The caller
   * lowers engine.depth again, in a finally.
   */
  private deeper(kind: string, name?: string): void {
    if (this.engine.depth >= MAX_EVALUATION_DEPTH) {
      const what = name === undefined ? kind : `${kind} '${name}'`;
      throw new TemplateError(`${what} is evaluated ${MAX_EVALUATION_DEPTH} levels deep (variables reading variables, parameter defaults, functions, nested deployments), more than il5ml evaluates; flatten the chain`);
    }
    this.engine.depth++;
  }

  label(sub: string): string {
    return `${this.labelPrefix}${this.path ? `${this.path}.` : ''}${sub}`;
  }

  /** Values of the frame-pure expressions evaluated here (evalString), by text, with the work each spent. */
  private memo: Map<string, { value: Value; cost: number }> | undefined;

  /** The context of an expression outside any loop: one object per frame (contexts are never changed). */
  private plainCtx: TemplateEvalContext | undefined;

  ctx(copy?: CopyFrame): TemplateEvalContext {
    if (copy === undefined) return (this.plainCtx ??= { functions: this.ctxFunctions(), host: this, copy, now: this.engine.now, budget: this.engine.budget, outsideParameterDefault: true });
    return { functions: this.ctxFunctions(), host: this, copy, now: this.engine.now, budget: this.engine.budget, outsideParameterDefault: true };
  }

  /** The context of a parameter's defaultValue, the one place ARM lets utcNow() and newGuid() be called. */
  private defaultCtx: TemplateEvalContext | undefined;

  private parameterDefaultCtx(): TemplateEvalContext {
    return (this.defaultCtx ??= { functions: this.ctxFunctions(), host: this, copy: undefined, now: this.engine.now, budget: this.engine.budget });
  }

  /** The functions this template's expressions call (an outer-scope nested template: its parent's). */
  protected ctxFunctions(): FunctionRegistry {
    return this.functions;
  }

  abstract deployment(): ObjectValue;
  abstract environment(): ObjectValue;
  abstract resourceGroup(): ObjectValue;
  abstract subscription(): ObjectValue;
  abstract tenant(): ObjectValue;
  abstract managementGroup(): ObjectValue;
  abstract reference(target: string, apiVersion: string | undefined, full: boolean): Value;
  abstract refuseRuntimeRead(fn: string, ctx: TemplateEvalContext): void;
  abstract references(symbolicName: string, full: boolean): Value;
  abstract resourceInfo(symbolicName: string): Value;

  locate(container: object, key?: string | number): SourceLocation {
    return this.doc.locate(container, key);
  }

  error(code: string, message: string, location: SourceLocation, fix?: string): void {
    this.engine.report({ severity: 'error', code, message, location, ...(fix ? { fix } : {}) });
  }

  warn(code: string, message: string, location: SourceLocation, fix?: string): void {
    this.engine.report({ severity: 'warning', code, message, location, ...(fix ? { fix } : {}) });
  }

  report(severity: 'error' | 'warning', code: string, message: string, location: SourceLocation, fix?: string): void {
    this.engine.report({ severity, code, message, location, ...(fix ? { fix } : {}) });
  }

  /**
   * Evaluates one template string. An error is reported at the string's position with the expression
   * and the function, and the value becomes Unknown so that the rest of the template still expands.
   */
  evalString(s: string, ctx: TemplateEvalContext, container: object, key: string | number): Value {
    if (s.length === 0 || s.charCodeAt(0) !== 91 /* [ */) return s;
    if (s.startsWith('[[')) return s.slice(1);
    if (!s.endsWith(']')) return s;
    if (s.length > MAX_EXPRESSION_CHARS) {
      this.error('IL5-ARM-LIMIT', `the expression is ${s.length} characters long; ARM allows at most ${MAX_EXPRESSION_CHARS} in a template expression`, this.locate(container, key), 'split it into variables (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits)');
      return new Unknown('the expression is longer than ARM allows');
    }
    const engine = this.engine;
    const budget = engine.budget;
    try {
      // parsed(), its cache read in place.
      const p = exprCache.get(s) ?? parsed(s);
      // An expression whose value depends on the template's parameters and variables alone has one value in
      // this frame: evaluated again where it recurs (every copy of a resource, every resource reading
      // `[parameters('location')]`…) it would give the same value and spend the same work, which it spends.
      const memoable = p.pure && ctx.functionParameters === undefined && ctx.lambdaScope === undefined;
      if (memoable && this.memo !== undefined) {
        const m = this.memo.get(s);
        if (m !== undefined) {
          spend(budget, m.cost);
          return m.value;
        }
      }
      const handedOut = engine.viewsHandedOut;
      const left = budget.left;
      const reports = engine.reports;
      const lazy = engine.lazyEvaluations;
      const e = p.expr;
      // Most expressions are a call: made without evaluateParsed's or evaluateNode's dispatch in between.
      const v = e.kind === 'call' ? evaluateCall(e, ctx, p.text) : evaluateParsed(e, ctx, p.text);
      if (handedOut !== engine.viewsHandedOut && typeof v === 'object' && v !== null && !isUnknown(v)) engine.viewsEscaped++;
      // What enters the template's values costs its size as a tree (variables('x') is not charged by the
      // evaluator): {l: "[variables('v')]", r: "[variables('v')]"} doubling 60 times ends here, before
      // string() or printing walks it. A declared-properties view was paid for when it was declared.
      if (typeof v === 'object' && v !== null && !isView(v)) spend(budget, valueSize(v));
      // Remembered only when the evaluation was what every later one would be: no parameter or variable
      // evaluated for the first time on the way (its work is spent once), no view, no diagnostic.
      if (memoable && lazy === engine.lazyEvaluations && handedOut === engine.viewsHandedOut && reports === engine.reports) {
        (this.memo ??= new Map()).set(s, { value: v, cost: left - budget.left });
      }
      return v;
    } catch (e) {
      const where = this.locate(container, key);
      if (e instanceof ExpressionError) {
        const fn = e.functionName ? ` in ${e.functionName}()` : '';
        this.error('IL5-ARM-EXPR', `${e.message}${fn}, in expression "${s}"`, where, 'correct the expression; see https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions');
        return new Unknown(`the expression "${s}" failed: ${e.message}`);
      }
      if (e instanceof TemplateError || e instanceof FunctionError) {
        this.error('IL5-ARM-EXPR', `${e.message}, in expression "${s}"`, where, 'correct the expression or the declaration it names');
        return new Unknown(`the expression "${s}" failed: ${e.message}`);
      }
      throw e;
    }
  }

  /** Evaluates any template value: strings as expressions, arrays and objects deeply, `copy` in objects as property loops. */
  evalValue(v: Value, ctx: TemplateEvalContext, container: object, key: string | number): Value {
    // spend(budget, 1) inline, and a string that does not start with '[' (most of a template's) returned
    // without a call: most of this runs before V8 optimizes (and inlines) anything.
    const budget = this.engine.budget;
    if (--budget.left < 0) throw new WorkBudgetExceeded(budget.total);
    if (typeof v === 'string') return v.length === 0 || v.charCodeAt(0) !== 91 ? v : this.evalString(v, ctx, container, key);
    if (Array.isArray(v)) {
      // Copied only from the first item that evaluates to something else (see evalObject), whole (one array
      // of its length, not a slice grown by pushes), and changed items replaced.
      let out: Value[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = v[i] ?? null;
        const e = this.evalValue(x, ctx, v, i);
        if (e !== x) (out ??= v.slice())[i] = e;
      }
      return out ?? v;
    }
    if (isObj(v)) return this.evalObject(v, ctx);
    return v;
  }

  /**
   * An object of the template evaluated. Copied only from the first member that changes (an expression,
   * a property loop, an expression key): what holds no expression is the template's own value, shared
   * rather than copied (values are never changed once made, and the template's are values like any other).
   */
  evalObject(o: ObjectValue, ctx: TemplateEvalContext): Value {
    let out: ObjectValue | undefined;
    // Whether `out` is a copy of all of `o`, made at the first member whose value changed under its own
    // key: `{...o}` is one object of o's shape (key by key, an object of more than a few keys is grown
    // several times and ends as a dictionary, whose every later for-in, in valueSize or printing, makes an
    // array of its keys). A key renamed, left out or added by a property loop cuts it back to the keys
    // before it (`membersBefore`), and the copy goes on key by key from there, as without it.
    let whole = false;
    // for-in: the template's own keys in Object.keys' order (a template's objects inherit nothing
    // enumerable), without an array of keys per object.
    for (const k in o) {
      const raw = o[k] ?? null;
      if (k === 'copy' && Array.isArray(raw) && raw.every((l) => isObj(l) && 'input' in l)) {
        out = out === undefined ? membersBefore(o, k) : whole ? membersBefore(out, k) : out;
        whole = false;
        for (let i = 0; i < raw.length; i++) {
          const loop = raw[i] as ObjectValue;
          const name = typeof loop.name === 'string' ? loop.name : '';
          setKey(out, name, this.evalLoop(loop, raw, i, ctx, 'property'));
        }
        continue;
      }
      let key: string = k;
      if (k.charCodeAt(0) === 91 /* [ */ && k.endsWith(']') && !k.startsWith('[[')) {
        const kv = this.evalString(k, ctx, o, k);
        if (typeof kv === 'string') key = kv;
        else if (isUnknown(kv)) {
          this.warn('IL5-ARM-UNKNOWN-KEY', `property name "${k}" is unknown before deployment (${kv.reason}); the property is left out`, this.locate(o, k));
          out = out === undefined ? membersBefore(o, k) : whole ? membersBefore(out, k) : out;
          whole = false;
          continue;
        }
      }
      const v = this.evalValue(raw, ctx, o, k);
      if (out === undefined) {
        if (key === k && v === raw) continue;
        if (key === k) {
          out = { ...o };
          whole = true;
        } else out = membersBefore(o, k);
      } else if (whole && key !== k) {
        out = membersBefore(out, k);
        whole = false;
      }
      // In the whole copy an unchanged member is in place already.
      if (!whole || v !== raw) setKey(out, key, v);
    }
    return out ?? o;
  }

  /** A copy count: a non-negative integer up to 800, or Unknown. An invalid count is reported and gives -1. */
  count(loop: ObjectValue, container: object, key: string | number, ctx: TemplateEvalContext): number | Unknown {
    const c = this.evalValue(loop.count ?? null, ctx, loop, 'count');
    if (isUnknown(c)) return c;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > MAX_COPY) {
      this.error(
        'IL5-ARM-COPY',
        `copy count must be an integer from 0 to ${MAX_COPY}, but it is ${JSON.stringify(c)}`,
        this.locate(loop.count !== undefined ? loop : (container as ObjectValue), loop.count !== undefined ? 'count' : key),
        'fix the count expression (ARM allows at most 800 iterations per loop)',
      );
      return -1;
    }
    return c;
  }

  /** `{name, count, input}` -> the array of inputs, each evaluated with copyIndex(name). */
  evalLoop(loop: ObjectValue, container: object, key: string | number, ctx: TemplateEvalContext, kind: CopyFrame['kind']): Value {
    const name = typeof loop.name === 'string' ? loop.name : '';
    const n = this.count(loop, container, key, ctx);
    if (isUnknown(n)) {
      return new Unknown(`the number of items of loop '${name}' is unknown before deployment: ${n.reason}`);
    }
    if (n < 0) return new Unknown(`loop '${name}' has an invalid count (reported as an error)`);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) {
      const frame: CopyFrame = { name, index: i, kind, parent: ctx.copy };
      out.push(this.evalValue(loop.input ?? null, { ...ctx, copy: frame }, loop, 'input'));
    }
    return out;
  }

  // ---- parameters ----------------------------------------------------------------------------

  parameterNames(): string[] {
    return [...this.params.values()].map((p) => p.name);
  }

  parameter(name: string, ctx: TemplateEvalContext, lower?: string): Value {
    if (this.outerScope !== undefined && ctx.functionParameters === undefined) return this.outerScope.parameter(name, ctx, lower);
    if (ctx.functionParameters) {
      const v = ctx.functionParameters.get(name.toLowerCase());
      if (v === undefined) throw new TemplateError(`parameters('${name}'): a user-defined function can read only its own parameters (${[...ctx.functionParameters.keys()].join(', ') || 'none'})`);
      return v;
    }
    const p = this.params.get(lower ?? lowerName(name));
    if (!p) {
      throw new TemplateError(
        `parameters('${name}'): the template declares no such parameter; declared are ${this.parameterNames().map((n) => `'${n}'`).join(', ') || 'none'}`,
      );
    }
    if (p.state === 'done') return p.value;
    if (p.state === 'evaluating') throw new TemplateError(`parameter '${p.name}' refers to itself through its defaultValue`);
    p.state = 'evaluating';
    this.engine.lazyEvaluations++;
    try {
      const mark = this.engine.viewsEscaped;
      this.deeper('parameter', p.name);
      let value: Value;
      try {
        value = this.resolveParameter(p.name, p.decl);
      } finally {
        this.engine.depth--;
      }
      p.value = plain(this.engine, mark, value);
    } finally {
      p.state = 'done';
    }
    return p.value;
  }

  /** Evaluates every parameter once, so that a bad one is reported even when nothing reads it. */
  checkParameters(): void {
    // forEach with a method and `this`, not for-of: this runs once per frame, before V8 optimizes it, where
    // an iterator makes an object per entry (and an array per entry of the inputs).
    this.params.forEach(this.checkParameter, this);
    this.inputs.forEach(this.checkInput, this);
  }

  private checkParameter(p: ParamEntry): void {
    try {
      this.parameter(p.name, this.ctx());
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      const ps = this.template.parameters as ObjectValue;
      this.error('IL5-ARM-PARAM', e.message, this.locate(ps, p.name), `correct the defaultValue of '${p.name}'`);
    }
  }

  private checkInput(input: FrameInput, lower: string): void {
    if (this.params.has(lower)) return;
    const ps = isObj(this.template.parameters) ? this.template.parameters : undefined;
    this.error(
      'IL5-ARM-PARAM-UNDECLARED',
      `parameter '${input.name}' is given ${this.inputsFrom} but the template does not declare it`,
      input.where ?? this.locate(ps ?? this.template, ps ? undefined : 'parameters'),
      `remove it, or check its spelling against the template's parameters: ${this.parameterNames().join(', ') || 'none'}`,
    );
  }

  private resolveParameter(name: string, decl: ObjectValue): Value {
    // lowerName: a string from its cache, not a new one per parameter and frame.
    const type = typeof decl.type === 'string' ? lowerName(decl.type) : undefined;
    const input = this.inputs.get(lowerName(name));
    const ps = this.template.parameters as ObjectValue;
    let value: Value;
    let fromDefault = false;
    if (input !== undefined) {
      value = input.value;
    } else if ('defaultValue' in decl) {
      value = this.evalValue(decl.defaultValue ?? null, this.parameterDefaultCtx(), decl, 'defaultValue');
      fromDefault = true;
    } else if (type === 'securestring' || type === 'secureobject') {
      return new Unknown(`secure parameter ${name} has no value`);
    } else if (decl.nullable === true) {
      return null;
    } else {
      this.error(
        'IL5-ARM-PARAM-MISSING',
        `parameter '${name}' has no value: it has no defaultValue and none was given ${this.inputsFrom}`,
        this.locate(ps, name),
        `give it a value in the parameters file (--parameters FILE with "parameters": {"${name}": {"value": …}})`,
      );
      return new Unknown(`parameter ${name} has no value`);
    }
    if (isUnknown(value)) return value;
    this.checkParameterValue(name, decl, type, value, input, fromDefault);
    // A secure value is checked, then withheld: ARM never echoes one, and il5ml writes no secret to an
    // output or a log. What depends on it is Unknown, which is honest: the value is not for us to show.
    if (isSecureType(type)) return withheld(name);
    return value;
  }

  /**
   * Where a parameter's value was given, for an error about it (found only then): where its input says, the
   * parameter's declaration, or its defaultValue.
   */
  private parameterWhere(name: string, decl: ObjectValue, input: { where?: SourceLocation } | undefined, fromDefault: boolean): SourceLocation {
    if (fromDefault) return this.locate(decl, 'defaultValue');
    return input?.where ?? this.locate(this.template.parameters as ObjectValue, name);
  }

  /**
   * `input`: the value given from outside, if any (`fromDefault` otherwise: the template's defaultValue). No
   * closure or message is made unless the value is wrong (a parameter is checked at every nested deployment).
   */
  private checkParameterValue(name: string, decl: ObjectValue, type: string | undefined, value: Value, input: { where?: SourceLocation } | undefined, fromDefault = false): void {
    if (value === null && decl.nullable === true) return;
    // A value the user never wrote (the template's defaultValue) is said to be the default, and the fix
    // names both ways out: a value of one's own, or a corrected template.
    const dflt = fromDefault ? ' (default)' : '';
    const ok =
      type === undefined ||
      ((type === 'string' || type === 'securestring') && typeof value === 'string') ||
      (type === 'int' && typeof value === 'number' && Number.isInteger(value)) ||
      (type === 'bool' && typeof value === 'boolean') ||
      ((type === 'object' || type === 'secureobject') && isObj(value)) ||
      (type === 'array' && Array.isArray(value));
    if (!ok) {
      this.error(
        'IL5-ARM-PARAM-TYPE',
        `parameter '${name}' is declared ${String(decl.type)} but its value is ${
          type === 'securestring' || type === 'secureobject' ? `of type ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}` : JSON.stringify(value)
        }${dflt}`,
        this.parameterWhere(name, decl, input, fromDefault),
        orDefault(fromDefault, name, `give a value of type ${String(decl.type)}`),
      );
      return;
    }
    const allowed = decl.allowedValues;
    if (Array.isArray(allowed)) {
      // Values match as their JSON texts; a string's, a boolean's or a finite number's text equals only the
      // same value's (JSON.stringify writes the shortest text that reads back as the number; 0 and -0 are
      // both "0", as includes() takes them), so these are looked up as they are (most allowedValues are strings).
      const bad =
        typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
          ? !allowed.includes(value)
          : notAllowed(allowed, type, value);
      if (bad) {
        this.error(
          'IL5-ARM-PARAM-ALLOWED',
          `parameter '${name}' is ${type === 'securestring' || type === 'secureobject' ? 'a secure value' : JSON.stringify(value)}${dflt}, which is not one of its allowedValues`,
          this.parameterWhere(name, decl, input, fromDefault),
          orDefault(fromDefault, name, `use one of: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`),
        );
      }
    }
    for (let i = 0; i < LIMIT_KEYS.length; i++) {
      const k = LIMIT_KEYS[i] as (typeof LIMIT_KEYS)[number];
      const m = decl[k];
      if (typeof m === 'number' && breaks(k, m, value)) {
        // A secure value is never shown, not even in an error: the message names the parameter and the rule.
        const shown = isSecureType(type) ? `its secure value is ${lengthOf(value)} long` : JSON.stringify(value);
        this.error('IL5-ARM-PARAM-LIMIT', `parameter '${name}' breaks its ${k} of ${m}: ${shown}${dflt}`, this.parameterWhere(name, decl, input, fromDefault), orDefault(fromDefault, name, `give a value within ${k} ${m}`));
      }
    }
  }

  // ---- variables -----------------------------------------------------------------------------

  variable(name: string, ctx: TemplateEvalContext, lower?: string): Value {
    if (this.outerScope !== undefined && ctx.functionParameters === undefined) return this.outerScope.variable(name, ctx, lower);
    if (ctx.functionParameters) throw new TemplateError(`variables('${name}'): a user-defined function cannot read the template's variables`);
    const v = this.vars.get(lower ?? lowerName(name));
    if (!v) {
      const known = [...this.vars.values()].map((x) => `'${x.name}'`);
      throw new TemplateError(`variables('${name}'): the template declares no such variable; declared are ${known.join(', ') || 'none'}`);
    }
    if (v.state === 'done') return v.value;
    if (v.state === 'evaluating') {
      const cycle = [...this.vars.values()].filter((x) => x.state === 'evaluating').map((x) => x.name);
      throw new TemplateError(`variable '${v.name}' refers to itself (variables being evaluated: ${cycle.join(' -> ')} -> ${v.name})`);
    }
    v.state = 'evaluating';
    this.varsEvaluating++;
    this.engine.lazyEvaluations++;
    try {
      const base = this.ctx();
      const mark = this.engine.viewsEscaped;
      this.deeper('variable', v.name);
      let value: Value;
      try {
        value = v.copy ? this.evalLoop(v.copy, v.container, v.key, base, 'variable') : this.evalValue(v.raw, base, v.container, v.key);
      } finally {
        this.engine.depth--;
      }
      v.value = plain(this.engine, mark, value);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      this.error('IL5-ARM-VARIABLE', e.message, this.locate(v.container, v.key), `make '${v.name}' not depend on itself`);
      v.value = new Unknown(`variable ${v.name} could not be evaluated: ${e.message}`);
    } finally {
      v.state = 'done';
      this.varsEvaluating--;
    }
    return v.value;
  }

  /** The variable whose value is being evaluated now, if any (where the reference functions are not allowed). */
  evaluatingVariable(): string | undefined {
    // Asked at every reference(): the map is walked (an iterator result per variable) only when one is.
    if (this.varsEvaluating === 0) return undefined;
    for (const v of this.vars.values()) if (v.state === 'evaluating') return v.name;
    return undefined;
  }

  // ---- user-defined functions ----------------------------------------------------------------

  /**
   * `functions: [{namespace, members: {name: {parameters, output}}}]`
   * (https://learn.microsoft.com/azure/azure-resource-manager/templates/user-defined-functions): called
   * as `namespace.name(…)`; the body reads only its own parameters.
   */
  private userFunctions(): FunctionRegistry {
    const groups = this.template.functions;
    if (!Array.isArray(groups) || groups.length === 0) return BASE_FUNCTIONS;
    const defs: FunctionDef[] = [];
    for (const g of groups) {
      if (!isObj(g) || typeof g.namespace !== 'string' || !isObj(g.members)) continue;
      for (const [fname, member] of Object.entries(g.members)) {
        if (!isObj(member)) continue;
        const params = Array.isArray(member.parameters) ? member.parameters.filter((p): p is ObjectValue => isObj(p)) : [];
        const names = params.map((p) => (typeof p.name === 'string' ? p.name : ''));
        const output = isObj(member.output) ? member.output : {};
        const full = `${g.namespace}.${fname}`;
        defs.push({
          name: full,
          minArgs: names.length,
          maxArgs: names.length,
          handlesUnknown: true,
          call: (args, ctx) => {
            // ARM: "The function can't call other user-defined functions"
            // (https://learn.microsoft.com/azure/azure-resource-manager/templates/user-defined-functions#limitations);
            // refusing it also ends a function calling itself before the stack does.
            if ((ctx as TemplateEvalContext).functionParameters) {
              throw new TemplateError(`user-defined function ${full} is called from inside a user-defined function; ARM does not allow a user-defined function to call user-defined functions`);
            }
            const bound = new Map<string, Value>();
            names.forEach((n, i) => bound.set(n.toLowerCase(), (args as readonly Value[])[i] ?? null));
            const tctx = ctx as TemplateEvalContext;
            return this.nested(`user-defined function ${full}`, () =>
              this.evalValue(output.value ?? null, { functions: tctx.functions, host: tctx.host, now: tctx.now, budget: tctx.budget, functionParameters: bound, ...(tctx.outsideParameterDefault ? { outsideParameterDefault: true } : {}) }, output, 'value'),
            );
          },
        });
      }
    }
    return templateFunctions(BASE_FUNCTIONS, defs);
  }
}
