import type { Source } from '../core/fact.js';

/**
 * The two ways a VM gets a physical server of its own, as the IL5 guidance asks of VMs in Azure Government
 * regions (src/catalog/network-layout.ts, IL5_COMPUTE_ISOLATION): an isolated size, or an Azure Dedicated
 * Host. The spec rules compute-isolation and jumpbox-isolation check the spec against these facts.
 */

const READ = '2026-12-07';

export const ISOLATED_VM_SIZES_SOURCE: Source = {
  url: 'https://learn.microsoft.com/azure/virtual-machines/isolation',
  read: READ,
  note:
    'Virtual machine isolation in Azure (ms.date 04/28/2026), table "Isolated VM sizes": "Utilizing an isolated size guarantees that your virtual machine is the only one running on that specific server instance." ' +
    'The M192*_v2 sizes are announced for retirement (isolation retirement 03/31/2027). Not every size is offered in every region.',
};

/** The isolated sizes Microsoft lists (ISOLATED_VM_SIZES_SOURCE), family by family, as the table orders them. */
export const ISOLATED_VM_SIZES: readonly string[] = [
  // E family
  'Standard_E192is_v6',
  'Standard_E192ids_v6',
  'Standard_E104i_v5',
  'Standard_E104id_v5',
  'Standard_E104is_v5',
  'Standard_E104ids_v5',
  'Standard_E112ias_v5',
  'Standard_E112iads_v5',
  'Standard_E80is_v4',
  'Standard_E80ids_v4',
  'Standard_E96ias_v4',
  // Eb family
  'Standard_E112ibs_v5',
  'Standard_E112ibds_v5',
  // EC family
  'Standard_EC96ias_v5',
  'Standard_EC96iads_v5',
  // HB family
  'Standard_HB120rs_v3',
  'Standard_HB176rs_v4',
  'Standard_HB368rs_v5',
  // HX family
  'Standard_HX176rs',
  // M family
  'Standard_M832is_16_v3',
  'Standard_M832ids_16_v3',
  'Standard_M192is_v2',
  'Standard_M192ids_v2',
  'Standard_M192ims_v2',
  'Standard_M192idms_v2',
  // NC family
  'Standard_NC64as_T4_v3',
  'Standard_NC96ads_A100_v4',
  'Standard_NC80adis_H100_v5',
  // ND family
  'Standard_ND128isr_NDR_GB200_v6',
  'Standard_ND128isr_NDR_GB300_v6',
  'Standard_ND96isr_H100_v5',
  'Standard_ND96isr_H200_v5',
  'Standard_ND96isr_MI300X_v5',
  // NG family
  'Standard_NG32ads_V620_v1',
  'Standard_NG32adms_V620_v1',
  // NV family
  'Standard_NV72ads_A10_v5',
];

/** A few isolated sizes to name in a fix: general-purpose memory sizes first (the list is long). */
export const ISOLATED_SIZE_EXAMPLES: readonly string[] = ['Standard_E104is_v5', 'Standard_E192is_v6', 'Standard_E80is_v4'];

/** Whether a VM size is one Microsoft lists as isolated (case-insensitive, as Azure compares sizes). */
export function isIsolatedSize(size: string): boolean {
  const s = size.toLowerCase();
  return ISOLATED_VM_SIZES.some((x) => x.toLowerCase() === s);
}

export const DEDICATED_HOST_SERIES_SOURCE: Source = {
  url: 'https://learn.microsoft.com/azure/virtual-machines/dedicated-hosts/general-purpose-skus',
  read: READ,
  note:
    '"Azure Dedicated Host SKUs are the combination of a VM family and a certain hardware specification. You can only deploy VMs of the VM series that the Dedicated Host SKU specifies. ' +
    'For example, on the Dsv3-Type3, you can only provision Dsv3-series VMs." The same sentence opens the memory, compute, storage and GPU optimized host SKU pages.',
};

export const DEDICATED_HOST_EXCEPTIONS_SOURCE: Source = {
  url: 'https://learn.microsoft.com/azure/virtual-machines/dedicated-hosts/memory-optimized-skus',
  read: READ,
  note:
    'Ms-Type1 "runs M-series VMs, including M, Mls, Ms, and Mts VMs"; Msm-Type1 "including Ms, Mms, Mts, and Mls VMs" (its packing table also lists M64, M64m, M128, M128m); ' +
    'Mdmsv2MedMem-Type1 and Mdsv2MedMem-Type1 "including Mdsv2 and Mdmsv2 VMs"; Mmsv2MedMem-Type1, Msv2MedMem-Type1, Msmv2-Type1 and Msv2-Type1 "including Msv2 and Mmsv2 VMs". ' +
    'General purpose SKUs page: DCsv2-Type1 runs DCsv2-series VMs, whose largest size is written DC8_v2.',
};

/**
 * The host families whose VMs are not all of the host's own family name, as a VM size's family reads
 * (Standard_M128ms -> Mms, Standard_DC8_v2 -> DCv2); keys lowercase. Every other host family runs only VMs
 * of its own name: a Dsv5-Type1 host runs Dsv5 sizes (DEDICATED_HOST_SERIES_SOURCE).
 */
export const DEDICATED_HOST_RUNS: Readonly<Record<string, readonly string[]>> = {
  ms: ['M', 'Mls', 'Ms', 'Mts'],
  msm: ['M', 'Mm', 'Ms', 'Mms', 'Mts', 'Mls'],
  mdmsv2medmem: ['Mdsv2', 'Mdmsv2'],
  mdsv2medmem: ['Mdsv2', 'Mdmsv2'],
  mmsv2medmem: ['Msv2', 'Mmsv2'],
  msv2medmem: ['Msv2', 'Mmsv2'],
  msmv2: ['Msv2', 'Mmsv2'],
  msv2: ['Msv2', 'Mmsv2'],
  dcsv2: ['DCsv2', 'DCv2'],
};

/** The VM families a host family runs (the host's own name unless DEDICATED_HOST_RUNS says otherwise). */
export function hostRuns(hostFamily: string): readonly string[] {
  return DEDICATED_HOST_RUNS[hostFamily.toLowerCase()] ?? [hostFamily];
}

/**
 * The jump box administrator password (Windows): what Compute refuses, so that deploy.sh can refuse it before
 * anything is created rather than when the VM is reached, deep into the first deployment. The 12-character minimum
 * is the VM FAQ's for Windows (the type definition's floor is 8); every disallowed value is shorter than 12.
 */
export const WINDOWS_ADMIN_PASSWORD = {
  minLength: 12,
  maxLength: 123,
  /** At least this many of: a lowercase letter, an uppercase letter, a digit, a special character ([\W_]). */
  classes: 3,
  sources: [
    {
      url: 'https://github.com/Azure/bicep-types-az/blob/1f896de2db966ad91e8f7d7d981e11d32e4f5d8d/generated/compute_1/microsoft.compute/2024-11-01/types.json',
      read: READ,
      note: 'OSProfile.adminPassword (../shared/azure-types): Max-length (Windows) 123; "Complexity requirements: 3 out of 4 conditions below need to be fulfilled: Has lower characters, Has upper characters, Has a digit, Has a special character (Regex match [\\W_])"; disallowed values "abc@123", "P@$$w0rd", "P@ssw0rd", "P@ssword123", "Pa$$word", "pass@word1", "Password!", "Password1", "Password22", "iloveyou!"',
    },
    {
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/faq#what-are-the-password-requirements-when-creating-a-vm-',
      read: READ,
      note: 'Windows: 12 - 123 characters, 3 of the 4 complexity requirements',
    },
  ] as readonly Source[],
} as const;
