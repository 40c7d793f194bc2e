import type { Diagnostic } from '../core/diagnostic.js';
import type { TypeFinding } from './types.js';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings in a stable order: type, apiVersion, name, path, code, message. */
export function sortFindings(findings: readonly TypeFinding[]): TypeFinding[] {
  return [...findings].sort(
    (a, b) =>
      cmp(a.resourceType.toLowerCase(), b.resourceType.toLowerCase()) ||
      cmp(a.apiVersion, b.apiVersion) ||
      cmp(a.name, b.name) ||
      cmp(a.templatePath ?? '', b.templatePath ?? '') ||
      cmp(a.path, b.path) ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

/** `type@api name: path: message` (the path is left out for findings about the resource itself). */
export function formatFinding(f: TypeFinding): string {
  const where = f.path ? `${f.path}: ` : '';
  return `${f.resourceType}@${f.apiVersion} ${f.name}: ${where}${f.message}`;
}

/** Every finding, sorted and formatted one a line: what tests compare and reports print. */
export function formatFindings(findings: readonly TypeFinding[]): string[] {
  return sortFindings(findings).map(formatFinding);
}

export interface FindingCounts {
  total: number;
  errors: number;
  warnings: number;
  byCode: Record<string, number>;
}

export function countFindings(findings: readonly TypeFinding[]): FindingCounts {
  const byCode: Record<string, number> = {};
  let errors = 0;
  for (const f of findings) {
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    if (f.severity === 'error') errors += 1;
  }
  const sorted: Record<string, number> = {};
  for (const k of Object.keys(byCode).sort()) sorted[k] = byCode[k] ?? 0;
  return { total: findings.length, errors, warnings: findings.length - errors, byCode: sorted };
}

/** Findings as the project's Diagnostic data (code `IL5-TYPES-<CODE>`), for the CLI to print. */
export function findingsToDiagnostics(findings: readonly TypeFinding[], file?: string): Diagnostic[] {
  return sortFindings(findings).map((f) => {
    const resourcePath = [f.templatePath, f.path].filter((p) => p).join('.');
    const detail = [f.expected !== undefined ? `expected ${f.expected}` : '', f.found !== undefined ? `found ${f.found}` : '']
      .filter((s) => s)
      .join('; ');
    return {
      severity: f.severity,
      code: `IL5-TYPES-${f.code.toUpperCase()}`,
      message: `${f.resourceType}@${f.apiVersion} ${f.name}: ${f.message}`,
      ...(detail ? { fix: detail } : {}),
      path: file ? `${file}#${resourcePath}` : resourcePath,
    };
  });
}
