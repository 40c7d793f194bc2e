/**
 * An exemption's `resource` pattern and the resources it names: the one rule `il5ml plan` (its baseline
 * verdicts and the Azure exemptions it emits) and `il5ml check` (the spec's policy.exemptions and
 * --exemptions) apply, so that the same spec exempts the same resources in both (docs/exemptions.md).
 *
 * A pattern names a resource when it matches, `*` standing for any text and case-insensitively (as ARM
 * compares ids), either the resource's full ID or its name. The name is the one ARM gives it in a template
 * and in `il5ml expand`: a child resource's `parent/child` (`kv1/cmk` for a key of vault kv1), not its last
 * segment alone, so that `cmk` does not name every vault's key `cmk`. `*` matches `/` too: `il5mlkv*` names
 * the vault and what lies under it, as an Azure exemption at the vault covers its children.
 */
import { likeMatches } from './wildcard.js';

const PROVIDERS = '/providers/';

/**
 * The name ARM gives the resource of `id`: after the id's last `/providers/<namespace>/`, every other
 * segment (`type/name[/type/name]…`) joined with `/`. An extension resource
 * (`…/vaults/kv1/providers/Microsoft.Insights/diagnosticSettings/logs`) is named `logs`; an id without
 * `/providers/` (a resource group, a subscription) by its last segment.
 */
export function armNameOf(id: string): string {
  const trimmed = id.replace(/\/+$/, '');
  const p = trimmed.toLowerCase().lastIndexOf(PROVIDERS);
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (p < 0) return last;
  // namespace/type/name[/type/name]…: the names are every other segment after the namespace.
  const names = trimmed
    .slice(p + PROVIDERS.length)
    .split('/')
    .slice(2)
    .filter((_, i) => i % 2 === 0);
  return names.join('/') || last;
}

/**
 * Whether an exemption's `resource` pattern names the resource of `id`: it matches the full ID or the
 * resource's name (`name`, by default the one armNameOf reads from the id). Linear time (wildcard.ts).
 */
export function resourceMatches(pattern: string, id: string, name: string = armNameOf(id)): boolean {
  return likeMatches(pattern, id) || likeMatches(pattern, name);
}
