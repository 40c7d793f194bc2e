import type { SourceLocation } from './diagnostic.js';

/**
 * A concrete Azure resource, as the template engine produces it from a template (`il5ml expand`) or as
 * Azure returns it (`az resource show`, `az graph query`). Property values may hold `Unknown`
 * (src/core/unknown.ts) where the value exists only after deployment.
 */
export interface AzureResource {
  /** Full resource ID, e.g. /subscriptions/…/resourceGroups/…/providers/Microsoft.KeyVault/vaults/kv1 */
  id: string;
  /** e.g. Microsoft.KeyVault/vaults, Microsoft.KeyVault/vaults/keys */
  type: string;
  /** Full name as ARM writes it for child resources: `parent/child`. */
  name: string;
  apiVersion?: string;
  location?: string;
  kind?: string;
  sku?: unknown;
  identity?: unknown;
  tags?: Record<string, unknown>;
  zones?: unknown;
  properties?: unknown;
  /** For extension resources (diagnostic settings, role assignments, locks): the ID of the target. */
  scope?: string;
  dependsOn?: string[];
  /** Where the resource was declared (template file:line:column), when it came from a template. */
  source?: SourceLocation;
  [key: string]: unknown;
}
