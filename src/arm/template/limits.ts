/**
 * What ARM refuses before it deploys anything: the documented template limits, and declarations whose
 * shape is wrong. il5ml refuses the same templates, with the position, instead of expanding them.
 *
 * Limits (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits,
 * read 2026-12-06; the same list in
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-job-size-exceeded):
 * a template of at most 4 MB, a parameter file of at most 4 MB, 256 parameters, 512 variables (older
 * pages said 256; the current best-practices page says 512), 800 resources including copy count, 64 output
 * values, 24,576 characters in a template expression.
 */
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { ObjectValue, Value } from '../types.js';
import { isObj } from './values.js';

const LIMITS_URL = 'https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits';

export const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;
export const MAX_PARAMETER_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_PARAMETERS = 256;
export const MAX_VARIABLES = 512;
export const MAX_RESOURCES = 800;
export const MAX_OUTPUTS = 64;
export const MAX_EXPRESSION_CHARS = 24_576;

/** Parameter and output types ARM accepts (compared case-insensitively). */
const TYPES = new Set(['string', 'securestring', 'int', 'bool', 'object', 'secureobject', 'array']);

/** UTF-8 size of a text, without building the bytes. */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A text over ARM's size limit, as an error at its first line; undefined when within. */
export function sizeError(text: string, file: string, what: 'template' | 'parameter file'): Diagnostic | undefined {
  const max = what === 'template' ? MAX_TEMPLATE_BYTES : MAX_PARAMETER_FILE_BYTES;
  // Each UTF-16 unit is at most 3 bytes: only long texts need counting.
  if (text.length * 3 <= max) return undefined;
  const bytes = utf8Bytes(text);
  if (bytes <= max) return undefined;
  return {
    severity: 'error',
    code: 'IL5-ARM-LIMIT',
    message: `the ${what} ${file} is ${bytes} bytes; ARM accepts at most 4 MB (${max} bytes)`,
    location: { file, line: 1, column: 1 },
    fix: `split it into linked or nested templates (${LIMITS_URL})`,
  };
}

type Locate = (container: object, key?: string | number) => SourceLocation;

/**
 * The shape of a template's `parameters`, `variables`, `outputs` and resource `copy` blocks, and the
 * counts ARM limits. `outer`: an outer-scope nested template, whose own parameters and variables ARM
 * ignores.
 */
export function checkTemplateShape(template: ObjectValue, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (message: string, location: SourceLocation, fix: string): void => {
    out.push({ severity: 'error', code: 'IL5-ARM-TEMPLATE', message, location, fix });
  };
  const section = (key: 'parameters' | 'variables' | 'outputs', max: number): ObjectValue | undefined => {
    if (!(key in template)) return undefined;
    const v = template[key];
    if (!isObj(v)) {
      err(`'${key}' must be an object, but it is ${describe(v ?? null)}`, locate(template, key), `write "${key}": { … }`);
      return undefined;
    }
    let n = 0;
    for (const k in v) if (key !== 'variables' || k.length !== 4 || k.toLowerCase() !== 'copy') n++;
    if (key === 'variables') n += copyCount(v.copy);
    if (n > max) {
      out.push({ severity: 'error', code: 'IL5-ARM-LIMIT', message: `the template has ${n} ${key}; ARM allows at most ${max}`, location: locate(template, key), fix: `combine values into objects (${LIMITS_URL})` });
    }
    return v;
  };

  const ps = section('parameters', MAX_PARAMETERS);
  if (ps) {
    for (const name in ps) {
      const decl = ps[name] ?? null;
      if (!isObj(decl)) {
        err(`the declaration of parameter '${name}' must be an object, but it is ${describe(decl)}`, locate(ps, name), `write "${name}": {"type": "string"}`);
        continue;
      }
      // A languageVersion 2.0 parameter may take its type from `$ref` instead.
      if (!('$ref' in decl)) checkType(decl, 'parameter', name, locate, err);
      // Indexed over a constant: no array or iterator per parameter (checked at every template frame).
      for (let i = 0; i < LIMIT_KEYS.length; i++) {
        const k = LIMIT_KEYS[i] as string;
        if (k in decl && typeof decl[k] !== 'number') err(`'${k}' of parameter '${name}' must be a number, but it is ${describe(decl[k] ?? null)}`, locate(decl, k), `write "${k}": 1`);
      }
    }
  }
  section('variables', MAX_VARIABLES);
  const os = section('outputs', MAX_OUTPUTS);
  if (os) {
    for (const name in os) {
      const o = os[name] ?? null;
      if (!isObj(o)) {
        err(`output '${name}' must be an object, but it is ${describe(o)}`, locate(os, name), `write "${name}": {"type": "string", "value": …}`);
        continue;
      }
      if (!('$ref' in o)) checkType(o, 'output', name, locate, err);
    }
  }
  checkCopies(template.resources, locate, err);
  return out;
}

function copyCount(v: Value | undefined): number {
  return Array.isArray(v) ? v.length : 0;
}

const LIMIT_KEYS = ['minValue', 'maxValue', 'minLength', 'maxLength'];

/** `kind` 'parameter' or 'output' and its name: the text naming it is made only for an error. */
function checkType(decl: ObjectValue, kind: string, name: string, locate: Locate, err: (m: string, l: SourceLocation, f: string) => void): void {
  if (!('type' in decl)) {
    err(`${kind} '${name}' has no 'type'`, locate(decl), `add "type": one of string, securestring, int, bool, object, secureObject, array`);
    return;
  }
  const t = decl.type;
  // Most types are written in lower case already: looked up as they are before a lower-case copy is made.
  if (typeof t !== 'string' || !(TYPES.has(t) || TYPES.has(t.toLowerCase()))) {
    err(`${kind} '${name}' has type ${describe(t ?? null)}, which ARM does not know`, locate(decl, 'type'), 'use one of string, securestring, int, bool, object, secureObject, array');
  }
}

/** A resource `copy` must name its loop (copyIndex('name') and dependsOn refer to it); child resources too. */
function checkCopies(rs: Value | undefined, locate: Locate, err: (m: string, l: SourceLocation, f: string) => void): void {
  const stack: Value[] = [rs ?? null];
  while (stack.length > 0) {
    const v = stack.pop() ?? null;
    const decls = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : undefined;
    if (decls === undefined) continue;
    // Indexed: checked for every template object, mostly before V8 optimizes this (for-of makes an iterator result per step).
    for (let i = 0; i < decls.length; i++) {
      const r = decls[i];
      if (!isObj(r)) continue;
      if ('copy' in r) {
        const c = r.copy;
        if (!isObj(c)) err(`'copy' of a resource must be an object, but it is ${describe(c ?? null)}`, locate(r, 'copy'), 'write "copy": {"name": "loop", "count": 2}');
        else if (typeof c.name !== 'string' || c.name === '') err(`the resource copy loop has no 'name'`, locate(r, 'copy'), 'add "name": "<loopName>" to the copy block');
      }
      if (r.resources !== undefined) stack.push(r.resources);
    }
  }
}

/**
 * Whether a template may key its resources by symbolic name (`"resources": {name: declaration}`): only with
 * languageVersion 2.0 or later ("2.0", Bicep's "2.1-experimental"…). Microsoft's template syntax: `"resources":
 * [ ]`, `/* or "resources": { } with languageVersion 2.0 *\/`. An array stays valid at every version (the
 * template schema takes either shape, whatever the version): declarations then have no symbolic names.
 */
export function allowsSymbolicNames(languageVersion: Value | undefined): boolean {
  const v = typeof languageVersion === 'number' ? String(languageVersion) : languageVersion;
  if (typeof v !== 'string') return false;
  const m = /^\s*(\d+)(?:\.\d+)?(?:-[A-Za-z0-9.]+)?\s*$/.exec(v);
  return m !== null && Number(m[1]) >= 2;
}

/** A template's `languageVersion`, its key in any case (ARM reads template keys case-insensitively). */
export function languageVersionOf(template: ObjectValue): Value | undefined {
  if ('languageVersion' in template) return template.languageVersion;
  for (const k in template) if (k.toLowerCase() === 'languageversion') return template[k];
  return undefined;
}

export function describe(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isObj(v)) return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
