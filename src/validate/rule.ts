import type { Diagnostic, Severity, SourceLocation } from '../core/diagnostic.js';
import type { LoadedSpec } from '../spec/load.js';
import { formatPath, type SpecPath } from '../spec/path.js';

/**
 * A spec rule: one a file, src/validate/rules/<id>.ts, pure, returning every problem it finds.
 * The file name is the id (a test checks it); the diagnostic code is derived from it.
 */
export interface SpecRule {
  id: string;
  /** One sentence: what the rule requires. */
  synopsis: string;
  /** Where the limit comes from (Microsoft Learn page, the runbook…). */
  source: string;
  check(loaded: LoadedSpec): Diagnostic[];
}

/** `region` -> `IL5-SPEC-REGION`. */
export function codeOf(ruleId: string): string {
  return `IL5-SPEC-${ruleId.toUpperCase()}`;
}

/** The position of `path`, or of its nearest ancestor present in the file (a value left to its default). */
export function locateNear(loaded: LoadedSpec, path: SpecPath): SourceLocation | undefined {
  for (let n = path.length; n >= 0; n--) {
    const loc = loaded.locate(path.slice(0, n));
    if (loc) return loc;
  }
  return undefined;
}

export function finding(
  loaded: LoadedSpec,
  ruleId: string,
  severity: Severity,
  path: SpecPath,
  message: string,
  fix: string,
): Diagnostic {
  const location = locateNear(loaded, path);
  return {
    severity,
    code: codeOf(ruleId),
    message,
    fix,
    ...(location ? { location } : {}),
    path: formatPath(path),
  };
}
