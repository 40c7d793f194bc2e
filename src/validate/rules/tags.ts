import type { Diagnostic } from '../../core/diagnostic.js';
import { PRIVATE_GC_TAG } from '../../catalog/network-layout.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'tags';
/**
 * Azure tag limits: 50 tags a resource, names up to 512 characters, values up to 256; names without
 * < > % & \ ? /; names case-insensitive ("Tag names are case-insensitive for operations", tag-resources,
 * read 2026-12-07): Environment and environment are one tag in Azure, with one of the two values.
 */
export const MAX_TAGS = 50;
export const MAX_NAME = 512;
export const MAX_VALUE = 256;
const FORBIDDEN = /[<>%&\\?/]/;

export const rule: SpecRule = {
  id: ID,
  synopsis: `At most 50 tags on every resource (49 in the spec with a jump box, which also carries ${PRIVATE_GC_TAG}); names up to 512 characters without < > % & \\ ? /, not repeated in another case; values up to 256 characters.`,
  source: 'https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations',
  check(loaded): Diagnostic[] {
    const tags = loaded.spec.tags;
    const out: Diagnostic[] = [];
    const names = Object.keys(tags);
    // The jump box VM carries the spec's tags and PRIVATE_GC_TAG (src/emit/jumpbox.ts): a 50th spec tag
    // makes it 51, which Azure refuses ("The specified entity can have a maximum of 50 tags",
    // learn.microsoft.com/rest/api/resources/tags/createorupdateatscope, read 2026-12-07).
    const extra = loaded.spec.jumpBox.enabled && !names.some((n) => n.toLowerCase() === PRIVATE_GC_TAG.toLowerCase()) ? 1 : 0;
    if (names.length + extra > MAX_TAGS) {
      out.push(
        extra === 0
          ? finding(loaded, ID, 'error', ['tags'], `${names.length} tags; Azure allows ${MAX_TAGS} on a resource`, `keep at most ${MAX_TAGS} tags`)
          : finding(
              loaded,
              ID,
              'error',
              ['tags'],
              `${names.length} tags; the jump box also carries ${PRIVATE_GC_TAG} (so that guest configuration reports over the Azure platform), which makes ${names.length + 1}, and Azure allows ${MAX_TAGS} on a resource`,
              `keep at most ${MAX_TAGS - extra} tags, or set jumpBox.enabled: false`,
            ),
      );
    }
    const gcVariant = loaded.spec.jumpBox.enabled ? names.find((n) => n !== PRIVATE_GC_TAG && n.toLowerCase() === PRIVATE_GC_TAG.toLowerCase()) : undefined;
    if (gcVariant !== undefined) {
      out.push(
        finding(loaded, ID, 'error', ['tags', gcVariant], `tag "${gcVariant}" is the jump box's ${PRIVATE_GC_TAG} tag in another case: the jump box would carry both, one tag in Azure`, `write it as ${PRIVATE_GC_TAG}, or remove it (the plan sets ${PRIVATE_GC_TAG}: TRUE on the jump box)`),
      );
    }
    const seen = new Map<string, string>();
    for (const name of names) {
      const value = tags[name] ?? '';
      if (name.length > MAX_NAME) out.push(finding(loaded, ID, 'error', ['tags', name], `tag name "${name.slice(0, 40)}…" is ${name.length} characters; at most ${MAX_NAME}`, 'shorten the tag name'));
      if (FORBIDDEN.test(name)) out.push(finding(loaded, ID, 'error', ['tags', name], `tag name "${name}" contains one of < > % & \\ ? /`, 'remove those characters from the tag name'));
      if (value.length > MAX_VALUE) out.push(finding(loaded, ID, 'error', ['tags', name], `the value of tag "${name}" is ${value.length} characters; at most ${MAX_VALUE}`, 'shorten the value'));
      const folded = name.toLowerCase();
      const first = seen.get(folded);
      if (first === undefined) seen.set(folded, name);
      else {
        out.push(
          finding(
            loaded,
            ID,
            'error',
            ['tags', name],
            `tag "${name}" is tag "${first}" in another case: Azure tag names are case-insensitive, so the two are one tag and only one value would be kept`,
            `keep one of "${first}" and "${name}"`,
          ),
        );
      }
    }
    return out;
  },
};
