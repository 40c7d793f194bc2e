import type { TypeHandle, TypeIndex } from './loader.js';

/** How many literals a message lists before it says "…and N more". */
const MAX_LITERALS = 12;

/**
 * A short human text for a type node, used as the `expected` of a finding:
 * `'Allow' | 'Deny'`, `string (3..24 chars, pattern ^[a-z]+$)`, `int (1..100)`, `array of string`,
 * `object (NetworkRuleSet)`.
 */
export function describeType(index: TypeIndex, h: TypeHandle, depth = 0): string {
  const n = h.node;
  switch (n.$type) {
    case 'StringLiteralType':
      return quote(n.value);
    case 'StringType': {
      const bits: string[] = [];
      if (n.minLength !== undefined || n.maxLength !== undefined) {
        bits.push(`${n.minLength ?? 0}..${n.maxLength ?? '∞'} chars`);
      }
      if (n.pattern !== undefined) bits.push(`pattern ${n.pattern}`);
      return bits.length ? `string (${bits.join(', ')})` : 'string';
    }
    case 'IntegerType':
      return n.minValue !== undefined || n.maxValue !== undefined
        ? `int (${n.minValue ?? '-∞'}..${n.maxValue ?? '∞'})`
        : 'int';
    case 'BooleanType':
      return 'bool';
    case 'AnyType':
      return 'any';
    case 'ArrayType':
      return depth > 1 ? 'array' : `array of ${describeType(index, index.resolve(h.file, n.itemType), depth + 1)}`;
    case 'ObjectType':
      return n.name ? `object (${n.name})` : 'object';
    case 'DiscriminatedObjectType':
      return `object (${n.name ?? 'discriminated'} by ${n.discriminator})`;
    case 'UnionType': {
      if (depth > 2) return 'union';
      const parts = unionMembers(index, h).map((m) => describeType(index, m, depth + 1));
      const unique = [...new Set(parts)];
      if (unique.length > MAX_LITERALS) {
        return `${unique.slice(0, MAX_LITERALS).join(' | ')} | …and ${unique.length - MAX_LITERALS} more`;
      }
      return unique.join(' | ');
    }
    case 'ResourceType':
      return `resource ${n.name}`;
    case 'ResourceFunctionType':
      return `function ${n.name}`;
  }
}

/** The members of a union, nested unions flattened (the generator emits them for `x-ms-enum` over a base). */
export function unionMembers(index: TypeIndex, h: TypeHandle): TypeHandle[] {
  const out: TypeHandle[] = [];
  const walk = (u: TypeHandle, depth: number): void => {
    if (u.node.$type !== 'UnionType' || depth > 8) {
      out.push(u);
      return;
    }
    for (const e of u.node.elements) walk(index.resolve(u.file, e), depth + 1);
  };
  walk(h, 0);
  return out;
}

/** A template value as short text for `found`: strings quoted, objects and arrays by kind. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array (${v.length} items)`;
  if (typeof v === 'string') return quote(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (typeof v === 'object') return 'object';
  return String(v);
}

export function jsonKind(v: unknown): 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

function quote(s: string): string {
  return `'${s}'`;
}
