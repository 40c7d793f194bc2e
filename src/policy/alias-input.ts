/**
 * Alias listings given at run time (`--aliases FILE`): the alias table as Azure itself publishes it per
 * provider, with every alias's `defaultPath` and its `paths[].apiVersions`. il5ml's generated table keeps
 * default paths only (scripts/gen-aliases.ts: the public dump it is made from has no others); a listing
 * adds the per-version paths, and aliases newer than the table, for the providers it covers.
 *
 * Shapes: `az provider show --namespace NS --expand "resourceTypes/aliases"` (one provider:
 * `{"namespace", "resourceTypes": [{"resourceType", "aliases": [{"name", "defaultPath", "paths": [{"path",
 * "apiVersions"}]}]}]}`), `az provider list --expand "resourceTypes/aliases"` (an array of them), the REST
 * API's `{"value": […]}` (`GET /providers?$expand=resourceTypes/aliases`, Microsoft Learn "Azure Policy
 * definition structure aliases", https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias),
 * and `Get-AzPolicyAlias | ConvertTo-Json -Depth 100` (`Namespace`, `ResourceType`, `Aliases`, `Paths`,
 * `DefaultPath`: keys are read case-insensitively). Without -Depth, ConvertTo-Json stops at 2 levels ("The
 * default value is 2", https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertto-json,
 * read 2026-12-08; Microsoft's Enterprise Policy as Code reads aliases with `Get-AzPolicyAlias | ConvertTo-Json
 * -Depth 100`) and writes what is deeper as text: such a listing is told apart (truncated below).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { AliasDeclaration } from './aliases.js';
import { isRecord, member, parseLocated, type LocatedReader, type Path } from './json-located.js';

const FIX = 'give the output of `az provider show --namespace <namespace> --expand "resourceTypes/aliases"`';
const DEPTH_FIX = 'write the listing again with `Get-AzPolicyAlias | ConvertTo-Json -Depth 100` (or give `az provider show --namespace <namespace> --expand "resourceTypes/aliases"`)';

/**
 * A list ConvertTo-Json cut at its -Depth: it writes an object or list past the depth as its text (a .NET
 * type name, or the items' names joined by spaces) where the listing has an array. The first is reported
 * with the cause; the others are counted into one more error, not one error per alias.
 */
function truncated(rd: LocatedReader, raw: unknown, p: Path, what: string, seen: { count: number }): boolean {
  if (typeof raw !== 'string') return false;
  if (seen.count++ === 0) rd.error(p, `${what} is a text, not a list: ConvertTo-Json writes what is deeper than its -Depth (2 unless given) as text`, DEPTH_FIX);
  return true;
}

type Paths = { path: string; apiVersions: string[] }[];

function readPaths(rd: LocatedReader, raw: unknown, p: Path, alias: string, seen: { count: number }): Paths | undefined {
  if (raw === undefined || raw === null) return [];
  if (truncated(rd, raw, p, `alias ${alias}: paths`, seen)) return undefined;
  if (!Array.isArray(raw)) {
    rd.error(p, `alias ${alias}: paths must be an array of {"path", "apiVersions"}`, FIX);
    return undefined;
  }
  const out: Paths = [];
  let ok = true;
  raw.forEach((x, i) => {
    const path = isRecord(x) ? member(x, 'path')?.[1] : undefined;
    const versions = isRecord(x) ? member(x, 'apiVersions')?.[1] : undefined;
    if (typeof path !== 'string' || path === '' || !Array.isArray(versions) || versions.some((v) => typeof v !== 'string')) {
      rd.error([...p, i], `alias ${alias}: paths[${i}] needs a "path" (text) and "apiVersions" (an array of texts)`, FIX);
      ok = false;
      return;
    }
    out.push({ path, apiVersions: versions as string[] });
  });
  return ok ? out : undefined;
}

/**
 * The path of an alias that has no default: the one of its latest API version ("The latest API version
 * is always used during compliance evaluation on existing resources", src/policy/functions.ts).
 */
function latestPath(paths: Paths): string | undefined {
  let best: { v: string; path: string } | undefined;
  for (const p of paths) for (const v of p.apiVersions) if (!best || v > best.v) best = { v, path: p.path };
  return best?.path;
}

function readAliases(rd: LocatedReader, type: string, raw: unknown, p: Path, out: AliasDeclaration[], seen: { count: number }): void {
  if (raw === undefined || raw === null) return;
  if (truncated(rd, raw, p, `resource type ${type}: aliases`, seen)) return;
  if (!Array.isArray(raw)) {
    rd.error(p, `resource type ${type}: aliases must be an array`, FIX);
    return;
  }
  raw.forEach((a, i) => {
    const ap = [...p, i];
    const name = isRecord(a) ? member(a, 'name')?.[1] : undefined;
    if (truncated(rd, a, ap, `resource type ${type}: aliases[${i}]`, seen)) return;
    if (!isRecord(a) || typeof name !== 'string' || name === '') {
      rd.error(ap, `resource type ${type}: aliases[${i}] has no name`, FIX);
      return;
    }
    const pm = member(a, 'paths');
    const paths = readPaths(rd, pm?.[1], [...ap, pm?.[0] ?? 'paths'], name, seen);
    if (!paths) return;
    const dm = member(a, 'defaultPath');
    const defaultPath = typeof dm?.[1] === 'string' && dm[1] !== '' ? dm[1] : latestPath(paths);
    if (dm !== undefined && dm[1] !== null && typeof dm[1] !== 'string') {
      rd.error([...ap, dm[0]], `alias ${name}: defaultPath must be a text`, FIX);
      return;
    }
    if (defaultPath === undefined) {
      rd.error(ap, `alias ${name} has neither a defaultPath nor paths`, FIX);
      return;
    }
    out.push({ type, name, defaultPath, paths });
  });
}

/** Every alias of one listing file, with the problems of the file (all at once, with positions). */
export function parseAliasListing(file: string, text: string): { declarations: AliasDeclaration[]; diagnostics: Diagnostic[] } {
  const parsed = parseLocated(file, text, 'IL5-ALIASES', FIX);
  if ('diagnostics' in parsed) return { declarations: [], diagnostics: parsed.diagnostics };
  const { doc, reader: rd } = parsed;
  let providers: { item: unknown; path: Path }[];
  const value = isRecord(doc) ? member(doc, 'value') : undefined;
  if (Array.isArray(doc)) providers = doc.map((item, i) => ({ item, path: [i] }));
  else if (value && Array.isArray(value[1])) providers = value[1].map((item, i) => ({ item, path: [value[0], i] }));
  else providers = [{ item: doc, path: [] }];
  const out: AliasDeclaration[] = [];
  const seen = { count: 0 };
  for (const { item, path } of providers) {
    const ns = isRecord(item) ? member(item, 'namespace')?.[1] : undefined;
    if (!isRecord(item) || typeof ns !== 'string' || ns === '') {
      rd.error(path, `${file}: expected a resource provider with its namespace`, FIX);
      continue;
    }
    const types = member(item, 'resourceTypes');
    // Get-AzPolicyAlias: one resource type per item, beside its namespace.
    const single = member(item, 'resourceType');
    const entries: { t: unknown; tp: Path }[] =
      types && Array.isArray(types[1]) ? types[1].map((t, i) => ({ t, tp: [...path, types[0], i] })) : single !== undefined ? [{ t: item, tp: path }] : [];
    for (const { t, tp } of entries) {
      const rt = isRecord(t) ? member(t, 'resourceType')?.[1] : undefined;
      if (!isRecord(t) || typeof rt !== 'string' || rt === '') {
        rd.error(tp, `provider ${ns}: a resource type without its resourceType name`, FIX);
        continue;
      }
      const am = member(t, 'aliases');
      readAliases(rd, `${ns}/${rt}`, am?.[1], [...tp, am?.[0] ?? 'aliases'], out, seen);
    }
  }
  if (seen.count > 1) rd.error([], `${file}: ${seen.count - 1} more lists are texts, cut the same way`, DEPTH_FIX);
  if (!out.length && !rd.diagnostics.length) rd.error([], `${file} lists no alias`, `${FIX} (--expand is what adds the aliases)`);
  return { declarations: out, diagnostics: rd.diagnostics };
}
