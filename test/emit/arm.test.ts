import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childName, displayName, expr, lit, nameFragment, nameSegments, resourceIdExpr } from '../../src/emit/arm.js';
import { shq } from '../../src/emit/deploy-sh.js';
import { uniqueNameExpression } from '../../src/spec/names.js';

/** Reads an ARM string literal back (ARM template functions: a quote inside is doubled). */
function unlit(s: string): string {
  expect(s.startsWith("'") && s.endsWith("'")).toBe(true);
  const body = s.slice(1, -1);
  expect(body.replace(/''/g, '')).not.toContain("'");
  return body.replace(/''/g, "'");
}

/** Reads a bash word made only of '…' runs and \' (what shq writes) back to its value. */
function unshq(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === "'") {
      const end = s.indexOf("'", i + 1);
      expect(end).toBeGreaterThan(i);
      out += s.slice(i + 1, end);
      i = end + 1;
    } else if (s.startsWith("\\'", i)) {
      out += "'";
      i += 2;
    } else {
      throw new Error(`unquoted character ${s[i]} at ${i} in ${s}`);
    }
  }
  return out;
}

describe('ARM expression builders', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['', "''"],
  ])('lit(%j) = %s', (input, expected) => {
    expect(lit(input)).toBe(expected);
  });

  it('lit round-trips any string (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => unlit(lit(s)) === s));
  });

  it.each([
    ['il5ml-vnet', "'il5ml-vnet'"],
    ["[format('{0}kv{1}', 'il5ml', uniqueString(resourceGroup().id))]", "format('{0}kv{1}', 'il5ml', uniqueString(resourceGroup().id))"],
    // A leading "[[" is ARM's escape for a literal "[": it stays a literal.
    ['[[literal]', "'[[literal]'"],
  ])('nameFragment(%s) = %s', (name, fragment) => {
    expect(nameFragment(name)).toBe(fragment);
  });

  it('resourceIdExpr mixes literal and expression names', () => {
    const kv = uniqueNameExpression({ prefix: 'il5ml', tag: 'kv' });
    expect(resourceIdExpr('Microsoft.KeyVault/vaults/keys', kv, 'cmk')).toBe(
      "[resourceId('Microsoft.KeyVault/vaults/keys', format('{0}kv{1}', 'il5ml', uniqueString(resourceGroup().id)), 'cmk')]",
    );
  });

  it.each([
    [['a', 'b'], 'a/b'],
    [["[variables('v')]", 'k'], "[format('{0}/{1}', variables('v'), 'k')]"],
  ])('childName(%j) = %s', (parts, expected) => {
    expect(childName(...parts)).toBe(expected);
  });

  it('expr wraps a fragment', () => {
    expect(expr("parameters('location')")).toBe("[parameters('location')]");
  });

  it.each([
    [uniqueNameExpression({ prefix: 'il5ml', tag: 'st' }), 'il5mlst<uniqueString>'],
    [uniqueNameExpression({ prefix: 'il5ml', tag: '-ci' }), 'il5ml-ci<uniqueString>'],
    [childName('il5ml-mlw', uniqueNameExpression({ prefix: 'il5ml', tag: '-ci' })), 'il5ml-mlw/il5ml-ci<uniqueString>'],
    ['il5ml-vnet', 'il5ml-vnet'],
  ])('displayName(%s) = %s', (name, shown) => {
    expect(displayName(name)).toBe(shown);
  });
});

describe('shq: bash single-quoting for deploy.sh', () => {
  it.each([
    ['environment=il5', "'environment=il5'"],
    ["o'brien", "'o'\\''brien'"],
  ])('shq(%j) = %s', (input, expected) => {
    expect(shq(input)).toBe(expected);
  });
  it('round-trips any string and leaves nothing unquoted (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => unshq(shq(s)) === s));
  });
});

describe('name segments and display names', () => {
  const kv = uniqueNameExpression({ prefix: 'il5ml', tag: 'kv' });
  it.each([
    ['a/b', ['a', 'b']],
    [childName(kv, 'cmk'), [kv, 'cmk']],
    [childName("[variables('a, b')]", "it's"), ["[variables('a, b')]", "it's"]],
  ])('nameSegments(%s)', (name, segments) => {
    expect(nameSegments(name)).toEqual(segments);
  });
  it('nameSegments inverts childName (property)', () => {
    const part = fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
      fc.stringMatching(/^[a-z]{1,6}$/).map((v) => `[variables('${v}')]`),
    );
    fc.assert(fc.property(fc.array(part, { minLength: 2, maxLength: 4 }), (parts) => {
      expect(nameSegments(childName(...parts))).toEqual(parts);
    }));
  });
  it('displayName of a child of a unique name', () => {
    expect(displayName(childName(kv, 'cmk'))).toBe('il5mlkv<uniqueString>/cmk');
  });
});
