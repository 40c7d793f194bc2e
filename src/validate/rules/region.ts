import type { Diagnostic } from '../../core/diagnostic.js';
import { GOVERNMENT_REGIONS, amlRegions } from '../../catalog/regions.js';
import { foldName, suggest } from '../../spec/suggest.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'region';
const PATH = ['region'] as const;

/**
 * Azure Machine Learning in Azure Government exists in usgovvirginia and usgovarizona only
 * (src/catalog/regions.ts). Every other region — commercial, US Gov without Azure ML, DoD — fails here
 * rather than at deployment, after the network and key vault already exist.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'region is an Azure Government region that offers Azure Machine Learning (usgovvirginia, usgovarizona).',
  source: 'https://learn.microsoft.com/azure/machine-learning/reference-machine-learning-cloud-parity',
  check(loaded): Diagnostic[] {
    const region = loaded.spec.region;
    const allowed = amlRegions();
    const allowedText = allowed.map((r) => r.name).join(' or ');
    if (allowed.some((r) => r.name === region)) return [];
    const fix = `set region to ${allowedText}`;

    // "US Gov Virginia", "USGovVirginia", "usgov-virginia": the right region, written another way.
    const folded = foldName(region);
    const variant = GOVERNMENT_REGIONS.find((r) => foldName(r.name) === folded || foldName(r.displayName) === folded);
    if (variant?.azureMachineLearning) {
      return [
        finding(loaded, ID, 'error', PATH, `region "${region}" is not an ARM location name. Did you mean "${variant.name}"?`, `set region to ${variant.name} (the location name ARM takes, not the display name "${variant.displayName}")`),
      ];
    }
    const known = variant ?? GOVERNMENT_REGIONS.find((r) => r.name === region);
    if (known) {
      const why = known.retired
        ? 'a retired Azure Government region'
        : known.kind === 'usdod'
          ? 'a US DoD region, where Azure Machine Learning is not offered'
          : 'an Azure Government region where Azure Machine Learning is not offered';
      return [
        finding(loaded, ID, 'error', PATH, `region "${region}" (${known.displayName}) is ${why}; Azure Machine Learning in Azure Government is offered in ${allowedText} only.`, fix),
      ];
    }
    const near = suggest(region, allowed.map((r) => r.name));
    const hint = near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
    return [
      finding(loaded, ID, 'error', PATH, `region "${region}" is not an Azure Government region with Azure Machine Learning (allowed: ${allowedText}); IL5 workloads run in Azure Government, not in commercial regions.${hint}`, fix),
    ];
  },
};
