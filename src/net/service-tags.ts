import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { depthMessage, lineColumn, tooDeepAt } from '../core/json-depth.js';
import { StrictJsonPaths } from '../core/json-paths.js';
import { bomAsSpace, notStrictError, parseErrorWords, tolerable } from '../core/json-tolerant.js';
import { lineIndex } from '../core/line-index.js';
import { aggregate, CidrSyntaxError, formatCidr, parseCidr, type Cidr } from './cidr.js';

/**
 * Microsoft's published service tags file (Azure IP Ranges and Service Tags, Azure Government:
 * `ServiceTags_AzureGovernment_<date>.json`, Download Center id 57063). Shape, as the files in
 * ../shared/service-tags show it: `{changeNumber, cloud, values: [{name, id, properties: {changeNumber,
 * region, regionId, platform, systemService, addressPrefixes, networkFeatures}}]}`.
 */
export interface ServiceTag {
  name: string;
  /** Lowercase region (`usgovvirginia`), or '' for a cloud-wide tag. */
  region: string;
  changeNumber: number;
  /** Where the tag may be used: API, NSG, UDR, FW, VSE. Absent in the file for some regional tags. */
  networkFeatures?: string[];
  /** As published. */
  addressPrefixes: string[];
}

export interface ServiceTagsFile {
  file: string;
  changeNumber: number;
  cloud: string;
  tags: Map<string, ServiceTag>;
}

export const SERVICE_TAGS_SOURCE = {
  url: 'https://www.microsoft.com/download/details.aspx?id=57063',
  read: '2026-11-25',
  note: 'Azure IP Ranges and Service Tags - US Government Cloud',
} as const;

type PathSeg = string | number;

/** Bad prefixes listed one by one: past this a file is not a service tags file, and a million lines help no one. */
const MAX_PREFIX_PROBLEMS = 1000;

/**
 * Parses a service tags file. Every problem is reported at once, each with the file, the line and
 * column, what is wrong and how to fix it. JSON.parse does the common case fast; the position-aware
 * jsonc-parser tree is built only when there is something to report.
 */
export function parseServiceTags(input: string, file: string): { value?: ServiceTagsFile; diagnostics: Diagnostic[] } {
  // A release saved by a PowerShell download script has a byte-order mark (core/json-tolerant.ts).
  const text = bomAsSpace(input);
  const problems: { path: PathSeg[]; message: string; fix: string }[] = [];
  let badPrefixes = 0;
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    return { diagnostics: [{ severity: 'error', code: 'IL5-TAGS-JSON', message: depthMessage(file), fix: 'download the service tags file again (Microsoft Download Center id 57063, Azure Government)', location: { file, ...lineColumn(text, deep) } }] };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const fix = 'download the service tags file again (Microsoft Download Center id 57063, Azure Government)';
    if (!tolerable(text)) return { diagnostics: [notStrictError(file, text, 'IL5-TAGS-JSON', fix)] };
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const at = lineColumn(text, first?.offset ?? 0);
    // What is wrong, as far as the text tells: nothing in it, a web page saved in place of the file (the
    // Download Center's details page), a file cut short (an interrupted download), or the syntax error.
    const message =
      text.trim() === ''
        ? `${file} is empty`
        : /^\s*</.test(text)
          ? `${file} is a web page (HTML), not the service tags JSON`
          : errors.some((e) => e.offset >= text.trimEnd().length)
            ? `${file} is not valid JSON: it ends before the document does${first ? ` (${parseErrorWords(first, text)})` : ''}: a download cut short?`
            : `${file} is not valid JSON${first ? `: ${parseErrorWords(first, text)}` : ''}`;
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'IL5-TAGS-JSON',
          message,
          fix: /^\s*</.test(text) ? 'on https://www.microsoft.com/download/details.aspx?id=57063 choose Download and save the ServiceTags_AzureGovernment_<date>.json it links to' : fix,
          location: { file, ...at },
        },
      ],
    };
  }
  const tags = new Map<string, ServiceTag>();
  let changeNumber = 0;
  let cloud = '';
  const root = doc as Record<string, unknown>;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    problems.push({ path: [], message: 'the file is not a JSON object', fix: 'give the service tags JSON file itself' });
  } else {
    if (typeof root.changeNumber === 'number') changeNumber = root.changeNumber;
    else problems.push({ path: ['changeNumber'], message: '"changeNumber" is missing or not a number', fix: 'give an unmodified service tags file' });
    if (typeof root.cloud === 'string') cloud = root.cloud;
    if (cloud && cloud !== 'AzureGovernment') {
      problems.push({
        path: ['cloud'],
        message: `the file is for cloud "${cloud}", not AzureGovernment`,
        fix: 'download "Azure IP Ranges and Service Tags - US Government Cloud" (ServiceTags_AzureGovernment_<date>.json)',
      });
    }
    if (!Array.isArray(root.values)) {
      problems.push({ path: ['values'], message: '"values" is missing or not an array', fix: 'give an unmodified service tags file' });
    } else {
      root.values.forEach((v: unknown, i: number) => {
        const entry = v as Record<string, unknown> | null;
        const name = entry && typeof entry.name === 'string' ? entry.name : undefined;
        if (!name) {
          problems.push({ path: ['values', i, 'name'], message: `values[${i}] has no "name"`, fix: 'give an unmodified service tags file' });
          return;
        }
        const props = entry?.properties as Record<string, unknown> | undefined;
        if (!props || typeof props !== 'object') {
          problems.push({ path: ['values', i], message: `tag ${name} has no "properties"`, fix: 'give an unmodified service tags file' });
          return;
        }
        const prefixes = props.addressPrefixes;
        if (!Array.isArray(prefixes) || prefixes.some((p) => typeof p !== 'string')) {
          problems.push({
            path: ['values', i, 'properties', 'addressPrefixes'],
            message: `tag ${name}: "addressPrefixes" is missing or not an array of strings`,
            fix: 'give an unmodified service tags file',
          });
          return;
        }
        prefixes.forEach((p: string, j: number) => {
          try {
            parseCidr(p);
          } catch (e) {
            if (!(e instanceof CidrSyntaxError)) throw e;
            if (badPrefixes++ < MAX_PREFIX_PROBLEMS) problems.push({ path: ['values', i, 'properties', 'addressPrefixes', j], message: `tag ${name}: ${e.message}`, fix: 'give an unmodified service tags file' });
          }
        });
        if (tags.has(name)) {
          problems.push({ path: ['values', i, 'name'], message: `tag ${name} appears twice`, fix: 'give an unmodified service tags file' });
          return;
        }
        const nf = props.networkFeatures;
        tags.set(name, {
          name,
          region: typeof props.region === 'string' ? props.region : '',
          changeNumber: typeof props.changeNumber === 'number' ? props.changeNumber : 0,
          ...(Array.isArray(nf) ? { networkFeatures: nf.filter((x): x is string => typeof x === 'string') } : {}),
          addressPrefixes: prefixes as string[],
        });
      });
    }
  }
  if (badPrefixes > MAX_PREFIX_PROBLEMS) {
    problems.push({ path: [], message: `${badPrefixes - MAX_PREFIX_PROBLEMS} more prefixes are not valid CIDR blocks (the first ${MAX_PREFIX_PROBLEMS} are listed)`, fix: 'download the service tags file again (Microsoft Download Center id 57063, Azure Government)' });
  }
  if (problems.length === 0) return { value: { file, changeNumber, cloud, tags }, diagnostics: [] };
  // One tree and one index of line starts for all problems: a file with 100,000 bad prefixes is
  // located in one pass, not one pass per problem.
  // Past TOLERANT_LIMIT no tree (core/json-tolerant.ts): the text is strict JSON (JSON.parse read it), whose
  // paths core/json-paths.ts finds by scanning only the containers on them. A path absent from the file (a
  // member that is missing) is placed at the nearest member on it that is there.
  const tree = tolerable(text) ? parseTree(text) : undefined;
  const strict = tree ? undefined : new StrictJsonPaths(text);
  const offsetOf = (path: PathSeg[]): number | undefined => (tree ? findNodeAtLocation(tree, path)?.offset : strict?.valueOffsetOf(path));
  const lines = lineIndex(text);
  const locate = (path: PathSeg[]): SourceLocation => {
    let offset = offsetOf(path);
    for (let k = path.length - 1; offset === undefined && k >= 0; k--) offset = offsetOf(path.slice(0, k));
    return { file, ...lines.at(offset ?? 0) };
  };
  return {
    diagnostics: problems.map((p) => ({
      severity: 'error' as const,
      code: 'IL5-TAGS-FORMAT',
      message: `${file}: ${p.message}`,
      fix: p.fix,
      location: locate(p.path),
    })),
  };
}

/** Looks a tag up by name as Azure spells it; names are case-insensitive in Azure, so match that way. */
export function findTag(file: ServiceTagsFile, name: string): ServiceTag | undefined {
  const exact = file.tags.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const t of file.tags.values()) if (t.name.toLowerCase() === lower) return t;
  return undefined;
}

/** A tag's prefixes, aggregated (IPv4 then IPv6), as blocks. */
export function aggregatedTag(tag: ServiceTag): Cidr[] {
  return aggregate(tag.addressPrefixes.map(parseCidr));
}

export interface TagDiff {
  tag: string;
  /** Aggregated prefixes in the new file and not in the old one. */
  added: string[];
  /** Aggregated prefixes in the old file and not in the new one. */
  removed: string[];
  /** Tag missing from one of the files, or from both (a tag the rules name that neither release has: no change). */
  missingIn?: 'old' | 'new' | 'both';
  oldCount: number;
  newCount: number;
}

/**
 * Per tag, the aggregated prefixes to add to and remove from an appliance that holds the old release's
 * aggregated list, to hold the new one's. Both sides are aggregated first so that a prefix split or
 * merged between releases without changing addresses shows no change.
 */
export function diffServiceTags(oldFile: ServiceTagsFile, newFile: ServiceTagsFile, tagNames: readonly string[]): TagDiff[] {
  return [...new Set(tagNames)].sort().map((name) => {
    const o = findTag(oldFile, name);
    const n = findTag(newFile, name);
    const oldSet = o ? aggregatedTag(o).map(formatCidr) : [];
    const newSet = n ? aggregatedTag(n).map(formatCidr) : [];
    const oldKeys = new Set(oldSet);
    const newKeys = new Set(newSet);
    const d: TagDiff = {
      tag: name,
      added: newSet.filter((c) => !oldKeys.has(c)),
      removed: oldSet.filter((c) => !newKeys.has(c)),
      oldCount: oldSet.length,
      newCount: newSet.length,
    };
    if (!o && !n) d.missingIn = 'both';
    else if (!o) d.missingIn = 'old';
    else if (!n) d.missingIn = 'new';
    return d;
  });
}
