/**
 * Sign-in for the live commands (`--auth`), through `@azure/identity`:
 * - `cli`: AzureCliCredential — the engineer's `az login` (the cloud is az's: `az cloud set`);
 * - `env`: EnvironmentCredential — AZURE_TENANT_ID/AZURE_CLIENT_ID and a secret or certificate (CI);
 * - `managed-identity`: ManagedIdentityCredential — a build agent's identity (AZURE_CLIENT_ID picks a
 *   user-assigned one);
 * - `default`: DefaultAzureCredential — the SDK's chain (environment, workload identity, managed identity,
 *   Azure CLI, …).
 * The cloud's authority host goes to the credentials that sign in themselves.
 */
import {
  AzureCliCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { Cloud } from './cloud.js';

export const AUTH_METHODS = ['default', 'cli', 'env', 'managed-identity'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export function createCredential(method: AuthMethod, cloud: Cloud, env: Readonly<Record<string, string | undefined>>): TokenCredential {
  const authorityHost = cloud.authorityHost;
  const clientId = env.AZURE_CLIENT_ID;
  switch (method) {
    case 'cli':
      return new AzureCliCredential({ processTimeoutInMs: 60_000 });
    case 'env':
      return new EnvironmentCredential({ authorityHost });
    case 'managed-identity':
      return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
    case 'default':
      return new DefaultAzureCredential({ authorityHost });
  }
}
