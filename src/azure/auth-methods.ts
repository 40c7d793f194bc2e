/** The sign-in methods of `--auth` (src/azure/credential.ts makes the credential of each). */
export const AUTH_METHODS = ['default', 'cli', 'env', 'managed-identity'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
