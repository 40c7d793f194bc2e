import type { Source } from '../core/fact.js';

/**
 * Built-in Azure role definitions the plan assigns. The GUIDs are the same in every cloud, Azure
 * Government included; each is listed on Microsoft Learn's built-in roles page.
 */
export interface BuiltInRole {
  name: string;
  guid: string;
  why: string;
  source: Source;
}

const BUILT_IN = (anchor: string, section: string): Source => ({
  url: `https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/${section}#${anchor}`,
  read: '2026-11-25',
});

export const ROLES = {
  keyVaultCryptoServiceEncryptionUser: {
    name: 'Key Vault Crypto Service Encryption User',
    guid: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
    why: 'read, wrap and unwrap a key: what a service needs to encrypt with a customer-managed key',
    source: BUILT_IN('key-vault-crypto-service-encryption-user', 'security'),
  },
  reader: {
    name: 'Reader',
    guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    why: 'the workspace identity reads the storage private endpoints so that studio can reach data behind them',
    source: BUILT_IN('reader', 'general'),
  },
  acrPull: {
    name: 'AcrPull',
    guid: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
    why: 'the image-build cluster pulls base images from the registry with its managed identity (the admin user is off)',
    source: BUILT_IN('acrpull', 'containers'),
  },
  acrPush: {
    name: 'AcrPush',
    guid: '8311e382-0749-4cb8-b61a-304f252e45ec',
    why: 'the image-build cluster pushes the environment images it builds with its managed identity (the admin user is off)',
    source: BUILT_IN('acrpush', 'containers'),
  },
  storageBlobDataReader: {
    name: 'Storage Blob Data Reader',
    guid: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    why: 'identity-based data access: the workspace identity reads blob data for studio preview and profiling',
    source: BUILT_IN('storage-blob-data-reader', 'storage'),
  },
} as const satisfies Record<string, BuiltInRole>;
