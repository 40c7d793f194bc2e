import type { Source } from '../core/fact.js';

/**
 * The regions of Azure Government (US Gov and US DoD), as ARM location names, with their display
 * names, paired regions and whether Azure Machine Learning workspaces can be created there.
 */
export interface RegionFact {
  /** ARM location name, as `location` takes it. */
  name: string;
  displayName: string;
  kind: 'usgov' | 'usdod';
  /** Paired region (geo-redundant storage replicates there); undefined where Microsoft publishes none. */
  pairedRegion?: string;
  /** Whether Azure Machine Learning workspaces are offered. */
  azureMachineLearning: boolean;
  /** Retired regions are refused whatever the service. */
  retired?: boolean;
  /** Whether zone-redundant storage (ZRS, GZRS, RA-GZRS) is offered: it needs availability zones. */
  zoneRedundantStorage: boolean;
  source: Source[];
}

const READ = '2026-11-25';
const AML_REGIONS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/reference-machine-learning-cloud-parity',
  read: READ,
  note: 'Azure Machine Learning is deployed into the Azure Government regions US-Arizona and US-Virginia',
};
const PAIRS: Source = {
  url: 'https://learn.microsoft.com/azure/reliability/cross-region-replication-azure',
  read: READ,
  note: 'Region pairs, US Government rows: US Gov Arizona - US Gov Texas, US Gov Virginia - US Gov Texas; no DoD rows',
};
const DOD: Source = {
  url: 'https://learn.microsoft.com/azure/azure-government/documentation-government-overview-dod',
  read: READ,
  note: 'US Gov Arizona, Texas, Virginia (FedRAMP High, IL4, IL5) and US DoD Central, East (IL5, DoD only)',
};
const ZRS: Source = {
  url: 'https://learn.microsoft.com/azure/storage/common/redundancy-regions-zrs',
  read: READ,
  note: 'ZRS (standard general-purpose v2) regions: US Gov Virginia is the only Azure Government region listed; GZRS likewise (redundancy-regions-gzrs)',
};
const TAGS_2026: Source = {
  url: 'https://www.microsoft.com/download/details.aspx?id=57063',
  read: READ,
  note: 'ServiceTags_AzureGovernment_20260720.json (changeNumber 402): regions usdodcentral, usdodeast, usgovarizona, usgovtexas, usgovvirginia',
};
const TAGS_2022: Source = {
  url: 'https://www.microsoft.com/download/details.aspx?id=57063',
  read: READ,
  note: 'ServiceTags_AzureGovernment_20220214.json (changeNumber 189) still lists usgoviowa; the 2026-07-20 release no longer does',
};

export const GOVERNMENT_REGIONS: readonly RegionFact[] = [
  {
    name: 'usgovvirginia',
    displayName: 'US Gov Virginia',
    kind: 'usgov',
    pairedRegion: 'usgovtexas',
    azureMachineLearning: true,
    zoneRedundantStorage: true,
    source: [AML_REGIONS, PAIRS, DOD, ZRS],
  },
  {
    name: 'usgovarizona',
    displayName: 'US Gov Arizona',
    kind: 'usgov',
    pairedRegion: 'usgovtexas',
    azureMachineLearning: true,
    zoneRedundantStorage: false,
    source: [AML_REGIONS, PAIRS, DOD, ZRS],
  },
  {
    name: 'usgovtexas',
    displayName: 'US Gov Texas',
    kind: 'usgov',
    // Texas is the pair of both Virginia and Arizona; the table gives no pair *for* Texas itself.
    azureMachineLearning: false,
    zoneRedundantStorage: false,
    source: [AML_REGIONS, PAIRS, DOD],
  },
  {
    name: 'usgoviowa',
    displayName: 'US Gov Iowa',
    kind: 'usgov',
    azureMachineLearning: false,
    retired: true,
    zoneRedundantStorage: false,
    source: [AML_REGIONS, TAGS_2022, TAGS_2026],
  },
  {
    name: 'usdodeast',
    displayName: 'US DoD East',
    kind: 'usdod',
    azureMachineLearning: false,
    zoneRedundantStorage: false,
    source: [AML_REGIONS, DOD, TAGS_2026],
  },
  {
    name: 'usdodcentral',
    displayName: 'US DoD Central',
    kind: 'usdod',
    azureMachineLearning: false,
    zoneRedundantStorage: false,
    source: [AML_REGIONS, DOD, TAGS_2026],
  },
];

/** The regions a plan may target: Azure Government regions with Azure Machine Learning. */
export function amlRegions(): RegionFact[] {
  return GOVERNMENT_REGIONS.filter((r) => r.azureMachineLearning && !r.retired);
}

export function findRegion(name: string): RegionFact | undefined {
  return GOVERNMENT_REGIONS.find((r) => r.name === name);
}

/** The paired region of a plan's region (for geo-redundant storage and disaster recovery notes). */
export function pairedRegion(name: string): string | undefined {
  return findRegion(name)?.pairedRegion;
}
