import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../../../src/arm/template/jsonc.js';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import { RG_SCHEMA, expand } from './helpers.js';

/**
 * What the expansion's shortcuts (issue 12) must not change: parsed expressions are cached by their text,
 * values are copied out of reference()/deployment() views only when a view may be in them, strict JSON is
 * parsed by JSON.parse with positions from a scan, and union()/json() take faster paths.
 */

/** A nested deployment evaluated in its own scope, given these parameters. */
function innerDeployment(name: string, parameters: Record<string, unknown>, template: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name,
    properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, parameters, template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...template } },
  };
}

/** [name, properties.p] of each storage account expanded, once the expansion is known to have no error. */
function storageP(r: ReturnType<typeof expand>): string[][] {
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.resources.filter((x) => x.type === 'Microsoft.Storage/storageAccounts').map((x) => [x.name, (x.properties as { p: string }).p]);
}

describe('one parsed expression serves every place its text appears', () => {
  it('reads the parameters, variables and copy index of where it is evaluated', () => {
    const same = "[format('{0}-{1}-{2}', parameters('p'), variables('v'), copyIndex())]";
    const r = expand({
      parameters: { p: { type: 'string', defaultValue: 'outer' } },
      variables: { v: 'ov' },
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: same, copy: { name: 'a', count: 2 }, properties: { p: same } },
        innerDeployment('inner', { p: { value: 'nested' } }, {
          parameters: { p: { type: 'string' } },
          variables: { v: 'iv' },
          resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: same, copy: { name: 'b', count: 3 }, properties: { p: same } }],
        }),
      ],
    });
    expect(storageP(r)).toEqual([
      ['outer-ov-0', 'outer-ov-0'],
      ['outer-ov-1', 'outer-ov-1'],
      ['nested-iv-0', 'nested-iv-0'],
      ['nested-iv-1', 'nested-iv-1'],
      ['nested-iv-2', 'nested-iv-2'],
    ]);
  });

  it('reads the lambda variables of each invocation', () => {
    const ctx = { functions: standardFunctions };
    expect(evaluateString("[map(range(0, 3), lambda('x', mul(lambdaVariables('x'), 2)))]", ctx)).toEqual([0, 2, 4]);
    expect(evaluateString("[map(range(5, 2), lambda('x', mul(lambdaVariables('x'), 2)))]", ctx)).toEqual([10, 12]);
  });
});

describe('values holding a reference() or deployment() view are stored as plain data', () => {
  // A view answers `in` for any name (reading it gives Unknown); plain data answers only for its keys.
  const plain = (v: unknown): boolean => typeof v === 'object' && v !== null && !('notDeclared' in v) && Object.values(v).every((x) => typeof x !== 'object' || x === null || plain(x));
  const template = {
    parameters: {},
    resources: [
      { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st1', properties: { a: 1, nested: { b: 2 } } },
      { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st2', properties: { copied: "[reference('st1')]", wrapped: "[createObject('r', reference('st1'))]", name: '[deployment().name]' } },
      innerDeployment('child', { given: { value: "[reference('st1')]" } }, {
        parameters: { given: { type: 'object' } },
        outputs: { echoed: { type: 'object', value: "[parameters('given')]" } },
      }),
    ],
    variables: { fromDeployment: "[createObject('d', deployment().properties.mode)]" },
    outputs: {
      view: { type: 'object', value: "[reference('st1')]" },
      inArray: { type: 'array', value: "[createArray(reference('st1').nested)]" },
      child: { type: 'object', value: "[reference('child').outputs.echoed.value]" },
      variable: { type: 'object', value: "[variables('fromDeployment')]" },
    },
  };

  it('in resources, nested deployment parameters, variables and outputs', () => {
    const r = expand(template);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const st2 = r.resources.find((x) => x.name === 'st2');
    expect(st2?.properties).toEqual({ copied: { a: 1, nested: { b: 2 } }, wrapped: { r: { a: 1, nested: { b: 2 } } }, name: 'main' });
    expect(plain(st2?.properties)).toBe(true);
    const child = r.resources.find((x) => x.name === 'child');
    expect(plain(child?.properties)).toBe(true);
    expect(r.outputs.view?.value).toEqual({ a: 1, nested: { b: 2 } });
    expect(r.outputs.inArray?.value).toEqual([{ b: 2 }]);
    expect(r.outputs.child?.value).toEqual({ a: 1, nested: { b: 2 } });
    expect(r.outputs.variable?.value).toEqual({ d: 'Incremental' });
    for (const o of Object.values(r.outputs)) expect(plain(o.value)).toBe(true);
  });

  it('and the same each time: the deployment() view is shared, never changed', () => {
    const a = JSON.stringify(expand(template));
    expect(JSON.stringify(expand(template))).toBe(a);
  });
});

describe('strict JSON through JSON.parse keeps every position', () => {
  /** 1-based line and column of a substring's first occurrence at or after `from`. */
  const at = (text: string, needle: string, from = 0): { line: number; column: number } => {
    const i = text.indexOf(needle, from);
    const before = text.slice(0, i).split('\n');
    return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
  };
  const loc = (text: string, pick: (v: Record<string, unknown>) => object, key?: string | number): { line: number; column: number } => {
    const p = parseJsonc(text, 'f.json');
    expect(p.diagnostics).toEqual([]);
    const l = p.locate(pick(p.value as Record<string, unknown>), key);
    return { line: l.line, column: l.column };
  };

  it('with keys that are array indexes, which JavaScript lists first', () => {
    const text = '{\n  "b": {"x": 1},\n  "0": [1, "s"]\n}';
    expect(loc(text, (v) => v.b as object)).toEqual(at(text, '{"x"'));
    expect(loc(text, (v) => v['0'] as object)).toEqual(at(text, '[1'));
    expect(loc(text, (v) => v['0'] as object, 1)).toEqual(at(text, '"s"'));
  });

  it('with a repeated key: the last value, where it stands', () => {
    const text = '{\n  "a": 1,\n  "b": {},\n  "a": [2]\n}';
    const p = parseJsonc(text, 'f.json');
    expect(p.value).toEqual({ a: [2], b: {} });
    expect(loc(text, (v) => v.a as object)).toEqual(at(text, '[2]'));
    expect(loc(text, (v) => v, 'a')).toEqual(at(text, '[2]'));
    expect(loc(text, (v) => v.b as object)).toEqual(at(text, '{}'));
  });

  it('of members that are not containers, escaped keys included', () => {
    const text = '{\n  "x\\"y": "q",\n  "n": -12.5e3,\n  "arr": [true, null, "a]b", {"k": "}"}, 7]\n}';
    expect(loc(text, (v) => v, 'x"y')).toEqual(at(text, '"q"'));
    expect(loc(text, (v) => v, 'n')).toEqual(at(text, '-12'));
    expect(loc(text, (v) => v.arr as object, 1)).toEqual(at(text, 'null'));
    expect(loc(text, (v) => v.arr as object, 2)).toEqual(at(text, '"a]b"'));
    expect(loc(text, (v) => v.arr as object, 4)).toEqual(at(text, '7]'));
  });

  it('refuses nesting beyond the limit, and integers beyond 64 bits, at their position', () => {
    const deep = `${'['.repeat(600)}${']'.repeat(600)}`;
    const d = parseJsonc(deep, 'deep.json');
    expect(d.value).toBeUndefined();
    expect(d.diagnostics.map((x) => [x.code, x.location?.column])).toEqual([['IL5-ARM-JSON', 513]]);
    const big = parseJsonc('{\n  "n": 92233720368547758070\n}', 'big.json');
    expect(big.diagnostics.map((x) => [x.code, x.location?.line, x.location?.column])).toEqual([['IL5-ARM-JSON', 2, 8]]);
  });

  it('warns, at its position, of an integer ARM holds but JavaScript rounds (past 2^53 - 1), in every reader', () => {
    // Strict JSON (the scan), JSON with a comment (the slow reader), and a small text (the fast reader).
    for (const text of [
      '{\n  "n": 9007199254740993,\n  "ok": [9007199254740991, -9007199254740991, 1.5e300, 90071992547409930.5]\n}',
      '{\n  "n": 9007199254740993, // more than 2^53\n  "ok": [9007199254740991, -9007199254740991, 1.5e300, 90071992547409930.5]\n}',
      '{"m": 1,\n  "n": 9007199254740993, "ok": 9007199254740991}',
    ]) {
      const r = parseJsonc(text, 'p.json');
      expect(r.diagnostics.map((x) => [x.severity, x.code, x.location?.line, x.location?.column])).toEqual([['warning', 'IL5-ARM-INT-PRECISION', 2, 8]]);
      expect(r.diagnostics[0]?.message).toContain('il5ml computes with 9007199254740992');
    }
    // Past 64 bits it stays an error, also where a double holds it exactly (2^64, -2^63 - 2^11).
    for (const n of ['-9223372036854775809', '18446744073709551616', '-9223372036854777856']) {
      expect(parseJsonc(`{"n": ${n}}`, 'p.json').diagnostics.map((x) => [x.severity, x.code, x.message])).toEqual([['error', 'IL5-ARM-JSON', `the integer ${n} does not fit in 64 bits, the size of ARM's integers`]]);
    }
    expect(parseJsonc('{"n": -9223372036854775807}', 'p.json').diagnostics.map((x) => [x.severity, x.code])).toEqual([['warning', 'IL5-ARM-INT-PRECISION']]);
    // Past 2^53 but held exactly by the double it is read as (2^53, 2^60, -2^63): nothing to say.
    expect(parseJsonc('{"n": [9007199254740992, 1152921504606846976, -9223372036854775808]}', 'p.json').diagnostics).toEqual([]);
  });
});

describe('union() and json() on their faster paths', () => {
  const ctx = { functions: standardFunctions };
  it('union() of objects: keys matched in any casing, first spelling and position kept, nested objects merged', () => {
    expect(evaluateString("[union(createObject('a', 1, 'B', createObject('x', 1)), createObject('A', 2, 'b', createObject('y', 2), 'c', 3))]", ctx)).toEqual({
      a: 2,
      B: { x: 1, y: 2 },
      c: 3,
    });
  });
  it('json() of strict JSON and of what only the lenient reader takes give what the lenient reader gives', () => {
    expect(evaluateString('[json(\'{"a": [1, 2.5, "x"], "b": {"c": null}}\')]', ctx)).toEqual({ a: [1, 2.5, 'x'], b: { c: null } });
    expect(evaluateString("[json('{''a'': 1, b: [2,], /* c */}')]", ctx)).toEqual({ a: 1, b: [2] });
    const proto = evaluateString('[json(\'{"__proto__": {"x": 1}}\')]', ctx) as object;
    expect(Object.keys(proto)).toEqual([]);
  });
});

describe('a frame-pure expression is evaluated once per template frame', () => {
  const storage = (name: string, props: Record<string, unknown>, copy?: Record<string, unknown>): Record<string, unknown> => ({
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: '2023-01-01',
    name,
    ...(copy ? { copy } : {}),
    properties: props,
  });

  it("gives each frame its own parameters' and variables' value, in every copy, an outer-scope deployment its parent's", () => {
    const same = "[format('{0}-{1}', parameters('p'), variables('v'))]";
    const r = expand({
      parameters: { p: { type: 'string', defaultValue: 'outer' } },
      variables: { v: 'ov' },
      resources: [
        storage("[concat('a', copyIndex())]", { p: same }, { name: 'a', count: 2 }),
        innerDeployment('inner', { p: { value: 'nested' } }, {
          parameters: { p: { type: 'string' } },
          variables: { v: 'iv' },
          resources: [storage("[concat('b', copyIndex())]", { p: same }, { name: 'b', count: 2 })],
        }),
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'outer-scope',
          properties: { mode: 'Incremental', template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [storage('c', { p: same })] } },
        },
      ],
    });
    expect(storageP(r)).toEqual([
      ['a0', 'outer-ov'],
      ['a1', 'outer-ov'],
      ['b0', 'nested-iv'],
      ['b1', 'nested-iv'],
      ['c', 'outer-ov'],
    ]);
  });

  it('reports a failing expression at each place it is written', () => {
    const r = expand({ resources: [storage('s1', { a: "[parameters('missing')]", b: "[parameters('missing')]" })] });
    const errors = r.diagnostics.filter((d) => d.code === 'IL5-ARM-EXPR');
    expect(errors).toHaveLength(2);
    expect(new Set(errors.map((d) => d.location?.line)).size).toBe(2);
  });

  it('spends the work of every evaluation it stands for: 800 copies of a 19,000-character string() end by the budget', () => {
    const tpl = (count: number): Record<string, unknown> => ({
      variables: { big: '[range(0, 4000)]' },
      resources: [storage("[concat('s', copyIndex())]", { text: "[string(variables('big'))]" }, { name: 'l', count })],
    });
    // 800 x ~19,000 characters is more than the 10,000,000 steps of an expansion; 100 copies are well within.
    expect(expand(tpl(800)).diagnostics.map((d) => d.code)).toContain('IL5-ARM-WORK');
    const within = expand(tpl(100));
    expect(within.diagnostics).toEqual([]);
    expect(within.resources).toHaveLength(100);
  });
});

describe('objects and arrays without expressions are shared, not copied', () => {
  it('keeps every key in its place whichever member is the first to change', () => {
    const r = expand({
      parameters: { p: { type: 'string', defaultValue: 'v' } },
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2023-01-01',
          name: 's',
          properties: {
            a: 1,
            b: { c: [1, 'x', { d: null }], e: '[[not an expression]' },
            f: "[parameters('p')]",
            g: [true, "[parameters('p')]", 'z'],
            "[concat('k', parameters('p'))]": 'keyed',
            h: { i: 'plain' },
          },
        },
      ],
    });
    expect(r.diagnostics).toEqual([]);
    const props = r.resources[0]?.properties as Record<string, unknown>;
    expect(Object.keys(props)).toEqual(['a', 'b', 'f', 'g', 'kv', 'h']);
    expect(props).toEqual({ a: 1, b: { c: [1, 'x', { d: null }], e: '[not an expression]' }, f: 'v', g: [true, 'v', 'z'], kv: 'keyed', h: { i: 'plain' } });
  });
});
