import type { Diagnostic } from '../../core/diagnostic.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'package-sources';

/** A host name as Azure Firewall application rules take it: labels of letters, digits and hyphens; no scheme, path or port. */
const FQDN = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * firewall.packageSources: mode mirror needs at least one mirror host, each an FQDN (the firewall's application
 * rule takes host names, https://learn.microsoft.com/azure/firewall/rule-processing); mirror hosts with another
 * mode are ignored (a warning).
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'firewall.packageSources mode mirror names at least one mirror host, each a plain FQDN.',
  source: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#python-hosts',
  check(loaded): Diagnostic[] {
    const p = loaded.spec.firewall.packageSources;
    const out: Diagnostic[] = [];
    if (p.mode !== 'mirror') {
      if (p.mirror.length > 0) {
        out.push(finding(loaded, ID, 'warning', ['firewall', 'packageSources', 'mirror'], `firewall.packageSources.mirror is ignored with mode ${p.mode}`, 'set firewall.packageSources.mode to mirror, or remove mirror'));
      }
      return out;
    }
    if (p.mirror.length === 0) {
      out.push(finding(loaded, ID, 'error', ['firewall', 'packageSources', 'mode'], 'firewall.packageSources.mode is mirror but no mirror host is given', 'list the mirror\'s host names under firewall.packageSources.mirror, e.g. [artifacts.example.mil]'));
    }
    p.mirror.forEach((host, i) => {
      if (!FQDN.test(host)) {
        out.push(finding(loaded, ID, 'error', ['firewall', 'packageSources', 'mirror', i], `mirror host "${host}" is not a host name`, 'write the host alone, without https:// or a path, e.g. artifacts.example.mil'));
      }
    });
    return out;
  },
};
