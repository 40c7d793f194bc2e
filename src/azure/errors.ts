import type { Diagnostic } from '../core/diagnostic.js';

/**
 * A failure talking to Azure that the user can act on (sign-in, endpoint, permissions, ids, throttling
 * past the bounds). The CLI turns it into a diagnostic and exit 2; nothing is written.
 */
export class AzureError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix: string,
    /** The HTTP status, when Azure answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AzureError';
  }

  toDiagnostic(): Diagnostic {
    return { severity: 'error', code: this.code, message: this.message, fix: this.fix };
  }
}

/** Azure's error body: `{"error": {"code", "message"}}` (ARM) or `{"error": {"code", "message", "details"}}`. */
export function azureErrorText(body: string): string {
  try {
    const o = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof o.error?.code === 'string' ? o.error.code : '';
    const message = typeof o.error?.message === 'string' ? o.error.message : '';
    if (code || message) return `${code}${code && message ? ': ' : ''}${message}`.slice(0, 500);
  } catch {
    // not JSON: the first characters say enough
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}
