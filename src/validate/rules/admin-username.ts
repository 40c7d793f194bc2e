import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'admin-username';
const PATH = ['jumpBox', 'adminUsername'] as const;
export const MAX_WINDOWS_LENGTH = 20;

/**
 * osProfile.adminUsername of a Windows VM: at most 20 characters, not ending in ".", and none of the
 * names Azure refuses (compared case-insensitively), as listed in the Compute API's OSProfile reference
 * and the Windows VM FAQ.
 */
export const DISALLOWED = [
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a',
  'actuser', 'adm', 'admin2', 'aspnet', 'backup', 'console', 'david', 'guest', 'john', 'owner', 'root',
  'server', 'sql', 'support', 'support_388945a0', 'sys', 'test2', 'test3', 'user4', 'user5',
] as const;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'jumpBox.adminUsername is 1-20 characters, does not end in "." and is not a name Azure refuses.',
  source: 'https://learn.microsoft.com/azure/virtual-machines/windows/faq#what-are-the-username-requirements-when-creating-a-vm-',
  check(loaded): Diagnostic[] {
    const jb = loaded.spec.jumpBox;
    if (!jb.enabled) return [];
    const name = jb.adminUsername;
    const problems: string[] = [];
    if (name.length === 0) problems.push('is empty');
    if (name.length > MAX_WINDOWS_LENGTH) problems.push(`is ${name.length} characters long (at most ${MAX_WINDOWS_LENGTH} on Windows)`);
    if (name.endsWith('.')) problems.push('ends in "."');
    if ((DISALLOWED as readonly string[]).includes(name.toLowerCase())) problems.push('is a name Azure refuses for the administrator account');
    if (problems.length === 0) return [];
    return [finding(loaded, ID, 'error', PATH, `the jump box admin username "${name}" ${problems.join('; ')}`, 'choose another name of up to 20 characters, e.g. "il5admin"')];
  },
};
