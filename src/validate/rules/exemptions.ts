import type { Diagnostic } from '../../core/diagnostic.js';
import { resolveExemptionKey, unknownKeyText } from '../../baseline/exemption-keys.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'exemptions';

/** A real calendar date: 2027-02-30 is refused. */
function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * An exemption waives a baseline rule or policy; like an Azure Policy exemption it needs an expiry and
 * an accountable reason (PSRule and cdk-nag suppressions carry a reason too). Whether it has already
 * expired is decided when it is applied, against the run's date, not here.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'Every exemption names a known rule (or a definition GUID or ID), has a non-empty justification and an expiresOn date YYYY-MM-DD.',
  source: 'https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure',
  check(loaded): Diagnostic[] {
    const out: Diagnostic[] = [];
    loaded.spec.policy.exemptions.forEach((e, i) => {
      const base = ['policy', 'exemptions', i] as const;
      if (e.rule.trim() === '') out.push(finding(loaded, ID, 'error', [...base, 'rule'], `exemption ${i + 1} names no rule`, 'write the baseline rule id or the policy definition GUID it waives (rule: or policyDefinitionId:)'));
      else {
        const key = resolveExemptionKey(e.rule);
        if (key.kind === 'retired') out.push(finding(loaded, ID, 'warning', [...base, 'rule'], `exemption ${i + 1}: ${key.why}`, 'remove the exemption'));
        if (key.kind === 'unknown') {
          const t = unknownKeyText(e.rule, key.didYouMean);
          out.push(finding(loaded, ID, 'error', [...base, 'rule'], `exemption ${i + 1}: ${t.message}`, t.fix));
        }
      }
      if (e.justification.trim() === '') out.push(finding(loaded, ID, 'error', [...base, 'justification'], `exemption ${i + 1} (${e.rule}) has an empty justification`, 'say why the risk is accepted and who accepted it'));
      if (!isIsoDate(e.expiresOn)) out.push(finding(loaded, ID, 'error', [...base, 'expiresOn'], `exemption ${i + 1} (${e.rule}) expiresOn "${e.expiresOn}" is not a date YYYY-MM-DD`, 'write a calendar date, e.g. 2027-06-30'));
    });
    return out;
  },
};
