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

import type { AuthMethod } from './auth-methods.js';

// In their own module so that the CLI's flags can list them without loading the SDK (issue 12).
export { AUTH_METHODS, type AuthMethod } from './auth-methods.js';

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
