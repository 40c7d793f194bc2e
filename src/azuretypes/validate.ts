import { isUnknown } from '../core/unknown.js';
import { describeType, describeValue, jsonKind, unionMembers } from './describe.js';
import type { TypeHandle, TypeIndex } from './loader.js';
import { FLAG, SCOPE } from './types.js';
import type { ObjectProperty, TypeFinding, TypeFindingCode } from './types.js';
import { pushAll } from '../core/array.js';

/**
 * Keys of a resource declaration that belong to the template language, not to the resource body the
 * provider receives (ARM template syntax: https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax#resources,
 * read 2026-11-25). `apiVersion` and `type` also appear in the Bicep body as read-only constants.
 */
export const TEMPLATE_ONLY_KEYS: ReadonlySet<string> = new Set([
  'dependson',
  'copy',
  'condition',
  'comments',
  'scope',
  'apiversion',
  'type',
  'metadata',
  'resources',
  'existing',
]);

export type DeploymentScope = 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';

export interface ValidateOptions {
  /** Where the resource stands in the template, copied into every finding (`resources[3]`). */
  templatePath?: string;
  /** Scope of the deployment, for writableScopes; the default is a resource-group deployment. */
  deploymentScope?: DeploymentScope;
}

/** A resource as it stands in an ARM template (src/emit/types.ts ArmResourceDecl), or any object like it. */
export type ResourceDeclLike = Readonly<Record<string, unknown>>;

/**
 * ARM evaluates a string that starts with `[` and ends with `]` as an expression; `[[` escapes a literal
 * `[` (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions#escape-characters,
 * read 2026-11-25). Its type is not known statically, so it is accepted for any type.
 */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[') && v.endsWith(']');
}

/** The literal string a template value stands for (`[[x]` → `[x]`). */
function literalString(v: string): string {
  return v.startsWith('[[') ? v.slice(1) : v;
}

/** Validates one resource declaration against the official type of its `type@apiVersion`. */
export function validateResource(index: TypeIndex, decl: ResourceDeclLike, opts: ValidateOptions = {}): TypeFinding[] {
  const declType = typeof decl.type === 'string' ? decl.type : '';
  const apiVersion = typeof decl.apiVersion === 'string' ? decl.apiVersion : '';
  const name = typeof decl.name === 'string' ? decl.name : '';
  const base = { resourceType: declType, apiVersion, name, ...(opts.templatePath ? { templatePath: opts.templatePath } : {}) };
  const findings: TypeFinding[] = [];
  const add = (code: TypeFindingCode, path: string, message: string, extra: { expected?: string; found?: string } = {}): void => {
    findings.push({ code, severity: 'error', ...base, path, message, ...extra });
  };

  if (!declType) add('required', 'type', 'the resource has no type', { expected: 'string' });
  if (!apiVersion) add('required', 'apiVersion', 'the resource has no apiVersion', { expected: 'string' });
  if (!declType || !apiVersion) return findings;

  const type = effectiveType(declType);
  if (isExpression(apiVersion)) {
    add('unknown-api-version', 'apiVersion', 'apiVersion is an expression; the type cannot be checked', {
      found: describeValue(apiVersion),
    });
    return findings;
  }
  const entry = index.lookup(type, apiVersion);
  if (!entry) {
    const known = index.apiVersions(type);
    if (known.length === 0) {
      const guess = closest(type, index.types());
      add('unknown-type', 'type', `no type ${type} in the loaded definitions${guess ? `; did you mean ${guess}?` : ''}`, {
        found: describeValue(type),
      });
    } else {
      add('unknown-api-version', 'apiVersion', `${type} has no apiVersion ${apiVersion}; known: ${known.join(', ')}`, {
        expected: known.join(' | '),
        found: describeValue(apiVersion),
      });
    }
    return findings;
  }

  const writable = entry.node.writableScopes;
  if (writable !== undefined) {
    const scoped = decl.scope !== undefined || declType.toLowerCase().includes('/providers/');
    const needed = scoped ? SCOPE.Extension : scopeBit(opts.deploymentScope ?? 'resourceGroup');
    if (writable === SCOPE.None) {
      add('not-deployable', '', `${entry.type}@${entry.apiVersion} is read-only: Azure creates it, a template cannot`);
      // Nothing about its body can make it deployable: further findings would only be noise.
      return findings;
    } else if ((writable & needed) === 0) {
      add(
        'not-deployable',
        scoped ? 'scope' : '',
        scoped
          ? `${entry.type} cannot be deployed as an extension resource (with scope)`
          : `${entry.type} cannot be deployed in a ${opts.deploymentScope ?? 'resourceGroup'} deployment`,
      );
    }
  }

  // fromEntries defines own properties, so even a `__proto__` key stays a key to report.
  const body: Record<string, unknown> = Object.fromEntries(Object.entries(decl).filter(([k]) => !TEMPLATE_ONLY_KEYS.has(k.toLowerCase())));
  // A child declared at the top level is named `parent/child`; the type's name constraints apply to the
  // last segment (the same holds for `<target>/providers/<ns>/<type>` extension names).
  if (typeof body.name === 'string' && !isExpression(body.name)) {
    const slash = body.name.lastIndexOf('/');
    if (slash >= 0) body.name = body.name.slice(slash + 1);
  }
  const walker = new Walker(index, base);
  if (!declType.toLowerCase().includes('/providers/')) pushAll(findings, checkNameSegments(index, walker, entry.type, apiVersion, name));
  pushAll(findings, walker.value(body, index.resolve(entry.file, entry.node.body), ''));
  return findings;
}

/**
 * A child resource declared outside its parent is named with one segment per type segment after the
 * namespace (`vaults/keys` → `kv1/key1`); ARM refuses any other count
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/child-resource-name-type, read
 * 2026-11-25). Each parent segment must also be a valid name of the parent type, when that type is loaded
 * at the same apiVersion.
 */
function checkNameSegments(index: TypeIndex, walker: Walker, type: string, apiVersion: string, name: string): TypeFinding[] {
  if (!name || name.includes('[')) return [];
  const typeSegs = type.split('/');
  const expected = typeSegs.length - 1;
  const nameSegs = name.split('/');
  if (nameSegs.length !== expected) {
    return [
      walker.finding(
        'name-segments',
        'name',
        `a ${type} name has ${expected} segment${expected === 1 ? '' : 's'} (${typeSegs.slice(1).join('/')}), found ${nameSegs.length}`,
        { expected: `${expected} segments`, found: describeValue(name) },
      ),
    ];
  }
  const out: TypeFinding[] = [];
  for (let i = 0; i < nameSegs.length - 1; i++) {
    const parentType = typeSegs.slice(0, i + 2).join('/');
    const parent = index.lookup(parentType, apiVersion);
    if (!parent) continue;
    const body = index.resolve(parent.file, parent.node.body);
    if (body.node.$type !== 'ObjectType') continue;
    const nameProp = body.node.properties?.name;
    if (!nameProp) continue;
    for (const f of walker.value(nameSegs[i], index.resolve(body.file, nameProp.type), 'name')) {
      out.push({ ...f, message: `parent ${parentType} name '${nameSegs[i] ?? ''}': ${f.message}` });
    }
  }
  return out;
}

/** `A/b/providers/C/d` (the old extension form) names the type `C/d`. */
export function effectiveType(type: string): string {
  const i = type.toLowerCase().lastIndexOf('/providers/');
  return i >= 0 ? type.slice(i + '/providers/'.length) : type;
}

function scopeBit(s: DeploymentScope): number {
  switch (s) {
    case 'resourceGroup':
      return SCOPE.ResourceGroup;
    case 'subscription':
      return SCOPE.Subscription;
    case 'managementGroup':
      return SCOPE.ManagementGroup;
    case 'tenant':
      return SCOPE.Tenant;
  }
}

type Base = Pick<TypeFinding, 'resourceType' | 'apiVersion' | 'name' | 'templatePath'>;

/** Walks a value against a type node; returns findings instead of collecting them, so unions can try members. */
class Walker {
  private readonly patterns = new Map<string, RegExp | null>();
  constructor(
    private readonly index: TypeIndex,
    private readonly base: Base,
  ) {}

  finding(
    code: TypeFindingCode,
    path: string,
    message: string,
    extra: { expected?: string; found?: string; severity?: 'error' | 'warning' } = {},
  ): TypeFinding {
    const { severity, ...rest } = extra;
    return { code, severity: severity ?? 'error', ...this.base, path, message, ...rest };
  }

  value(v: unknown, h: TypeHandle, path: string): TypeFinding[] {
    if (isExpression(v) || isUnknown(v)) return [];
    const n = h.node;
    switch (n.$type) {
      case 'AnyType':
      case 'ResourceFunctionType':
      case 'ResourceType':
        return [];
      case 'StringType': {
        if (typeof v !== 'string') return [this.typeMismatch(v, h, path)];
        const s = literalString(v);
        const out: TypeFinding[] = [];
        if (n.minLength !== undefined && s.length < n.minLength) {
          out.push(
            this.finding('string-length', path, `is ${s.length} characters long; at least ${n.minLength} required`, {
              expected: describeType(this.index, h),
              found: describeValue(s),
            }),
          );
        }
        if (n.maxLength !== undefined && s.length > n.maxLength) {
          out.push(
            this.finding('string-length', path, `is ${s.length} characters long; at most ${n.maxLength} allowed`, {
              expected: describeType(this.index, h),
              found: describeValue(s),
            }),
          );
        }
        if (n.pattern !== undefined) {
          const re = this.regex(n.pattern);
          if (re && !re.test(s)) {
            out.push(
              this.finding('pattern', path, `does not match the pattern ${n.pattern}`, {
                expected: describeType(this.index, h),
                found: describeValue(s),
              }),
            );
          }
        }
        return out;
      }
      case 'StringLiteralType': {
        if (typeof v !== 'string') return [this.typeMismatch(v, h, path)];
        const s = literalString(v);
        if (s === n.value) return [];
        if (s.toLowerCase() === n.value.toLowerCase()) return [this.enumCase(s, n.value, path)];
        return [
          this.finding('enum', path, `${describeValue(s)} is not allowed; expected ${describeType(this.index, h)}`, {
            expected: describeType(this.index, h),
            found: describeValue(s),
          }),
        ];
      }
      case 'BooleanType':
        return typeof v === 'boolean' ? [] : [this.typeMismatch(v, h, path)];
      case 'IntegerType': {
        if (typeof v !== 'number' || !Number.isInteger(v)) return [this.typeMismatch(v, h, path)];
        if ((n.minValue !== undefined && v < n.minValue) || (n.maxValue !== undefined && v > n.maxValue)) {
          return [
            this.finding('integer-range', path, `${v} is out of range ${n.minValue ?? '-∞'}..${n.maxValue ?? '∞'}`, {
              expected: describeType(this.index, h),
              found: String(v),
            }),
          ];
        }
        return [];
      }
      case 'ArrayType': {
        if (!Array.isArray(v)) return [this.typeMismatch(v, h, path)];
        const out: TypeFinding[] = [];
        if ((n.minLength !== undefined && v.length < n.minLength) || (n.maxLength !== undefined && v.length > n.maxLength)) {
          out.push(
            this.finding(
              'array-length',
              path,
              `has ${v.length} items; allowed ${n.minLength ?? 0}..${n.maxLength ?? '∞'}`,
              { expected: `${n.minLength ?? 0}..${n.maxLength ?? '∞'} items`, found: String(v.length) },
            ),
          );
        }
        const item = this.index.resolve(h.file, n.itemType);
        v.forEach((e, i) => pushAll(out, this.value(e, item, `${path}[${i}]`)));
        return out;
      }
      case 'ObjectType': {
        if (!isPlainObject(v)) return [this.typeMismatch(v, h, path)];
        return this.object(v, h.file, n.properties ?? {}, n.additionalProperties ? this.index.resolve(h.file, n.additionalProperties) : undefined, n.name, path);
      }
      case 'DiscriminatedObjectType':
        if (!isPlainObject(v)) return [this.typeMismatch(v, h, path)];
        return this.discriminated(v, h, path);
      case 'UnionType':
        return this.union(v, h, path);
    }
  }

  private union(v: unknown, h: TypeHandle, path: string): TypeFinding[] {
    const members = unionMembers(this.index, h);
    const literals = members.flatMap((m) => (m.node.$type === 'StringLiteralType' ? [m.node.value] : []));
    if (typeof v === 'string') {
      // Literals first: in an open enum (literals plus string) a known value in another case is still a slip.
      const s = literalString(v);
      if (literals.includes(s)) return [];
      const caseMatch = literals.find((l) => l.toLowerCase() === s.toLowerCase());
      if (caseMatch !== undefined) return [this.enumCase(s, caseMatch, path)];
    }
    const tries: TypeFinding[][] = [];
    for (const m of members) {
      const f = this.value(v, m, path);
      if (f.length === 0) return [];
      tries.push(f);
    }
    if (typeof v === 'string') {
      const s = literalString(v);
      const stringLike = members.every((m) => m.node.$type === 'StringLiteralType' || m.node.$type === 'StringType');
      if (stringLike && literals.length === members.length) {
        const expected = describeType(this.index, h);
        return [this.finding('enum', path, `${describeValue(s)} is not allowed; expected ${expected}`, { expected, found: describeValue(s) })];
      }
    }
    // Report against the member of the value's own JSON kind that came closest.
    const kind = jsonKind(v);
    let best: TypeFinding[] | undefined;
    members.forEach((m, i) => {
      if (!kindAccepts(m, kind)) return;
      const f = tries[i] ?? [];
      if (!best || f.length < best.length) best = f;
    });
    return best ?? [this.typeMismatch(v, h, path)];
  }

  private discriminated(v: Record<string, unknown>, h: TypeHandle, path: string): TypeFinding[] {
    const n = h.node;
    if (n.$type !== 'DiscriminatedObjectType') return [];
    const keys = Object.keys(n.elements).sort();
    const dkey = Object.keys(v).find((k) => k.toLowerCase() === n.discriminator.toLowerCase());
    const dval = dkey === undefined ? undefined : v[dkey];
    const dpath = join(path, n.discriminator);
    const baseProps = n.baseProperties ?? {};
    if (dval === undefined || dval === null) {
      return [
        this.finding('discriminator', dpath, `required discriminator ${n.discriminator} is missing`, {
          expected: keys.map((k) => `'${k}'`).join(' | '),
        }),
        ...this.object(v, h.file, baseProps, undefined, n.name, path, { open: true }),
      ];
    }
    if (isExpression(dval) || isUnknown(dval)) {
      // The variant is chosen at deployment: only the base properties can be checked, and unknown keys may belong to it.
      return this.object(v, h.file, baseProps, undefined, n.name, path, { open: true });
    }
    if (typeof dval !== 'string') {
      return [this.finding('type', dpath, `discriminator must be a string`, { expected: 'string', found: describeValue(dval) })];
    }
    const sval = literalString(dval);
    const exact = keys.find((k) => k === sval);
    const loose = exact ?? keys.find((k) => k.toLowerCase() === sval.toLowerCase());
    if (loose === undefined) {
      return [
        this.finding('discriminator', dpath, `${describeValue(sval)} names no variant of ${n.name ?? 'this object'}`, {
          expected: keys.map((k) => `'${k}'`).join(' | '),
          found: describeValue(sval),
        }),
        ...this.object(v, h.file, baseProps, undefined, n.name, path, { open: true }),
      ];
    }
    const out: TypeFinding[] = [];
    if (exact === undefined) out.push(this.enumCase(sval, loose, dpath));
    const elemRef = n.elements[loose];
    if (!elemRef) return out;
    const elem = this.index.resolve(h.file, elemRef);
    if (elem.node.$type !== 'ObjectType') return out;
    const merged: Record<string, PropertyAt> = {};
    for (const [k, p] of Object.entries(baseProps)) merged[k] = { ...p, file: h.file };
    for (const [k, p] of Object.entries(elem.node.properties ?? {})) merged[k] = { ...p, file: elem.file };
    const addl = elem.node.additionalProperties ? this.index.resolve(elem.file, elem.node.additionalProperties) : undefined;
    // The discriminator itself was checked above (case included); do not check it again as a literal.
    const rest: Record<string, unknown> = { ...v };
    if (dkey !== undefined) delete rest[dkey];
    const mergedNoDisc: Record<string, PropertyAt> = {};
    for (const [k, p] of Object.entries(merged)) if (k.toLowerCase() !== n.discriminator.toLowerCase()) mergedNoDisc[k] = p;
    pushAll(out, this.objectAt(rest, mergedNoDisc, addl, elem.node.name ?? n.name, path, {}));
    return out;
  }

  private object(
    v: Record<string, unknown>,
    file: number,
    props: Record<string, ObjectProperty>,
    addl: TypeHandle | undefined,
    typeName: string | undefined,
    path: string,
    o: { open?: boolean } = {},
  ): TypeFinding[] {
    const at: Record<string, PropertyAt> = {};
    for (const [k, p] of Object.entries(props)) at[k] = { ...p, file };
    return this.objectAt(v, at, addl, typeName, path, o);
  }

  private objectAt(
    v: Record<string, unknown>,
    props: Record<string, PropertyAt>,
    addl: TypeHandle | undefined,
    typeName: string | undefined,
    path: string,
    o: { open?: boolean },
  ): TypeFinding[] {
    const out: TypeFinding[] = [];
    // A Map, not the record: a key such as `__proto__` in a template must not find Object.prototype.
    const byName = new Map(Object.entries(props));
    const declared = [...byName.keys()];
    const byLower = new Map(declared.map((k) => [k.toLowerCase(), k]));
    const present = new Set<string>();

    for (const key of Object.keys(v).sort()) {
      const val = v[key];
      const kpath = join(path, key);
      const name = byName.has(key) ? key : byLower.get(key.toLowerCase());
      if (name === undefined && key.toLowerCase() === 'copy' && Array.isArray(val) && !addl) {
        // Property iteration (`"copy": [{name, count, input}]` inside an object) builds the named arrays.
        pushAll(out, this.propertyCopy(val, byName, byLower, present, path));
        continue;
      }
      if (name === undefined) {
        if (addl) {
          pushAll(out, this.value(val, addl, kpath));
        } else if (!o.open) {
          const writable = declared.filter((k) => ((byName.get(k)?.flags ?? 0) & FLAG.ReadOnly) === 0).sort();
          const guess = closest(key, writable);
          out.push(
            this.finding(
              'unknown-property',
              kpath,
              `${typeName ? `${typeName} has` : 'the object has'} no property ${key}${guess ? `; did you mean ${guess}?` : ''}`,
              { expected: writable.length ? writable.join(', ') : 'no properties', found: key },
            ),
          );
        }
        continue;
      }
      present.add(name);
      const prop = byName.get(name);
      if (!prop) continue;
      if (name !== key) {
        // Only a warning: ARM matches property names case-insensitively (https://github.com/Azure/bicep/pull/11457).
        out.push(
          this.finding('property-case', kpath, `property ${key} is spelled ${name} in the type`, {
            severity: 'warning',
            expected: name,
            found: key,
          }),
        );
      }
      const flags = prop.flags ?? 0;
      if ((flags & FLAG.ReadOnly) !== 0 && (flags & FLAG.Required) === 0) {
        if (val !== null && val !== undefined) {
          out.push(this.finding('read-only', kpath, `${name} is read-only: Azure sets it; remove it from the template`, { found: describeValue(val) }));
        }
        continue;
      }
      if (val === null || val === undefined) continue;
      pushAll(out, this.value(val, this.index.resolve(prop.file, prop.type), kpath));
    }

    for (const name of [...declared].sort()) {
      const prop = byName.get(name);
      if (!prop) continue;
      const flags = prop.flags ?? 0;
      if ((flags & FLAG.Required) === 0 || (flags & FLAG.ReadOnly) !== 0) continue;
      const key = Object.keys(v).find((k) => k.toLowerCase() === name.toLowerCase());
      const val = key === undefined ? undefined : v[key];
      // Present through a property copy loop (no key of its own), or present with a value.
      if (present.has(name) && (key === undefined || (val !== null && val !== undefined))) continue;
      out.push(
        this.finding('required', join(path, name), `required property ${name} is missing`, {
          expected: describeType(this.index, this.index.resolve(prop.file, prop.type)),
          found: val === null ? 'null' : 'absent',
        }),
      );
    }
    return out;
  }

  private propertyCopy(
    entries: unknown[],
    props: ReadonlyMap<string, PropertyAt>,
    byLower: Map<string, string>,
    present: Set<string>,
    path: string,
  ): TypeFinding[] {
    const out: TypeFinding[] = [];
    entries.forEach((e, i) => {
      const epath = `${join(path, 'copy')}[${i}]`;
      if (!isPlainObject(e) || typeof e.name !== 'string') {
        out.push(this.finding('type', epath, 'a property copy entry needs name, count and input', { expected: '{name, count, input}', found: describeValue(e) }));
        return;
      }
      const target = props.has(e.name) ? e.name : byLower.get(e.name.toLowerCase());
      const prop = target === undefined ? undefined : props.get(target);
      if (target === undefined || !prop) {
        out.push(this.finding('unknown-property', join(path, e.name), `the object has no property ${e.name} (named by copy)`, { found: e.name }));
        return;
      }
      present.add(target);
      const arr = this.index.resolve(prop.file, prop.type);
      if (arr.node.$type !== 'ArrayType') {
        out.push(this.finding('type', join(path, target), `copy builds an array but ${target} is ${describeType(this.index, arr)}`, { expected: describeType(this.index, arr), found: 'array' }));
        return;
      }
      pushAll(out, this.value(e.input, this.index.resolve(arr.file, arr.node.itemType), `${join(path, target)}[*]`));
    });
    return out;
  }

  private typeMismatch(v: unknown, h: TypeHandle, path: string): TypeFinding {
    const expected = describeType(this.index, h);
    return this.finding('type', path, `expected ${expected}, found ${jsonKind(v)} ${describeValue(v)}`, {
      expected,
      found: describeValue(v),
    });
  }

  private enumCase(found: string, canonical: string, path: string): TypeFinding {
    // An error, not a warning: value casing is up to each resource provider, and some accept only the
    // spelling of their API definition (https://github.com/Azure/azure-rest-api-specs/issues/17340).
    return this.finding('enum-case', path, `'${found}' differs only in case from the allowed '${canonical}'`, {
      expected: `'${canonical}'`,
      found: `'${found}'`,
    });
  }

  private regex(pattern: string): RegExp | null {
    let re = this.patterns.get(pattern);
    if (re === undefined) {
      try {
        re = new RegExp(pattern, 'u');
      } catch {
        try {
          re = new RegExp(pattern);
        } catch {
          // A .NET-only construct: the pattern cannot be checked here rather than being guessed at.
          re = null;
        }
      }
      this.patterns.set(pattern, re);
    }
    return re;
  }
}

interface PropertyAt extends ObjectProperty {
  file: number;
}

function kindAccepts(h: TypeHandle, kind: ReturnType<typeof jsonKind>): boolean {
  switch (h.node.$type) {
    case 'StringType':
    case 'StringLiteralType':
      return kind === 'string';
    case 'IntegerType':
      return kind === 'number';
    case 'BooleanType':
      return kind === 'boolean';
    case 'ArrayType':
      return kind === 'array';
    case 'ObjectType':
    case 'DiscriminatedObjectType':
      return kind === 'object';
    default:
      return true;
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);
}

/** `a.b`, or `a["odd key"]` when the key is not a plain identifier. */
export function join(path: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** The candidate nearest to `s` by edit distance (case-insensitive), when near enough to be a typo. */
export function closest(s: string, candidates: readonly string[]): string | undefined {
  const a = s.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(a, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(a.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const left = prev[j - 1] ?? 0;
      prev[j] = Math.min(up + 1, left + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}
