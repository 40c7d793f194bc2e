/**
 * The one HTTP client of the live commands: an `@azure/core-rest-pipeline` pipeline (bearer token from an
 * `@azure/identity` credential, proxy from HTTPS_PROXY/NO_PROXY, user agent) with il5ml's own retry loop,
 * bounded in attempts and in time, so that a throttled or failing service ends in a clear error rather
 * than a hang. Why not the SDK's default retry policies: they wait whatever `Retry-After` says, without
 * an upper bound on the total time, and their give-up error does not say which bound was reached.
 */
import type { TokenCredential } from '@azure/identity';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  proxyPolicy,
  userAgentPolicy,
  type HttpClient,
  type HttpMethods,
  type Pipeline,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { AzureError, azureErrorText } from './errors.js';
import { DEFAULT_LIMITS, type RetryLimits } from './limits.js';

// In their own module so that the CLI's flags can show them without loading the SDK (issue 12).
export { DEFAULT_LIMITS, type RetryLimits };

export interface ArmClientOptions {
  endpoint: string;
  credential: TokenCredential;
  scope: string;
  limits?: Partial<RetryLimits>;
  userAgent?: string;
  /** Called before each wait (progress, tests); `why` says what is retried. */
  onRetry?: (why: string, waitMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The largest answer il5ml reads, in bytes. Azure pages its lists (Resource Graph at most 1,000 rows a page,
 * ARM lists by `nextLink`), so a real answer is far smaller; an answer past this is refused while it
 * arrives rather than held whole: an endpoint or proxy that streams without end (tested at 2 GiB) took the
 * process past 4 GiB and ended it with V8's fatal out-of-memory report, a stack trace and no diagnostic.
 */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** Transient statuses worth another attempt: throttling and server-side faults. */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Network failures worth another attempt (a dropped connection, a reset, a timeout). */
const RETRY_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET']);

/** `Retry-After` in seconds or as an HTTP date; `x-ms-retry-after-ms` first (ARM sends both forms). */
export function retryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const ms = headers['x-ms-retry-after-ms'] ?? headers['retry-after-ms'];
  if (ms !== undefined && /^\d+$/.test(ms.trim())) return Number(ms);
  const ra = headers['retry-after'];
  if (ra === undefined) return undefined;
  if (/^\d+$/.test(ra.trim())) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Resource Graph's per-user quota (`x-ms-user-quota-remaining`, `x-ms-user-quota-resets-after` hh:mm:ss):
 * when nothing remains, the time to wait before the next query.
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests
 */
export function quotaWaitMs(headers: Record<string, string>): number | undefined {
  const remaining = headers['x-ms-user-quota-remaining'];
  const resets = headers['x-ms-user-quota-resets-after'];
  if (remaining === undefined || resets === undefined || Number(remaining) > 0) return undefined;
  const m = /^(\d+):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(resets.trim());
  if (!m) return undefined;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
}

function signInFix(): string {
  return 'sign in again: `az login` after `az cloud set --name AzureUSGovernment` (or the --auth method you chose), then run the command again';
}

/** What a credential failure means for the user. */
function credentialError(e: Error): AzureError {
  const first = e.message.split('\n')[0] ?? e.message;
  return new AzureError('IL5-AZURE-SIGNIN', `could not get a token: ${first.slice(0, 300)}`, signInFix());
}

export class ArmClient {
  readonly endpoint: string;
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient;
  private readonly limits: RetryLimits;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private quotaUntil = 0;

  constructor(private readonly options: ArmClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
    this.pipeline = createEmptyPipeline();
    this.pipeline.addPolicy(proxyPolicy());
    this.pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: options.userAgent ?? 'il5ml' }));
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: options.scope }));
    this.http = createDefaultHttpClient();
  }

  /**
   * An absolute URL for a path under the endpoint; a full URL (a nextLink) is kept if it is on the endpoint.
   * "On the endpoint" compares parsed URLs, not spellings: ARM writes some next links with the default port,
   * `https://management.azure.com:443/subscriptions/…` (a VM scale set's VM list in Azure/azure-sdk-for-java's
   * RestProxy test `doesNotChangeEncodedPath`; Alerts Management's list examples), and a host in another case.
   */
  url(pathOrUrl: string): string {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      if (!onEndpoint(pathOrUrl, this.endpoint)) {
        throw new AzureError('IL5-AZURE-RESPONSE', `Azure answered with a next link outside ${this.endpoint}: ${pathOrUrl.slice(0, 200)}`, 'report this to the il5ml maintainers with the endpoint you used');
      }
      return pathOrUrl;
    }
    return `${this.endpoint}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  }

  /**
   * Sends one request, retrying throttling (429, honouring Retry-After), transient 5xx and dropped or
   * timed-out connections with exponential backoff, within the limits. Other statuses are returned for the
   * caller to judge (404 may be an answer, not an error).
   */
  async send(method: HttpMethods, pathOrUrl: string, body?: unknown): Promise<ArmResponse> {
    const url = this.url(pathOrUrl);
    const started = this.now();
    let lastWhy = '';
    for (let attempt = 0; ; attempt++) {
      // Resource Graph's quota counts its queries only ("In every query response, Azure Resource Graph adds
      // two throttling headers", guidance-for-throttled-requests, read 2026-12-08): other requests do not wait
      // for it. A wait longer than --max-wait is an error, as a long Retry-After is, not a wait bounded only by
      // --max-total (before, a quota resetting in 5 minutes was waited up to --max-total's 300 s).
      const quota = isResourceGraph(url) ? this.quotaUntil - this.now() : 0;
      if (quota > 0) {
        if (quota > this.limits.maxWaitMs) {
          throw new AzureError(
            'IL5-AZURE-THROTTLED',
            `${method} ${shortUrl(url)}: Resource Graph's quota is used up (x-ms-user-quota-remaining: 0) for ${Math.ceil(quota / 1000)} s more, longer than the ${Math.round(this.limits.maxWaitMs / 1000)} s il5ml waits (--max-wait)`,
            'try again later, or raise --max-wait',
          );
        }
        await this.wait(quota, 'Resource Graph quota used up', started, method, url, attempt);
      }
      let res: PipelineResponse | undefined;
      let text = '';
      let why: string;
      let waitMs: number | undefined;
      let attemptMs = this.limits.timeoutMs;
      try {
        // Our own timer rather than the request's `timeout`, which the HTTP client leaves running after a
        // failed request (keeping the process alive for its whole length).
        // The attempt ends at --timeout, or earlier where the request's total time (--max-total) ends.
        const left = this.limits.totalMs - (this.now() - started);
        attemptMs = Math.max(0, Math.min(this.limits.timeoutMs, left));
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), attemptMs);
        const request = createPipelineRequest({
          url,
          method,
          headers: createHttpHeaders({ accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }),
          abortSignal: abort.signal,
          // The body is read here, bounded in size (MAX_RESPONSE_BYTES) and within the attempt's time, not
          // gathered whole by the HTTP client.
          streamResponseStatusCodes: new Set([Number.POSITIVE_INFINITY]),
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        try {
          res = await this.pipeline.sendRequest(this.http, request);
          text = await readBody(res.readableStreamBody, abort.signal, `${method} ${shortUrl(url)}`);
        } finally {
          clearTimeout(timer);
        }
      } catch (e) {
        if (e instanceof AzureError) throw e;
        res = undefined;
        const err = e as Error & { code?: string; statusCode?: number };
        if (err.name === 'CredentialUnavailableError' || err.name === 'AuthenticationError' || err.name === 'AggregateAuthenticationError') throw credentialError(err);
        if (err.name === 'AbortError' && attemptMs < this.limits.timeoutMs) throw this.totalError(method, url, attempt + 1, started, `no answer in the ${seconds(attemptMs)} s left`);
        if (err.name === 'AbortError') why = `no answer within ${seconds(this.limits.timeoutMs)} s`;
        else if (err.code && RETRY_CODES.has(err.code)) why = `connection failed (${err.code}: ${err.message.slice(0, 120)})`;
        else throw connectionError(err, this.endpoint);
      }
      if (res) {
        const headers = res.headers.toJSON();
        const q = quotaWaitMs(headers);
        if (q !== undefined) this.quotaUntil = this.now() + q;
        if (!RETRY_STATUS.has(res.status)) return { status: res.status, headers, body: text };
        why = `HTTP ${res.status}${text ? ` (${azureErrorText(text)})` : ''}`;
        waitMs = retryAfterMs(headers, this.now());
        if (res.status === 429 && waitMs === undefined) waitMs = q;
      } else why ??= 'no answer';
      lastWhy = why;
      if (attempt >= this.limits.maxRetries) {
        throw new AzureError('IL5-AZURE-RETRIES', `${method} ${shortUrl(url)} failed ${attempt + 1} times; last: ${lastWhy}`, 'try again later; Azure throttles bursts (docs/audit.md, "Faults and limits"). Narrow the scope (--subscription, --resource-group) or raise --max-retries');
      }
      const backoff = Math.min(this.limits.maxWaitMs, 500 * 2 ** attempt);
      const w = waitMs ?? backoff;
      if (w > this.limits.maxWaitMs) {
        throw new AzureError('IL5-AZURE-THROTTLED', `${method} ${shortUrl(url)}: Azure asked to wait ${Math.ceil(w / 1000)} s (${why}), more than the ${Math.round(this.limits.maxWaitMs / 1000)} s il5ml waits`, 'try again later, or raise --max-wait');
      }
      this.options.onRetry?.(why, w);
      await this.wait(w, why, started, method, url, attempt + 1);
    }
  }

  /** Waits before the next attempt, unless the wait would take the request past its total time. */
  private async wait(ms: number, why: string, started: number, method: HttpMethods, url: string, attempts: number): Promise<void> {
    if (this.now() + ms - started > this.limits.totalMs) throw this.totalError(method, url, attempts, started, `${why}; the next attempt was ${seconds(ms)} s away`);
    await this.sleep(ms);
  }

  /** The request's total time (--max-total) is spent: the error names the request, the limit and the flag. */
  private totalError(method: HttpMethods, url: string, attempts: number, started: number, last: string): AzureError {
    return new AzureError(
      'IL5-AZURE-RETRIES',
      `${method} ${shortUrl(url)}: gave up after ${seconds(this.now() - started)} s and ${attempts} attempt${attempts === 1 ? '' : 's'}: one request may take ${seconds(this.limits.totalMs)} s in all, its attempts and waits together (--max-total); last: ${last}`,
      'try again later; Azure throttles bursts (docs/audit.md, "Faults and limits"). Narrow the scope (--subscription, --resource-group) or raise --max-total (seconds)',
    );
  }

  /** GET/POST returning parsed JSON for 2xx; any other status becomes an AzureError naming `what`. */
  async json<T>(method: HttpMethods, pathOrUrl: string, what: string, body?: unknown): Promise<T> {
    const res = await this.send(method, pathOrUrl, body);
    if (res.status >= 200 && res.status < 300) return parseJson<T>(res.body, what);
    throw statusError(res, what);
  }
}

/** Whether a request is a Resource Graph query (`POST …/providers/Microsoft.ResourceGraph/resources`), the only one its quota headers count. */
function isResourceGraph(url: string): boolean {
  return /\/providers\/Microsoft\.ResourceGraph\//i.test(url.split('?')[0] ?? url);
}

/** Whether `url` is under `endpoint`: same scheme, host and port once parsed (`:443` is https's own), path below the endpoint's. */
export function onEndpoint(url: string, endpoint: string): boolean {
  let u: URL;
  let e: URL;
  try {
    u = new URL(url);
    e = new URL(endpoint);
  } catch {
    return false;
  }
  if (u.username || u.password || u.origin !== e.origin) return false;
  const base = e.pathname.replace(/\/+$/, '');
  return u.pathname.toLowerCase().startsWith(`${base.toLowerCase()}/`);
}

/**
 * An answer's body as text: at most MAX_RESPONSE_BYTES (past it, IL5-AZURE-RESPONSE while it arrives), and
 * within the attempt (`signal`: --timeout or --max-total). A body cut by the timer is an AbortError, as a
 * late header is, so it is retried or reported as the time it took; a connection that ends mid-body is a
 * dropped connection (ECONNRESET), retried.
 */
function readBody(stream: NodeJS.ReadableStream | undefined, signal: AbortSignal, request: string): Promise<string> {
  if (stream === undefined) return Promise.resolve('');
  const readable = stream as NodeJS.ReadableStream & { destroy(): void };
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const aborted = (): Error => Object.assign(new Error('the answer did not arrive in time'), { name: 'AbortError' });
    const settle = (error: Error | undefined, value = ''): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value);
    };
    const onAbort = (): void => {
      readable.destroy();
      settle(aborted());
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    readable.on('data', (chunk: Buffer | string) => {
      if (settled) return;
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > MAX_RESPONSE_BYTES) {
        readable.destroy();
        settle(
          new AzureError(
            'IL5-AZURE-RESPONSE',
            `${request}: the answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB, the most il5ml reads of one answer (Azure pages its lists: Resource Graph 1,000 rows a page)`,
            'check --arm-endpoint and any proxy (HTTPS_PROXY) between you and Azure: it must be the Azure Resource Manager URL of your cloud; or narrow the scope (--subscription, --resource-group)',
          ),
        );
        return;
      }
      chunks.push(b);
    });
    readable.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8')));
    readable.on('error', (e: Error & { code?: string }) => settle(signal.aborted ? aborted() : Object.assign(e, { code: e.code ?? 'ECONNRESET' })));
    readable.on('close', () => settle(signal.aborted ? aborted() : Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' })));
  });
}

export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new AzureError('IL5-AZURE-RESPONSE', `${what}: the answer is not JSON (${text.slice(0, 80).replace(/\s+/g, ' ')}…)`, 'check --arm-endpoint: it must be the Azure Resource Manager URL of your cloud');
  }
}

/** Milliseconds as seconds for a message: whole seconds, or one decimal below 10 s. */
function seconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 || Number.isInteger(s) ? String(Math.round(s)) : s.toFixed(1);
}

/** The URL without its query, at most 160 characters: a long one keeps its start and its end (the operation). */
function shortUrl(url: string): string {
  const u = url.split('?')[0] ?? url;
  return u.length > 160 ? `${u.slice(0, 79)}…${u.slice(-80)}` : u;
}

/** A non-2xx answer as the user's problem: sign-in (401), permission (403), wrong id (404), or Azure's own words. */
export function statusError(res: ArmResponse, what: string): AzureError {
  const said = azureErrorText(res.body);
  // "The subscription is not registered to use namespace {resource-provider-namespace}": the fix is to
  // register it (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider,
  // read 2026-12-07), not to try again later.
  if (/^MissingSubscriptionRegistration\b/i.test(said)) {
    const ns = /namespace '([^']+)'/i.exec(said)?.[1];
    return new AzureError(
      'IL5-AZURE-NOT-REGISTERED',
      `${what}: the subscription is not registered for ${ns ?? 'the resource provider'} (${res.status}: ${said})`,
      `someone allowed to register providers (Contributor or Owner) runs: az provider register --namespace ${ns ?? '<namespace>'} --wait; then run the command again`,
      res.status,
    );
  }
  if (res.status === 401) return new AzureError('IL5-AZURE-SIGNIN', `${what}: the token was rejected (401${said ? `: ${said}` : ''})`, signInFix(), 401);
  if (res.status === 403) {
    return new AzureError('IL5-AZURE-FORBIDDEN', `${what}: not allowed (403${said ? `: ${said}` : ''})`, 'ask for the Reader role on the scope (docs/audit.md, "Permissions"), or leave that scope out', 403);
  }
  if (res.status === 404) return new AzureError('IL5-AZURE-NOT-FOUND', `${what}: not found (404${said ? `: ${said}` : ''})`, 'check the id (az account list --output table) and --cloud', 404);
  return new AzureError('IL5-AZURE-HTTP', `${what}: HTTP ${res.status}${said ? `: ${said}` : ''}`, 'check the request in docs/audit.md; try again later', res.status);
}

function connectionError(e: Error & { code?: string }, endpoint: string): AzureError {
  const code = e.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code) || /certificate/i.test(e.message)) {
    return new AzureError('IL5-AZURE-TLS', `${endpoint}: the server's certificate is not trusted (${code || e.message.slice(0, 120)})`, 'if your network inspects TLS, point NODE_EXTRA_CA_CERTS at the PEM file of its certificate authority');
  }
  if (['ENOTFOUND', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    return new AzureError('IL5-AZURE-UNREACHABLE', `${endpoint} cannot be reached (${code})`, 'check the network, proxy (HTTPS_PROXY) and --arm-endpoint; the default is the Azure Government endpoint');
  }
  return new AzureError('IL5-AZURE-UNREACHABLE', `${endpoint}: ${e.message.slice(0, 200)}`, 'check the network, proxy (HTTPS_PROXY) and --arm-endpoint');
}
