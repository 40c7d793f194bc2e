import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTypeIndex,
  countFindings,
  findingsToDiagnostics,
  formatFindings,
  isExpression,
  validateResource,
  validateTemplate,
} from '../../src/azuretypes/index.js';
import { Unknown } from '../../src/core/unknown.js';
import { goodWidget, widgetIndex } from './fixture.js';

const index = widgetIndex();
const W = 'Test.Widgets/widgets@2024-01-01 widget1';

type Decl = Record<string, unknown>;
function withProps(change: (p: Record<string, unknown>) => void): Decl {
  const w = goodWidget();
  change(w.properties as Record<string, unknown>);
  return w;
}
function withDecl(change: (w: Decl) => void): Decl {
  const w = goodWidget();
  change(w);
  return w;
}

describe('loader', () => {
  it('indexes every ResourceType by Type@apiVersion, case-insensitively', () => {
    expect(index.size).toBe(7);
    expect(index.lookup('test.widgets/WIDGETS', '2024-01-01')?.type).toBe('Test.Widgets/widgets');
    expect(index.apiVersions('Test.Widgets/widgets')).toEqual(['2023-01-01', '2024-01-01']);
    expect(index.apiVersions('Test.Nothing/x')).toEqual([]);
  });

  it('reports a file that is not an array of nodes as a diagnostic, and keeps the rest', () => {
    const bad = buildTypeIndex([
      { path: 'bad/types.json', json: { not: 'an array' } },
      { path: 'test/widgets/types.json', json: [{ $type: 'ResourceType', name: 'A/b@1', body: { $ref: '#/1' } }, { $type: 'AnyType' }] },
    ]);
    expect(bad.diagnostics.map((d) => d.message)).toEqual(['bad/types.json is not a types.json (expected a JSON array of type nodes)']);
    expect(bad.size).toBe(1);
  });

  it('throws on a dangling reference: the definitions themselves are corrupt', () => {
    const broken = buildTypeIndex([{ path: 'x/types.json', json: [{ $type: 'ResourceType', name: 'A/b@1', body: { $ref: '#/9' } }] }]);
    expect(() => validateResource(broken, { type: 'A/b', apiVersion: '1', name: 'n' })).toThrow(/points at no type node/);
  });
});

describe('a correct widget', () => {
  it('has no findings (expressions, write-only, open enums, unions, discriminated objects, template keys)', () => {
    expect(formatFindings(validateResource(index, goodWidget()))).toEqual([]);
  });
});

// Each row changes one thing of the correct widget; the expected text follows from WIDGET_TYPES (fixture.ts).
const cases: [string, Decl, string[]][] = [
  ['required property missing', withProps((p) => delete p.mode), [`${W}: properties.mode: required property mode is missing`]],
  ['required property null', withProps((p) => (p.mode = null)), [`${W}: properties.mode: required property mode is missing`]],
  ['required resource-level property missing', withDecl((w) => delete w.location), [`${W}: location: required property location is missing`]],
  ['read-only property set', withProps((p) => (p.state = 'Succeeded')), [`${W}: properties.state: state is read-only: Azure sets it; remove it from the template`]],
  ['read-only resource property set', withDecl((w) => (w.id = '/subscriptions/x')), [`${W}: id: id is read-only: Azure sets it; remove it from the template`]],
  ['closed enum value not allowed', withProps((p) => (p.mode = 'Maybe')), [`${W}: properties.mode: 'Maybe' is not allowed; expected 'Allow' | 'Deny'`]],
  ['closed enum in another case', withProps((p) => (p.mode = 'deny')), [`${W}: properties.mode: 'deny' differs only in case from the allowed 'Deny'`]],
  ['open enum in another case', withProps((p) => (p.openMode = 'ALLOW')), [`${W}: properties.openMode: 'ALLOW' differs only in case from the allowed 'Allow'`]],
  ['unknown property with a suggestion', withProps((p) => (p.cont = 1)), [`${W}: properties.cont: WidgetProperties has no property cont; did you mean count?`]],
  ['unknown property far from any name', withProps((p) => (p.zzzzzzzzzz = 1)), [`${W}: properties.zzzzzzzzzz: WidgetProperties has no property zzzzzzzzzz`]],
  ['unknown resource-level property', withDecl((w) => (w.sku = { name: 'x' })), [`${W}: sku: Test.Widgets/widgets has no property sku`]],
  ['property in another case', withProps((p) => { p.Count = p.count; delete p.count; }), [`${W}: properties.Count: property Count is spelled count in the type`]],
  ['string where int expected', withProps((p) => (p.count = '5')), [`${W}: properties.count: expected int (1..10), found string '5'`]],
  ['non-integer number', withProps((p) => (p.count = 2.5)), [`${W}: properties.count: expected int (1..10), found number 2.5`]],
  ['int above max', withProps((p) => (p.count = 11)), [`${W}: properties.count: 11 is out of range 1..10`]],
  ['int below min', withProps((p) => (p.count = 0)), [`${W}: properties.count: 0 is out of range 1..10`]],
  ['string where bool expected', withProps((p) => (p.enabled = 'true')), [`${W}: properties.enabled: expected bool, found string 'true'`]],
  ['object where array expected', withProps((p) => (p.names = { a: 1 })), [`${W}: properties.names: expected array of string, found object object`]],
  ['array too long', withProps((p) => (p.names = ['a', 'b', 'c'])), [`${W}: properties.names: has 3 items; allowed 1..2`]],
  ['array too short', withProps((p) => (p.names = [])), [`${W}: properties.names: has 0 items; allowed 1..2`]],
  ['wrong item type', withProps((p) => (p.names = ['a', 7])), [`${W}: properties.names[1]: expected string, found number 7`]],
  ['string too short', withProps((p) => (p.code = 'ab')), [`${W}: properties.code: is 2 characters long; at least 3 required`]],
  ['string too long', withProps((p) => (p.code = 'abcdefghi')), [`${W}: properties.code: is 9 characters long; at most 8 allowed`]],
  ['string off pattern', withProps((p) => (p.code = 'ABC')), [`${W}: properties.code: does not match the pattern ^[a-z0-9]+$`]],
  ['nested array of objects: required and enum', withProps((p) => (p.rules = [{ action: 'Nope' }])), [
    `${W}: properties.rules[0].action: 'Nope' is not allowed; expected 'Allow' | 'Deny'`,
    `${W}: properties.rules[0].value: required property value is missing`,
  ]],
  ['discriminated object: variant property checked', withProps((p) => (p.pet = { kind: 'Dog', good: 'yes' })), [`${W}: properties.pet.good: expected bool, found string 'yes'`]],
  ['discriminated object: variant required property', withProps((p) => (p.pet = { kind: 'Dog' })), [`${W}: properties.pet.good: required property good is missing`]],
  ['discriminated object: other variant property unknown', withProps((p) => (p.pet = { kind: 'Cat', good: true })), [`${W}: properties.pet.good: CatProps has no property good`]],
  ['discriminated object: unknown variant', withProps((p) => (p.pet = { kind: 'Fish' })), [`${W}: properties.pet.kind: 'Fish' names no variant of Pet`]],
  ['discriminated object: missing discriminator', withProps((p) => (p.pet = { petName: 'x' })), [`${W}: properties.pet.kind: required discriminator kind is missing`]],
  ['discriminated object: discriminator in another case', withProps((p) => (p.pet = { kind: 'cat', lives: 9 })), [`${W}: properties.pet.kind: 'cat' differs only in case from the allowed 'Cat'`]],
  ['union of int and object: object member checked', withProps((p) => (p.choice = { action: 'Allow' })), [`${W}: properties.choice.value: required property value is missing`]],
  ['union of int and object: neither kind', withProps((p) => (p.choice = 'x')), [`${W}: properties.choice: expected int (1..10) | object (Rule), found string 'x'`]],
  ['additionalProperties: values typed', withDecl((w) => (w.tags = { env: 5 })), [`${W}: tags.env: expected string, found number 5`]],
  ['name pattern checked on the name', withDecl((w) => (w.name = 'Widget_1')), [
    'Test.Widgets/widgets@2024-01-01 Widget_1: name: does not match the pattern ^[a-z0-9]+$',
  ]],
  ['a key named __proto__ is an unknown property, not Object.prototype', withProps((p) => Object.defineProperty(p, '__proto__', { value: [], enumerable: true })), [
    `${W}: properties.__proto__: WidgetProperties has no property __proto__`,
  ]],
  ['odd keys are quoted in the path', withProps((p) => (p['a.b'] = 1)), [`${W}: properties["a.b"]: WidgetProperties has no property a.b`]],
  ['several findings at once, all reported', withProps((p) => { delete p.mode; p.count = 99; p.state = 'x'; }), [
    `${W}: properties.count: 99 is out of range 1..10`,
    `${W}: properties.mode: required property mode is missing`,
    `${W}: properties.state: state is read-only: Azure sets it; remove it from the template`,
  ]],
];

describe('findings', () => {
  it.each(cases)('%s', (_name, decl, expected) => {
    expect(formatFindings(validateResource(index, decl))).toEqual(expected);
  });

  it('carries path, expected and found as data', () => {
    const [f] = validateResource(index, withProps((p) => (p.mode = 'Maybe')));
    expect(f).toMatchObject({
      code: 'enum',
      severity: 'error',
      path: 'properties.mode',
      expected: "'Allow' | 'Deny'",
      found: "'Maybe'",
      resourceType: 'Test.Widgets/widgets',
      apiVersion: '2024-01-01',
      name: 'widget1',
    });
  });

  it('a property name in another case is a warning (ARM matches names case-insensitively); everything else, enum case included, an error', () => {
    const f = validateResource(index, withProps((p) => { p.mode = 'allow'; p.count = 0; p.Enabled = p.enabled; delete p.enabled; }));
    expect(f.map((x) => [x.code, x.severity])).toEqual([
      ['property-case', 'warning'],
      ['integer-range', 'error'],
      ['enum-case', 'error'],
    ]);
  });
});

describe('template expressions and unknown values', () => {
  it('accepts an expression for any type, at any depth', () => {
    const w = withProps((p) => {
      p.mode = "[parameters('mode')]";
      p.count = '[variables(\'n\')]';
      p.names = '[createArray(1)]';
      p.pet = "[json('{}')]";
      p.rules = [{ value: "[parameters('cidr')]" }];
    });
    expect(formatFindings(validateResource(index, w))).toEqual([]);
  });

  it('a whole properties object may be an expression', () => {
    expect(formatFindings(validateResource(index, withDecl((w) => (w.properties = "[variables('props')]"))))).toEqual([]);
  });

  it('still checks the keys of an object whose values are expressions', () => {
    const w = withProps((p) => (p.bogus = "[parameters('x')]"));
    expect(formatFindings(validateResource(index, w))).toEqual([`${W}: properties.bogus: WidgetProperties has no property bogus`]);
  });

  it('`[[` escapes a literal `[`: the value is a string and is checked', () => {
    expect(isExpression('[[notAnExpression]')).toBe(false);
    expect(isExpression('[concat()]')).toBe(true);
    expect(isExpression('[not closed')).toBe(false);
    const w = withProps((p) => (p.mode = '[[Deny]'));
    expect(formatFindings(validateResource(index, w))).toEqual([`${W}: properties.mode: '[Deny]' is not allowed; expected 'Allow' | 'Deny'`]);
  });

  it('accepts Unknown values (known only after deployment)', () => {
    const w = withProps((p) => (p.count = new Unknown('reference() to an existing resource')));
    expect(formatFindings(validateResource(index, w))).toEqual([]);
  });

  it('an expression discriminator checks only the base properties', () => {
    const w = withProps((p) => (p.pet = { kind: "[parameters('k')]", good: true, petName: 5 }));
    expect(formatFindings(validateResource(index, w))).toEqual([`${W}: properties.pet.petName: expected string, found number 5`]);
  });

  it('template-only keys are not body properties', () => {
    const w = withDecl((w) => {
      w.condition = true;
      w.comments = 'x';
      w.copy = { name: 'c', count: 2 };
      w.metadata = { a: 1 };
      w.scope = undefined;
    });
    expect(formatFindings(validateResource(index, w))).toEqual([]);
  });

  it('property copy loops build the named array and check the input against its item type', () => {
    const w = withProps((p) => {
      delete p.rules;
      p.copy = [{ name: 'rules', count: 2, input: { value: "[copyIndex('rules')]", action: 'Never' } }];
    });
    expect(formatFindings(validateResource(index, w))).toEqual([
      `${W}: properties.rules[*].action: 'Never' is not allowed; expected 'Allow' | 'Deny'`,
    ]);
  });
});

describe('resource types, apiVersions and scopes', () => {
  it('unknown type, with a suggestion', () => {
    expect(formatFindings(validateResource(index, withDecl((w) => (w.type = 'Test.Widgets/widget'))))).toEqual([
      'Test.Widgets/widget@2024-01-01 widget1: type: no type Test.Widgets/widget in the loaded definitions; did you mean Test.Widgets/widgets?',
    ]);
  });

  it('unknown apiVersion lists the known ones', () => {
    expect(formatFindings(validateResource(index, withDecl((w) => (w.apiVersion = '2025-01-01'))))).toEqual([
      'Test.Widgets/widgets@2025-01-01 widget1: apiVersion: Test.Widgets/widgets has no apiVersion 2025-01-01; known: 2023-01-01, 2024-01-01',
    ]);
  });

  it('type names are case-insensitive', () => {
    expect(formatFindings(validateResource(index, withDecl((w) => (w.type = 'test.widgets/WIDGETS'))))).toEqual([]);
  });

  it('a type Azure creates itself cannot be deployed', () => {
    const d = { type: 'Test.Widgets/widgets/versions', apiVersion: '2024-01-01', name: 'widget1/ver1', properties: { size: 1 } };
    expect(formatFindings(validateResource(index, d))).toEqual([
      'Test.Widgets/widgets/versions@2024-01-01 widget1/ver1: Test.Widgets/widgets/versions@2024-01-01 is read-only: Azure creates it, a template cannot',
    ]);
  });

  it('a tenant-only type in a resource-group deployment', () => {
    const d = { type: 'Test.Widgets/tenantThings', apiVersion: '2024-01-01', name: 't', properties: { text: 'x' } };
    expect(formatFindings(validateResource(index, d))).toEqual([
      'Test.Widgets/tenantThings@2024-01-01 t: Test.Widgets/tenantThings cannot be deployed in a resourceGroup deployment',
    ]);
    expect(formatFindings(validateResource(index, d, { deploymentScope: 'tenant' }))).toEqual([]);
  });

  it('an extension resource with scope; a child declared at the top level checks the last name segment', () => {
    const note = { type: 'Test.Ext/notes', apiVersion: '2024-01-01', name: 'n1', scope: "[resourceId('Test.Widgets/widgets', 'w')]", properties: { text: 'x' } };
    expect(formatFindings(validateResource(index, note))).toEqual([]);
    const child = { type: 'Test.Widgets/widgets/parts', apiVersion: '2024-01-01', name: 'widget1/part1', properties: { size: 3 } };
    expect(formatFindings(validateResource(index, child))).toEqual([]);
    expect(formatFindings(validateResource(index, { ...child, name: 'widget1/P' }))).toEqual([
      'Test.Widgets/widgets/parts@2024-01-01 widget1/P: name: does not match the pattern ^[a-z0-9]+$',
      'Test.Widgets/widgets/parts@2024-01-01 widget1/P: name: is 1 characters long; at least 3 required',
    ]);
  });

  it('a top-level child needs one name segment per type segment, each valid for its own type', () => {
    const child = { type: 'Test.Widgets/widgets/parts', apiVersion: '2024-01-01', properties: { size: 3 } };
    expect(formatFindings(validateResource(index, { ...child, name: 'part1' }))).toEqual([
      'Test.Widgets/widgets/parts@2024-01-01 part1: name: a Test.Widgets/widgets/parts name has 2 segments (widgets/parts), found 1',
    ]);
    expect(formatFindings(validateResource(index, { ...child, name: 'a/b/part1' }))).toEqual([
      'Test.Widgets/widgets/parts@2024-01-01 a/b/part1: name: a Test.Widgets/widgets/parts name has 2 segments (widgets/parts), found 3',
    ]);
    expect(formatFindings(validateResource(index, { ...child, name: 'Widget_1/part1' }))).toEqual([
      "Test.Widgets/widgets/parts@2024-01-01 Widget_1/part1: name: parent Test.Widgets/widgets name 'Widget_1': does not match the pattern ^[a-z0-9]+$",
    ]);
    // An expression anywhere in the name: the segments are known only at deployment.
    expect(formatFindings(validateResource(index, { ...child, name: "[format('{0}/part1', parameters('w'))]" }))).toEqual([]);
  });

  it('the old `<target>/providers/<ns>/<type>` extension form names the extension type', () => {
    const d = { type: 'Test.Widgets/widgets/providers/Test.Ext/notes', apiVersion: '2024-01-01', name: 'w/Test.Ext/n1', properties: {} };
    expect(formatFindings(validateResource(index, d))).toEqual([
      'Test.Widgets/widgets/providers/Test.Ext/notes@2024-01-01 w/Test.Ext/n1: properties.text: required property text is missing',
    ]);
  });

  it('missing type or apiVersion', () => {
    expect(formatFindings(validateResource(index, { name: 'x' }))).toEqual([
      '@ x: apiVersion: the resource has no apiVersion',
      '@ x: type: the resource has no type',
    ]);
  });

  it('cross-file references resolve', () => {
    const g = { type: 'Test.Gadgets/gadgets', apiVersion: '2024-01-01', name: 'g', properties: { size: 'big' } };
    expect(formatFindings(validateResource(index, g))).toEqual([
      "Test.Gadgets/gadgets@2024-01-01 g: properties.size: expected int (1..10), found string 'big'",
    ]);
  });
});

describe('validateTemplate', () => {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [
      {
        ...goodWidget(),
        resources: [
          { type: 'parts', apiVersion: '2024-01-01', name: 'part1', properties: { size: 20 } },
          { type: 'Test.Widgets/widgets/parts', apiVersion: '2024-01-01', name: 'widget1/part2', properties: {} },
        ],
      },
      { type: 'Test.Widgets/widgets/parts', apiVersion: '2024-01-01', name: 'widget1/part3', properties: { size: 1 } },
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: 'nested',
        properties: {
          mode: 'Incremental',
          template: {
            $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
            resources: [{ type: 'Test.Widgets/tenantThings', apiVersion: '2024-01-01', name: 't', properties: { text: 'x' } }],
          },
        },
      },
    ],
  };

  it('validates top-level resources, nested children with their full type and name, and inline nested templates', () => {
    const f = validateTemplate(index, template);
    expect(formatFindings(f)).toEqual([
      'Test.Widgets/tenantThings@2024-01-01 t: Test.Widgets/tenantThings cannot be deployed in a subscription deployment',
      'Test.Widgets/widgets/parts@2024-01-01 widget1/part1: properties.size: 20 is out of range 1..10',
      'Test.Widgets/widgets/parts@2024-01-01 widget1/part2: properties.size: required property size is missing',
    ]);
    expect(f.map((x) => x.templatePath).sort()).toEqual([
      'resources[0].resources[0]',
      'resources[0].resources[1]',
      'resources[2].properties.template.resources[0]',
    ]);
  });

  it('skips `existing` references: nothing of them is deployed', () => {
    const f = validateTemplate(index, { languageVersion: '2.0', resources: { w: { ...withProps((p) => (p.count = 0)), existing: true } } });
    expect(f).toEqual([]);
  });

  it('accepts the languageVersion 2.0 symbolic-name form', () => {
    const f = validateTemplate(index, { languageVersion: '2.0', resources: { w: withProps((p) => (p.count = 0)) } });
    expect(f.map((x) => `${x.templatePath} ${x.path}`)).toEqual(['resources.w properties.count']);
  });

  it('is deterministic and reports everything at once', () => {
    const a = formatFindings(validateTemplate(index, template));
    const b = formatFindings(validateTemplate(index, JSON.parse(JSON.stringify(template))));
    expect(a).toEqual(b);
    expect(countFindings(validateTemplate(index, template))).toEqual({
      total: 3,
      errors: 3,
      warnings: 0,
      byCode: { 'integer-range': 1, 'not-deployable': 1, required: 1 },
    });
  });

  it('turns findings into Diagnostics with a code, the path and what was expected', () => {
    const d = findingsToDiagnostics(validateTemplate(index, template), 'azuredeploy.json');
    expect(d[1]).toEqual({
      severity: 'error',
      code: 'IL5-TYPES-INTEGER-RANGE',
      message: 'Test.Widgets/widgets/parts@2024-01-01 widget1/part1: 20 is out of range 1..10',
      fix: 'expected int (1..10); found 20',
      path: 'azuredeploy.json#resources[0].resources[0].properties.size',
    });
  });
});

describe('properties over arbitrary input', () => {
  it('never throws on any JSON value, and every finding points inside the value it was given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const findings = validateResource(index, withDecl((w) => (w.properties = v)));
        for (const f of findings) expect(f.path === 'properties' || f.path.startsWith('properties.') || f.path.startsWith('properties[')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('an expression in place of any value silences exactly that value', () => {
    const keys = Object.keys(goodWidget().properties as object);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, junk) => {
        const broken = withProps((p) => (p[key] = junk));
        const fixed = withProps((p) => (p[key] = `[parameters('${key}')]`));
        expect(formatFindings(validateResource(index, fixed))).toEqual([]);
        const f = validateResource(index, broken);
        for (const x of f) expect(x.path.startsWith(`properties.${key}`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the result does not depend on the order of keys', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(goodWidget().properties as object), 'extra'), fc.jsonValue(), (key, v) => {
        const decl = withDecl((w) => ((w.properties as Record<string, unknown>)[key] = v));
        const props = decl.properties as Record<string, unknown>;
        const reversed = { ...decl, properties: Object.fromEntries(Object.entries(props).reverse()) };
        expect(validateResource(index, reversed)).toEqual(validateResource(index, decl));
      }),
      { numRuns: 100 },
    );
  });
});
