/** The retry bounds of the live commands' HTTP client (src/azure/arm.ts), and their defaults (the CLI's flags). */
export interface RetryLimits {
  /** Attempts after the first. */
  maxRetries: number;
  /** The longest single wait (a larger `Retry-After` is an error, not a wait). */
  maxWaitMs: number;
  /** The longest time one request may take over all its attempts and the waits between them (`--max-total`). */
  totalMs: number;
  /** One attempt's time: the response's headers and its whole body. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: RetryLimits = { maxRetries: 5, maxWaitMs: 60_000, totalMs: 300_000, timeoutMs: 60_000 };
