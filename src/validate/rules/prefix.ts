import type { Diagnostic } from '../../core/diagnostic.js';
import { MAX_PREFIX_LENGTH, UNIQUE_STRING_LENGTH } from '../../spec/names.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'prefix';
const PATH = ['prefix'] as const;
const MIN = 2;

/**
 * The prefix starts every resource name, including the storage account's (3-24 lowercase letters and
 * digits, global) and the key vault's (3-24, starting with a letter). With the type tag (2) and
 * uniqueString (13), 8 characters is the most that keeps those within 24.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: `prefix is ${MIN}-${MAX_PREFIX_LENGTH} lowercase letters and digits, starting with a letter.`,
  source: 'https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage',
  check(loaded): Diagnostic[] {
    const p = loaded.spec.prefix;
    const problems: string[] = [];
    if (p.length < MIN || p.length > MAX_PREFIX_LENGTH) {
      problems.push(`is ${p.length} characters long (${MIN}-${MAX_PREFIX_LENGTH} allowed: 8 + 2 + ${UNIQUE_STRING_LENGTH} for uniqueString is the 24 of storage and key vault names)`);
    }
    if (/[^a-z0-9]/.test(p)) problems.push('may hold only lowercase letters and digits (storage account names allow nothing else)');
    if (p.length > 0 && !/^[A-Za-z]/.test(p)) problems.push('must start with a letter (key vault names do)');
    if (problems.length === 0) return [];
    const suggestion = p.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^[0-9]+/, '').slice(0, MAX_PREFIX_LENGTH);
    const fix = suggestion.length >= MIN ? `use e.g. "${suggestion}"` : 'use 2-8 lowercase letters and digits, e.g. "il5ml"';
    return [finding(loaded, ID, 'error', PATH, `prefix "${p}" ${problems.join('; ')}`, fix)];
  },
};
