/**
 * Which of Microsoft's documented template functions a registry implements, per reference page.
 * The lists are the function headings of https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-<group>
 * (read 2026-11-25). Deployment, resource and scope functions are the template engine's; pass its
 * registry to count them too.
 */
import type { Source } from '../../core/fact.js';
import type { FunctionRegistry } from '../types.js';
import type { FunctionGroup } from './define.js';
import { standardFunctions } from './index.js';

const READ = '2026-11-25';
const page = (group: string): string => `https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-${group}`;

export const DOCUMENTED_FUNCTIONS: Record<FunctionGroup, readonly string[]> = {
  array: ['array', 'concat', 'contains', 'createArray', 'empty', 'first', 'flatten', 'indexFromEnd', 'indexOf', 'intersection', 'last', 'lastIndexOf', 'length', 'max', 'min', 'range', 'skip', 'take', 'tryGet', 'tryIndexFromEnd', 'union'],
  object: ['contains', 'createObject', 'empty', 'intersection', 'items', 'json', 'length', 'null', 'objectKeys', 'shallowMerge', 'tryGet', 'union'],
  comparison: ['coalesce', 'equals', 'greater', 'greaterOrEquals', 'less', 'lessOrEquals'],
  logical: ['and', 'bool', 'false', 'if', 'not', 'or', 'true'],
  numeric: ['add', 'copyIndex', 'div', 'float', 'int', 'max', 'min', 'mod', 'mul', 'sub'],
  string: ['base64', 'base64ToJson', 'base64ToString', 'concat', 'contains', 'dataUri', 'dataUriToString', 'empty', 'endsWith', 'first', 'format', 'guid', 'indexOf', 'join', 'json', 'last', 'lastIndexOf', 'length', 'newGuid', 'padLeft', 'replace', 'skip', 'split', 'startsWith', 'string', 'substring', 'take', 'toLower', 'toUpper', 'trim', 'uniqueString', 'uri', 'uriComponent', 'uriComponentToString', 'utcNow'],
  date: ['dateTimeAdd', 'dateTimeFromEpoch', 'dateTimeToEpoch', 'utcNow'],
  cidr: ['parseCidr', 'cidrSubnet', 'cidrHost'],
  lambda: ['filter', 'groupBy', 'map', 'mapValues', 'reduce', 'sort', 'toObject'],
};

export interface GroupCoverage {
  group: FunctionGroup;
  documented: number;
  implemented: number;
  missing: string[];
  source: Source;
}

/** Implemented vs documented per reference page, for `registry` (the standard library by default). */
export function functionCoverage(registry: FunctionRegistry = standardFunctions): GroupCoverage[] {
  return (Object.keys(DOCUMENTED_FUNCTIONS) as FunctionGroup[]).map((group) => {
    const names = DOCUMENTED_FUNCTIONS[group];
    const missing = names.filter((n) => !registry.has(n.toLowerCase()));
    return { group, documented: names.length, implemented: names.length - missing.length, missing, source: { url: page(group), read: READ } };
  });
}
