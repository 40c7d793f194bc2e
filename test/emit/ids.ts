import { nameFragment, nameSegments, resourceIdExpr } from '../../src/emit/arm.js';
import type { ArmResourceDecl } from '../../src/emit/types.js';

/** The ID expression ARM gives a declared resource, in the form the emitters write dependsOn in. */
export function declaredId(r: ArmResourceDecl): string {
  if (r.scope !== undefined) return `[extensionResourceId(${r.scope.slice(1, -1)}, '${r.type}', ${nameFragment(r.name)})]`;
  return resourceIdExpr(r.type, ...nameSegments(r.name));
}
