import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'tags';
/** Azure tag limits: 50 tags a resource, names up to 512 characters, values up to 256; names without < > % & \ ? / */
export const MAX_TAGS = 50;
export const MAX_NAME = 512;
export const MAX_VALUE = 256;
const FORBIDDEN = /[<>%&\\?/]/;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'At most 50 tags; names up to 512 characters without < > % & \\ ? /; values up to 256 characters.',
  source: 'https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations',
  check(loaded): Diagnostic[] {
    const tags = loaded.spec.tags;
    const out: Diagnostic[] = [];
    const names = Object.keys(tags);
    if (names.length > MAX_TAGS) out.push(finding(loaded, ID, 'error', ['tags'], `${names.length} tags; Azure allows ${MAX_TAGS} on a resource`, `keep at most ${MAX_TAGS} tags`));
    for (const name of names) {
      const value = tags[name] ?? '';
      if (name.length > MAX_NAME) out.push(finding(loaded, ID, 'error', ['tags', name], `tag name "${name.slice(0, 40)}…" is ${name.length} characters; at most ${MAX_NAME}`, 'shorten the tag name'));
      if (FORBIDDEN.test(name)) out.push(finding(loaded, ID, 'error', ['tags', name], `tag name "${name}" contains one of < > % & \\ ? /`, 'remove those characters from the tag name'));
      if (value.length > MAX_VALUE) out.push(finding(loaded, ID, 'error', ['tags', name], `the value of tag "${name}" is ${value.length} characters; at most ${MAX_VALUE}`, 'shorten the value'));
    }
    return out;
  },
};
