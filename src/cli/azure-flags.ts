/**
 * The connection flags of the live commands (`audit`, `preflight`) and the client they make: cloud,
 * endpoint override (HTTPS only), sign-in method, retry bounds.
 */
import { Option, type Command } from 'commander';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import type { ArmClient } from '../azure/arm.js';
import { AUTH_METHODS, type AuthMethod } from '../azure/auth-methods.js';
import { CLOUD, CLOUDS, type Cloud, type CloudName } from '../azure/cloud.js';
import { DEFAULT_LIMITS, type RetryLimits } from '../azure/limits.js';
import { AzureError } from '../azure/errors.js';
import type { CliIO } from './io.js';
import { PACKAGE_VERSION } from './main.js';

export interface ConnectionFlags {
  cloud: CloudName;
  armEndpoint?: string;
  graphEndpoint?: string;
  auth: AuthMethod;
  maxRetries: string;
  maxWait: string;
  maxTotal: string;
  timeout: string;
}

export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--cloud <name>', 'the Azure cloud').choices([...CLOUDS]).default('AzureUSGovernment'))
    .option('--arm-endpoint <url>', 'Azure Resource Manager base URL (HTTPS), for private clouds; custom CAs through NODE_EXTRA_CA_CERTS')
    .addOption(new Option('--auth <method>', 'sign-in: cli (az login), env (AZURE_CLIENT_ID…), managed-identity, default (the SDK chain)').choices([...AUTH_METHODS]).default('default'))
    .option('--max-retries <n>', 'retries of a throttled or failed request', String(DEFAULT_LIMITS.maxRetries))
    .option('--max-wait <seconds>', 'the longest wait il5ml accepts from Retry-After', String(DEFAULT_LIMITS.maxWaitMs / 1000))
    .option('--max-total <seconds>', 'the longest one request may take, all its attempts and waits together', String(DEFAULT_LIMITS.totalMs / 1000))
    .option('--timeout <seconds>', 'time for one attempt of a request to answer', String(DEFAULT_LIMITS.timeoutMs / 1000));
}

function flagError(message: string, fix: string): UserInputError {
  return new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message, fix }]);
}

/** The retry bounds from their flags; every bad value is reported at once (exit 2). */
function retryLimits(opts: ConnectionFlags): RetryLimits {
  const problems: Diagnostic[] = [];
  const number = (flag: string, v: string, min: number, max: number, example: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) problems.push({ severity: 'error', code: 'IL5-CLI-FLAG', message: `${flag} ${JSON.stringify(v)} must be a number from ${min} to ${max}`, fix: `e.g. ${flag} ${example}` });
    return n;
  };
  const limits = {
    maxRetries: number('--max-retries', opts.maxRetries, 0, 20, 5),
    maxWaitMs: number('--max-wait', opts.maxWait, 0, 3600, 60) * 1000,
    totalMs: number('--max-total', opts.maxTotal, 1, 86_400, 600) * 1000,
    timeoutMs: number('--timeout', opts.timeout, 0.1, 600, 60) * 1000,
  };
  if (problems.length) throw new UserInputError(problems);
  return limits;
}

/**
 * An example of the flag's URL: ARM's for --arm-endpoint; for --graph-endpoint, Microsoft Graph's root for
 * US Government L5 (DOD), the tenants of an IL5 environment (https://learn.microsoft.com/graph/deployments,
 * read 2026-12-08). Before, the --graph-endpoint errors suggested ARM's URL, which is not a Graph root.
 */
const ENDPOINT_EXAMPLE: Record<string, string> = { '--arm-endpoint': 'https://management.usgovcloudapi.net', '--graph-endpoint': 'https://dod-graph.microsoft.us' };

/** An HTTPS base URL, or a flag error naming the flag. */
export function httpsEndpoint(flag: string, v: string): string {
  const example = ENDPOINT_EXAMPLE[flag] ?? 'https://management.usgovcloudapi.net';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    // Shown without what could be a user name and password before an @.
    throw flagError(`${flag} ${JSON.stringify(v.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1…@'))} is not a URL`, `e.g. ${flag} ${example}`);
  }
  // A user name or password in the URL would be echoed in every error about the endpoint; il5ml signs in
  // with --auth only, so credentials here are refused without showing them.
  if (u.username || u.password) throw flagError(`${flag} must not hold a user name or password (user:password@); they are not shown here`, `sign in with --auth; e.g. ${flag} https://${u.host}`);
  if (u.protocol !== 'https:') throw flagError(`${flag} must be an https:// URL (tokens are never sent in clear text)`, `e.g. ${flag} ${example}`);
  if (u.search || u.hash) throw flagError(`${flag} must be a base URL without a query or fragment`, `e.g. ${flag} https://management.usgovcloudapi.net`);
  return u.href.replace(/\/+$/, '');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Subscription ids are GUIDs: a name or a typo is caught before any request. */
export function checkSubscriptionIds(ids: readonly string[]): void {
  const bad = ids.filter((s) => !GUID.test(s));
  if (bad.length) {
    throw new UserInputError(
      bad.map((s) => ({ severity: 'error' as const, code: 'IL5-CLI-SUBSCRIPTION', message: `--subscription ${JSON.stringify(s)} is not a subscription id (a GUID)`, fix: 'give the id: az account list --query "[].{name:name, id:id}" --output table' })),
    );
  }
}

export interface Connection {
  cloud: Cloud;
  arm: ArmClient;
  /** A client for Microsoft Graph (preflight's Cosmos DB principal), made on demand. */
  graph: () => ArmClient;
}

export async function connect(opts: ConnectionFlags, io: CliIO, onRetry?: (why: string, waitMs: number) => void): Promise<Connection> {
  // The Azure SDK loads when a live command runs, not for `--help` (issue 12).
  const { ArmClient } = await import('../azure/arm.js');
  const { createCredential } = await import('../azure/credential.js');
  const cloud = CLOUD[opts.cloud];
  const endpoint = opts.armEndpoint !== undefined ? httpsEndpoint('--arm-endpoint', opts.armEndpoint) : cloud.arm;
  const graphEndpoint = opts.graphEndpoint !== undefined ? httpsEndpoint('--graph-endpoint', opts.graphEndpoint) : cloud.graph;
  // A Graph token's scope names the Graph root it is for: "Any permission scope value (including the
  // .default scope) that contains the Microsoft Graph domain MUST use the domain of the Microsoft Graph
  // service root endpoint for the national cloud deployment" (https://learn.microsoft.com/graph/sdks/national-clouds,
  // "Permission scopes", read 2026-12-07). So --graph-endpoint https://dod-graph.microsoft.us (DoD tenants)
  // asks for https://dod-graph.microsoft.us/.default, not the cloud's https://graph.microsoft.us/.default.
  const graphScope = opts.graphEndpoint !== undefined ? `${new URL(graphEndpoint).origin}/.default` : cloud.graphScope;
  const limits = retryLimits(opts);
  const credential = createCredential(opts.auth, cloud, io.env);
  const userAgent = `il5ml/${PACKAGE_VERSION}`;
  const common = { credential, limits, userAgent, ...(onRetry ? { onRetry } : {}) };
  return {
    cloud,
    arm: new ArmClient({ endpoint, scope: cloud.armScope, ...common }),
    graph: () => new ArmClient({ endpoint: graphEndpoint, scope: graphScope, ...common }),
  };
}

/** Runs live work; an AzureError becomes the user's diagnostic (exit 2, nothing written). */
export async function live<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AzureError) throw new UserInputError([e.toDiagnostic()]);
    throw e;
  }
}
