/**
 * A list that is one page of several: what `az rest` prints of a REST list API, or `az graph query` of a
 * query with more results than `--first`. Verdicts on one page would say nothing of the resources (or
 * definitions) of the others, so such a list is refused, naming the next page and how to get them all.
 *
 * - REST: `nextLink`, "The URL to use for getting the next set of results"; on the last page it is omitted
 *   or null (Azure Resource Manager RPC, resource-api-reference.md#get-resource,
 *   https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/resource-api-reference.md).
 * - Resource Graph: the skip token, "When present, the value can be passed to a subsequent query call
 *   (together with the same query and scopes used in the current request) to retrieve the next page of
 *   data" (QueryResponse.skipToken, https://learn.microsoft.com/java/api/com.azure.resourcemanager.resourcegraph.models.queryresponse);
 *   `$skipToken` in REST, `skip_token` as `az graph query` prints it, `SkipToken` from Search-AzGraph. A
 *   query returns at most 1,000 records a page ("Working with large Azure resource data sets",
 *   https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data). Read 2026-12-08.
 *
 * `az resource list` and `az policy definition list` print every page: the CLI's list commands turn the
 * SDK's pager into one list (Azure/azure-cli#3481, "I return an iterator, and you cast it as a list").
 */
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';

/** A wrapper's next page: the key as written, its value, and where the value is. */
export interface NextPage {
  key: string;
  value: string;
  line: number;
  column: number;
}

/** Keys of a wrapper naming a next page (lower case). */
export const NEXT_PAGE_KEYS = new Set(['nextlink', '$skiptoken', 'skiptoken', 'skip_token']);

/** The next page a parsed wrapper object names (a non-empty string under a NEXT_PAGE_KEYS key), if any. */
export function nextPageKey(o: Record<string, unknown>): string | undefined {
  return Object.keys(o).find((k) => NEXT_PAGE_KEYS.has(k.toLowerCase()) && typeof o[k] === 'string' && o[k] !== '');
}

/** The error of a list that is one page of several; `what` is what the list holds ("resources", "policy definitions"). */
export function nextPageError(file: string, key: string, value: string, location: SourceLocation | undefined, what: 'resources' | 'policy definitions', code: string): Diagnostic {
  const shown = value.length > 120 ? `${value.slice(0, 120)}…` : value;
  const graph = key.toLowerCase() !== 'nextlink';
  const fix = graph
    ? `run the query again with --skip-token '<${key}>' (and --first 1000) until no skip token is printed, and give il5ml every page (each file as an input, or joined: jq -s 'map(.data) | add' page*.json > all.json)`
    : what === 'resources'
      ? "list them all: az resource list (or az graph query, paging with --skip-token), or fetch each page with az rest --url '<nextLink>' and join them: jq -s 'map(.value) | add' page*.json > all.json"
      : "list them all: az policy definition list / az policy set-definition list, or fetch each page with az rest --url '<nextLink>' and join them: jq -s 'map(.value) | add' page*.json > all.json";
  return {
    severity: 'error',
    code,
    message: `${file} is one page of a longer list of ${what}: its '${key}' (${JSON.stringify(shown)}) names the next page, and verdicts on this page alone would leave out the ${what} of the others`,
    fix,
    ...(location ? { location } : { path: file }),
  };
}
