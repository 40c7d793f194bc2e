/**
 * The node model of the official Azure resource type definitions (Azure/bicep-types-az `generated/`
 * `types.json` files, format described in ../shared/azure-types/README.md), and the findings the
 * validator reports against them.
 *
 * Sources: property flags from ../shared/azure-types/README.md; ScopeType from
 * https://github.com/Azure/bicep-types (src/Bicep.Types/Concrete/ScopeType.cs), read 2026-11-25.
 */

/** `{"$ref": "#/N"}` points at element N of the same file; `other/types.json#/N` at another file. */
export interface TypeRef {
  $ref: string;
}

export interface ObjectProperty {
  type: TypeRef;
  flags?: number;
  description?: string;
}

export interface ObjectTypeNode {
  $type: 'ObjectType';
  name?: string;
  properties?: Record<string, ObjectProperty>;
  additionalProperties?: TypeRef;
  sensitive?: boolean;
}

export interface DiscriminatedObjectTypeNode {
  $type: 'DiscriminatedObjectType';
  name?: string;
  discriminator: string;
  baseProperties?: Record<string, ObjectProperty>;
  elements: Record<string, TypeRef>;
}

export interface UnionTypeNode {
  $type: 'UnionType';
  elements: TypeRef[];
}

export interface StringLiteralTypeNode {
  $type: 'StringLiteralType';
  value: string;
}

export interface StringTypeNode {
  $type: 'StringType';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  sensitive?: boolean;
}

export interface IntegerTypeNode {
  $type: 'IntegerType';
  minValue?: number;
  maxValue?: number;
}

export interface BooleanTypeNode {
  $type: 'BooleanType';
}

export interface AnyTypeNode {
  $type: 'AnyType';
}

export interface ArrayTypeNode {
  $type: 'ArrayType';
  itemType: TypeRef;
  minLength?: number;
  maxLength?: number;
}

export interface ResourceTypeNode {
  $type: 'ResourceType';
  /** `Type@apiVersion`, e.g. `Microsoft.KeyVault/vaults@2023-07-01`. */
  name: string;
  body: TypeRef;
  /** ScopeType bit set (see SCOPE). */
  readableScopes?: number;
  writableScopes?: number;
}

/** list* actions: not a value type; never met while walking a resource body. */
export interface ResourceFunctionTypeNode {
  $type: 'ResourceFunctionType';
  name: string;
  resourceType: string;
  apiVersion: string;
}

export type TypeNode =
  | ObjectTypeNode
  | DiscriminatedObjectTypeNode
  | UnionTypeNode
  | StringLiteralTypeNode
  | StringTypeNode
  | IntegerTypeNode
  | BooleanTypeNode
  | AnyTypeNode
  | ArrayTypeNode
  | ResourceTypeNode
  | ResourceFunctionTypeNode;

/** Property flags, a bit set (../shared/azure-types/README.md). */
export const FLAG = {
  Required: 1,
  ReadOnly: 2,
  WriteOnly: 4,
  DeployTimeConstant: 8,
  Identifier: 16,
} as const;

/** ScopeType in bicep-types (Concrete/ScopeType.cs): where a resource type may be deployed. */
export const SCOPE = {
  None: 0,
  Tenant: 1,
  ManagementGroup: 2,
  Subscription: 4,
  ResourceGroup: 8,
  Extension: 16,
} as const;

export type TypeFindingCode =
  /** No type of that name in the loaded definitions. */
  | 'unknown-type'
  /** The type exists, but not at that apiVersion. */
  | 'unknown-api-version'
  /** The type exists but cannot be written at the scope used (writableScopes). */
  | 'not-deployable'
  /** A Required property is absent (or null). */
  | 'required'
  /** A ReadOnly property is set. */
  | 'read-only'
  /** A property the type does not declare, on an object without additionalProperties. */
  | 'unknown-property'
  /** A declared property spelled with another case (ARM matches names case-insensitively; Bicep warns). */
  | 'property-case'
  /** A value outside a closed set of string literals. */
  | 'enum'
  /** A literal that matches an allowed one only when case is ignored (some providers refuse it). */
  | 'enum-case'
  /** Wrong JSON type (string where an object is expected…). */
  | 'type'
  | 'string-length'
  | 'pattern'
  | 'integer-range'
  | 'array-length'
  /** The discriminator of a DiscriminatedObjectType is missing or names no known variant. */
  | 'discriminator'
  /** A top-level child's name does not have one segment per type segment (`kv1/key1` for vaults/keys). */
  | 'name-segments';

export interface TypeFinding {
  code: TypeFindingCode;
  /** error: Azure or Bicep refuses it (or may); warning: ARM accepts it, but it is not the type's spelling. */
  severity: 'error' | 'warning';
  /** The resource, as declared: full type, apiVersion, name. */
  resourceType: string;
  apiVersion: string;
  name: string;
  /** Where the resource stands in the template (`resources[3]`, `resources[3].resources[0]`), when known. */
  templatePath?: string;
  /** JSON path inside the resource: `properties.networkAcls.defaultAction`; empty for the resource itself. */
  path: string;
  message: string;
  /** What the type allows, as text (`'Allow' | 'Deny'`, `string (3..24)`, `object`). */
  expected?: string;
  /** What the template holds, as text. */
  found?: string;
}
