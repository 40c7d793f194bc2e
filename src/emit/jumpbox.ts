import { IL5_ISOLATION_SOURCE, RUNBOOK_DEVIATIONS } from '../catalog/runbook-deviations.js';
import { WINDOWS_ADMIN_PASSWORD } from '../catalog/vm-isolation.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { childName, expr, referenceFragment, resource, resourceIdExpr } from './arm.js';
import { keyRoleAssignmentIdExpr } from './keyvault.js';
import { subnetIdExpr } from './network.js';
import { GUEST_CONFIGURATION_PRIVATE, NETWORK_DEVIATIONS, PRIVATE_GC_TAG, TRUSTED_LAUNCH } from '../catalog/network-layout.js';
import { sortedRecord } from './json.js';
import { cmkDependsOn, userAssignedIdentities } from './workspace.js';
import type { ArmParameterDecl, ArmResourceDecl, EmitFragment, Emitter, PlanNote } from './types.js';

export const ADMIN_PASSWORD_PARAMETER = 'jumpBoxAdminPassword';
/** Defined in the catalog, where the spec's tags rule reads it too (it counts the tag against Azure's 50). */
export { PRIVATE_GC_TAG };

/** Trusted Launch needs a Gen2 image (SKUs named -g2 / -gen2); jumpBox.trustedLaunch turns it off for a host that refuses it. */
export function trustedLaunchOn(spec: Spec): boolean {
  return spec.jumpBox.trustedLaunch && /(^|-)g(en)?2$/i.test(spec.jumpBox.image.sku);
}
export const ADMIN_USERNAME_PARAMETER = 'jumpBoxAdminUsername';
/** The name Azure Policy's Guest Configuration deployment gives the extension, so the two never duplicate it. */
export const GUEST_CONFIGURATION_EXTENSION = 'AzurePolicyforWindows';

/**
 * Step C's jump box: a Windows VM in Training with no public IP, reached only through Bastion. IL5 in
 * Azure Government regions puts VMs on Azure Dedicated Host or an isolated size (spec.jumpBox.isolation);
 * its OS disk is encrypted with the customer-managed key through a disk encryption set, plus encryption
 * at host; it shuts down daily.
 */
export const jumpBoxEmitter: Emitter = (spec: Spec): EmitFragment => {
  const j = spec.jumpBox;
  if (!j.enabled) {
    return {
      step: 'C',
      resources: [],
      notes: [{ step: 'C', what: 'No jump box (jumpBox.enabled is false)', why: 'Reach the workspace over VPN or ExpressRoute instead, with DNS as in the DNS step.' }],
      deviations: [],
    };
  }
  const n = resourceNames(spec);
  const dedicated = j.isolation === 'dedicatedHost';
  const trusted = trustedLaunchOn(spec);
  const desId = resourceIdExpr('Microsoft.Compute/diskEncryptionSets', n.diskEncryptionSet);
  const nicId = resourceIdExpr('Microsoft.Network/networkInterfaces', n.jumpBoxNic);
  const vmId = resourceIdExpr('Microsoft.Compute/virtualMachines', n.jumpBox);
  const hostId = resourceIdExpr('Microsoft.Compute/hostGroups/hosts', n.hostGroup, n.dedicatedHost);
  const keyUriWithVersion = expr(`${referenceFragment('Microsoft.KeyVault/vaults/keys', [n.keyVault, n.key])}.keyUriWithVersion`);

  const resources: ArmResourceDecl[] = [
    resource(spec, {
      type: 'Microsoft.Compute/diskEncryptionSets',
      name: n.diskEncryptionSet,
      // The identity that already holds "Key Vault Crypto Service Encryption User" on the key.
      identity: { type: 'UserAssigned', userAssignedIdentities: userAssignedIdentities(spec) },
      properties: {
        // Double encryption: platform key and customer key (IL5 initiative, ca91455f-eace-4f96-be59-e6e2c35b4816).
        encryptionType: 'EncryptionAtRestWithPlatformAndCustomerKeys',
        activeKey: { sourceVault: { id: resourceIdExpr('Microsoft.KeyVault/vaults', n.keyVault) }, keyUrl: keyUriWithVersion },
        rotationToLatestKeyVersionEnabled: true,
      },
      dependsOn: [...cmkDependsOn(spec), keyRoleAssignmentIdExpr(spec)],
    }),
  ];
  if (dedicated) {
    resources.push(
      resource(spec, {
        type: 'Microsoft.Compute/hostGroups',
        name: n.hostGroup,
        properties: { platformFaultDomainCount: 1, supportAutomaticPlacement: false },
      }),
      resource(spec, {
        type: 'Microsoft.Compute/hostGroups/hosts',
        name: childName(n.hostGroup, n.dedicatedHost),
        sku: { name: j.dedicatedHostSku },
        properties: { platformFaultDomain: 0, autoReplaceOnFailure: true },
        dependsOn: [resourceIdExpr('Microsoft.Compute/hostGroups', n.hostGroup)],
      }),
    );
  }
  resources.push(
    resource(spec, {
      type: 'Microsoft.Network/networkInterfaces',
      name: n.jumpBoxNic,
      properties: {
        enableIPForwarding: false,
        ipConfigurations: [
          { name: 'ipconfig1', properties: { subnet: { id: subnetIdExpr(spec, 'jumpBox') }, privateIPAllocationMethod: 'Dynamic' } },
        ],
      },
      dependsOn: [resourceIdExpr('Microsoft.Network/virtualNetworks', n.vnet)],
    }),
    resource(spec, {
      type: 'Microsoft.Compute/virtualMachines',
      name: n.jumpBox,
      // Guest Configuration (machine configuration) reports in-guest settings with this identity (IL5
      // initiative: "Add system-assigned managed identity to enable Guest Configuration assignments").
      identity: { type: 'SystemAssigned' },
      // No internet path to the guest configuration service (only the firewall's rules): the tag routes its
      // reports over the Azure platform instead (GUEST_CONFIGURATION_PRIVATE).
      tags: sortedRecord({ ...spec.tags, [PRIVATE_GC_TAG]: 'TRUE' }),
      properties: {
        hardwareProfile: { vmSize: j.vmSize },
        ...(dedicated ? { host: { id: hostId } } : {}),
        storageProfile: {
          imageReference: { ...j.image },
          osDisk: {
            name: n.jumpBoxOsDisk,
            createOption: 'FromImage',
            caching: 'ReadWrite',
            deleteOption: 'Delete',
            managedDisk: { storageAccountType: 'Premium_LRS', diskEncryptionSet: { id: desId } },
          },
        },
        osProfile: {
          computerName: n.jumpBoxComputerName,
          adminUsername: `[parameters('${ADMIN_USERNAME_PARAMETER}')]`,
          adminPassword: `[parameters('${ADMIN_PASSWORD_PARAMETER}')]`,
          windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true },
        },
        networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true, deleteOption: 'Delete' } }] },
        // Temp disk and caches encrypted too (needs the EncryptionAtHost feature; deploy.sh checks it).
        // Trusted Launch (secure boot, vTPM) on Gen2 images (TRUSTED_LAUNCH).
        securityProfile: {
          encryptionAtHost: true,
          ...(trusted ? { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } : {}),
        },
        // Managed boot diagnostics: no storage account to open to the VM.
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      },
      dependsOn: [nicId, desId, ...(dedicated ? [hostId] : [])],
    }),
  );
  resources.push(
    resource(spec, {
      type: 'Microsoft.Compute/virtualMachines/extensions',
      name: childName(n.jumpBox, GUEST_CONFIGURATION_EXTENSION),
      // The extension the IL5 initiative's DeployIfNotExists policy 385f5831-96d4-41db-9a3c-cd3af78aaae6 would
      // deploy, with the same publisher, type and handler version, declared so the VM is compliant from day one.
      properties: {
        publisher: 'Microsoft.GuestConfiguration',
        type: 'ConfigurationforWindows',
        typeHandlerVersion: '1.1',
        autoUpgradeMinorVersion: true,
        enableAutomaticUpgrade: true,
        settings: {},
      },
      dependsOn: [vmId],
    }),
  );
  if (j.autoShutdown.enabled) {
    resources.push(
      resource(spec, {
        type: 'Microsoft.DevTestLab/schedules',
        name: n.jumpBoxShutdown,
        properties: {
          status: 'Enabled',
          taskType: 'ComputeVmShutdownTask',
          dailyRecurrence: { time: j.autoShutdown.time },
          timeZoneId: j.autoShutdown.timeZone,
          targetResourceId: vmId,
          notificationSettings: { status: 'Disabled', timeInMinutes: 30 },
        },
        dependsOn: [vmId],
      }),
    );
  }

  const parameters: Record<string, ArmParameterDecl> = {
    [ADMIN_USERNAME_PARAMETER]: {
      type: 'string',
      defaultValue: j.adminUsername,
      metadata: { description: 'Jump box administrator name (spec.jumpBox.adminUsername).' },
    },
    [ADMIN_PASSWORD_PARAMETER]: {
      type: 'securestring',
      // Azure's rule for Windows VM passwords: 12 to 123 characters (WINDOWS_ADMIN_PASSWORD).
      minLength: WINDOWS_ADMIN_PASSWORD.minLength,
      maxLength: WINDOWS_ADMIN_PASSWORD.maxLength,
      metadata: { description: 'Jump box administrator password. No default; deploy.sh reads it from IL5ML_JUMPBOX_ADMIN_PASSWORD.' },
    },
  };
  const isolation: PlanNote = dedicated
    ? {
        step: 'C',
        what: `IL5 isolation: Azure Dedicated Host ${n.hostGroup}/${n.dedicatedHost} (${j.dedicatedHostSku}); the jump box runs on it`,
        why: `VMs in Azure Government regions holding IL5 data run on Azure Dedicated Host or an isolated size (${IL5_ISOLATION_SOURCE.url}). The host SKU family must match ${j.vmSize}.`,
      }
    : {
        step: 'C',
        what: `IL5 isolation: isolated VM size ${j.vmSize}, no dedicated host`,
        why: `VMs in Azure Government regions holding IL5 data run on Azure Dedicated Host or an isolated size (${IL5_ISOLATION_SOURCE.url}); an isolated size takes a whole physical host.`,
      };
  const notes: PlanNote[] = [
    {
      step: 'C',
      what: `Jump box ${n.jumpBox} (${j.vmSize}, ${j.image.offer} ${j.image.sku}) in the JumpBox subnet with NIC ${n.jumpBoxNic}, no public IP, encryption at host, managed boot diagnostics`,
      why: 'Reached only through Bastion; from it, studio and the workspace resolve to private endpoints.',
    },
    isolation,
    {
      step: 'C',
      what: `System-assigned identity, the Guest Configuration extension (${GUEST_CONFIGURATION_EXTENSION}) and the tag ${PRIVATE_GC_TAG}: TRUE on ${n.jumpBox}`,
      why: `The IL5 initiative audits the in-guest settings of Windows machines through Guest Configuration, which needs the identity and extension; with egress only through the firewall the tag is what lets it report (${GUEST_CONFIGURATION_PRIVATE.url}).`,
    },
    {
      step: 'C',
      what: trusted
        ? `Trusted Launch on ${n.jumpBox}: secure boot and vTPM (Gen2 image ${j.image.sku})${dedicated ? `, on the dedicated host ${j.dedicatedHostSku}` : ''}`
        : `No Trusted Launch on ${n.jumpBox} (${j.trustedLaunch ? `image ${j.image.sku} is not Gen2` : 'jumpBox.trustedLaunch is false'})`,
      why: `Secure boot and a vTPM protect the jump box's boot chain (${TRUSTED_LAUNCH.url}); deployment fails if the host SKU does not support it, then set jumpBox.trustedLaunch false.`,
    },
    {
      step: 'C',
      what: `Disk encryption set ${n.diskEncryptionSet}: OS disk ${n.jumpBoxOsDisk} double encrypted, with the platform key and the customer-managed key, following key rotation`,
      why: `The set uses ${n.identity}, which holds the key role, so no second key permission is needed.`,
    },
    {
      step: 'C',
      what: `Administrator ${j.adminUsername}; the password is the securestring parameter ${ADMIN_PASSWORD_PARAMETER}, with no default, never in azuredeploy.parameters.json`,
      why: 'deploy.sh reads it from the environment variable IL5ML_JUMPBOX_ADMIN_PASSWORD and never prints it.',
    },
  ];
  if (j.autoShutdown.enabled) {
    notes.push({
      step: 'C',
      what: `Auto-shutdown ${n.jumpBoxShutdown} daily at ${j.autoShutdown.time} (${j.autoShutdown.timeZone})`,
      why: 'The runbook warns the jump box charges while running.',
    });
  }
  return {
    step: 'C',
    resources,
    parameters,
    notes,
    deviations: [
      RUNBOOK_DEVIATIONS.jumpBoxImage,
      dedicated ? RUNBOOK_DEVIATIONS.jumpBoxDedicatedHost : RUNBOOK_DEVIATIONS.jumpBoxIsolatedSize,
      RUNBOOK_DEVIATIONS.jumpBoxDiskEncryption,
      NETWORK_DEVIATIONS.jumpBoxSubnet,
      ...(j.autoShutdown.enabled ? [RUNBOOK_DEVIATIONS.jumpBoxAutoShutdown] : []),
    ],
  };
};
