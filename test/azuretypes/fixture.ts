import { buildTypeIndex } from '../../src/azuretypes/index.js';
import type { TypeIndex } from '../../src/azuretypes/index.js';

/**
 * A small hand-built types.json in the format of Azure/bicep-types-az (../shared/azure-types/README.md)
 * with every node kind the validator handles. Unit tests never read ../shared: the expected values of
 * the tests come from this table.
 */
const r = (n: number): { $ref: string } => ({ $ref: `#/${n}` });

export const WIDGET_TYPES: unknown[] = [
  /* 0 */ { $type: 'StringType' },
  /* 1 */ { $type: 'StringType', minLength: 3, maxLength: 8, pattern: '^[a-z0-9]+$' },
  /* 2 */ { $type: 'StringLiteralType', value: 'Allow' },
  /* 3 */ { $type: 'StringLiteralType', value: 'Deny' },
  /* 4 */ { $type: 'UnionType', elements: [r(2), r(3)] },
  /* 5 */ { $type: 'UnionType', elements: [r(2), r(3), r(0)] },
  /* 6 */ { $type: 'IntegerType', minValue: 1, maxValue: 10 },
  /* 7 */ { $type: 'BooleanType' },
  /* 8 */ { $type: 'ArrayType', itemType: r(0), minLength: 1, maxLength: 2 },
  /* 9 */ { $type: 'AnyType' },
  /* 10 */ {
    $type: 'ObjectType',
    name: 'Rule',
    properties: { value: { type: r(0), flags: 1 }, action: { type: r(4), flags: 0 } },
  },
  /* 11 */ { $type: 'ArrayType', itemType: r(10) },
  /* 12 */ { $type: 'ObjectType', name: 'Tags', properties: {}, additionalProperties: r(0) },
  /* 13 */ { $type: 'StringLiteralType', value: 'Cat' },
  /* 14 */ { $type: 'StringLiteralType', value: 'Dog' },
  /* 15 */ {
    $type: 'ObjectType',
    name: 'CatProps',
    properties: { kind: { type: r(13), flags: 1 }, lives: { type: r(6), flags: 0 } },
  },
  /* 16 */ {
    $type: 'ObjectType',
    name: 'DogProps',
    properties: { kind: { type: r(14), flags: 1 }, good: { type: r(7), flags: 1 } },
  },
  /* 17 */ {
    $type: 'DiscriminatedObjectType',
    name: 'Pet',
    discriminator: 'kind',
    baseProperties: { petName: { type: r(0), flags: 0 } },
    elements: { Cat: r(15), Dog: r(16) },
  },
  /* 18 */ {
    $type: 'ObjectType',
    name: 'WidgetProperties',
    properties: {
      mode: { type: r(4), flags: 1 },
      openMode: { type: r(5), flags: 0 },
      count: { type: r(6), flags: 0 },
      enabled: { type: r(7), flags: 0 },
      names: { type: r(8), flags: 0 },
      anything: { type: r(9), flags: 0 },
      rules: { type: r(11), flags: 0 },
      pet: { type: r(17), flags: 0 },
      state: { type: r(0), flags: 2 },
      secret: { type: r(0), flags: 4 },
      code: { type: r(1), flags: 0 },
      choice: { type: r(24), flags: 0 },
    },
  },
  /* 19 */ { $type: 'StringLiteralType', value: 'Test.Widgets/widgets' },
  /* 20 */ { $type: 'StringLiteralType', value: '2024-01-01' },
  /* 21 */ {
    $type: 'ObjectType',
    name: 'Test.Widgets/widgets',
    properties: {
      id: { type: r(0), flags: 10 },
      name: { type: r(1), flags: 9 },
      type: { type: r(19), flags: 10 },
      apiVersion: { type: r(20), flags: 10 },
      location: { type: r(0), flags: 1 },
      tags: { type: r(12), flags: 0 },
      properties: { type: r(18), flags: 1 },
    },
  },
  /* 22 */ { $type: 'ResourceType', name: 'Test.Widgets/widgets@2024-01-01', body: r(21), readableScopes: 8, writableScopes: 8 },
  /* 23 */ {
    $type: 'ObjectType',
    name: 'Test.Widgets/widgets/parts',
    properties: {
      name: { type: r(1), flags: 9 },
      properties: { type: r(25), flags: 0 },
    },
  },
  /* 24 */ { $type: 'UnionType', elements: [r(6), r(10)] },
  /* 25 */ { $type: 'ObjectType', name: 'PartProperties', properties: { size: { type: r(6), flags: 1 } } },
  /* 26 */ { $type: 'ResourceType', name: 'Test.Widgets/widgets/parts@2024-01-01', body: r(23), readableScopes: 8, writableScopes: 8 },
  /* 27 */ { $type: 'ResourceType', name: 'Test.Widgets/widgets/versions@2024-01-01', body: r(23), readableScopes: 8, writableScopes: 0 },
  /* 28 */ {
    $type: 'ObjectType',
    name: 'Test.Ext/notes',
    properties: { name: { type: r(0), flags: 9 }, properties: { type: r(29), flags: 1 } },
  },
  /* 29 */ { $type: 'ObjectType', name: 'NoteProperties', properties: { text: { type: r(0), flags: 1 } } },
  /* 30 */ { $type: 'ResourceType', name: 'Test.Ext/notes@2024-01-01', body: r(28), readableScopes: 31, writableScopes: 31 },
  /* 31 */ { $type: 'ResourceType', name: 'Test.Widgets/widgets@2023-01-01', body: r(21), readableScopes: 8, writableScopes: 8 },
  /* 32 */ { $type: 'ResourceFunctionType', name: 'listKeys', resourceType: 'Test.Widgets/widgets', apiVersion: '2024-01-01', output: r(0) },
  /* 33 */ { $type: 'ResourceType', name: 'Test.Widgets/tenantThings@2024-01-01', body: r(28), readableScopes: 1, writableScopes: 1 },
];

/** A second file whose resource body points into the first file, to exercise cross-file `$ref`s. */
export const GADGET_TYPES: unknown[] = [
  { $type: 'StringLiteralType', value: 'Test.Gadgets/gadgets' },
  {
    $type: 'ObjectType',
    name: 'Test.Gadgets/gadgets',
    properties: {
      name: { type: { $ref: '../widgets/types.json#/0' }, flags: 9 },
      properties: { type: { $ref: '../widgets/types.json#/25' }, flags: 1 },
    },
  },
  { $type: 'ResourceType', name: 'Test.Gadgets/gadgets@2024-01-01', body: { $ref: '#/1' }, readableScopes: 8, writableScopes: 8 },
];

export function widgetIndex(): TypeIndex {
  return buildTypeIndex([
    { path: 'test/widgets/types.json', json: WIDGET_TYPES },
    { path: 'test/gadgets/types.json', json: GADGET_TYPES },
  ]);
}

/** A widget with every property right; tests change one thing at a time. */
export function goodWidget(): Record<string, unknown> {
  return {
    type: 'Test.Widgets/widgets',
    apiVersion: '2024-01-01',
    name: 'widget1',
    location: 'usgovvirginia',
    tags: { env: 'il5' },
    dependsOn: ['[resourceId(\'x\', \'y\')]'],
    properties: {
      mode: 'Deny',
      openMode: 'anything goes',
      count: 5,
      enabled: true,
      names: ['a', 'b'],
      anything: { deep: [1, 'x', null] },
      rules: [{ value: '10.0.0.0/8', action: 'Allow' }],
      pet: { kind: 'Dog', good: true, petName: 'rex' },
      secret: 'write-only values may be set',
      code: 'abc123',
      choice: 3,
    },
  };
}
