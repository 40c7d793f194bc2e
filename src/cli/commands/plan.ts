import { join, relative, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { formatDiagnostic, required, sortDiagnostics, type Diagnostic } from '../../core/diagnostic.js';
import type { Compliance } from '../../core/verdict.js';
import type { PlanCompliance } from '../../plan/compliance.js';
import type { LoadedSpec } from '../../spec/load.js';
import { replaceFolder } from '../files.js';
import { refuseChangedFiles } from '../overwrite.js';
import { EXIT_FINDINGS, EXIT_OK, processIO } from '../io.js';
import { favourStartUp } from '../short-run.js';
import { loadPlanEngines, type PlanEngines } from '../plan-engines.js';
import type { SpecChoice } from '../spec-discovery.js';
import { readSpec } from '../spec-input.js';
import type { RegisterCommand } from './index.js';

export const DEFAULT_OUT_DIR = 'out';

/** At most this many NonCompliant and Exempt lines, so the summary fits one screen; the rest is in plan.md. */
const MAX_LISTED = 12;

const VERDICTS: readonly Compliance[] = ['Compliant', 'NonCompliant', 'Exempt', 'Unknown', 'NotApplicable'];

/** Exemption findings as warnings at the spec position of the exemption's key. */
function exemptionWarnings(c: PlanCompliance, loaded: LoadedSpec, { locateNear }: Pick<PlanEngines, 'locateNear'>): Diagnostic[] {
  return c.findings.map((f) => {
    const path = ['policy', 'exemptions', f.index, f.field] as const;
    const location = locateNear(loaded, path);
    return {
      severity: 'warning',
      code: 'IL5-PLAN-EXEMPTION',
      message: f.message,
      fix: f.fix,
      ...(location ? { location } : {}),
      path: `policy.exemptions[${f.index}].${f.field}`,
    };
  });
}

/** The size of the chosen spec file in bytes (0 for the built-in one, unknown as infinite): what decides a short run. */
function specSize(choice: SpecChoice, cwd: string): number {
  if (choice.kind === 'default') return 0;
  try {
    return statSync(resolve(cwd, choice.path)).size;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** A template the plan wrote that the engine could not expand fully: the check is incomplete; say so. */
function expansionWarnings(c: PlanCompliance): Diagnostic[] {
  return c.expansion.map((d) => ({
    ...d,
    severity: 'warning',
    message: `while checking the plan with the baseline: ${d.message}`,
  }));
}

function listed<T>(items: readonly T[], line: (x: T) => string, more: string): string[] {
  const out = items.slice(0, MAX_LISTED).map(line);
  if (items.length > MAX_LISTED) out.push(`  … and ${items.length - MAX_LISTED} more ${more}`);
  return out;
}

/** The one-screen summary: counts by verdict, each NonCompliant with its fix (a spec key), each Exempt. */
export function complianceSummary(c: PlanCompliance, shown: string, { nonCompliant, resourceName }: Pick<PlanEngines, 'nonCompliant' | 'resourceName'>): string[] {
  const counts = VERDICTS.map((v) => `${c.summary.byCompliance[v]} ${v}`).join(', ');
  const out = [`baseline: ${c.rules.applied} of ${c.rules.total} rules on ${c.resources} resources: ${counts}`];
  const bad = nonCompliant(c);
  out.push(
    ...listed(bad, (r) => `  NonCompliant ${r.ruleId ?? r.policyDefinitionId} ${resourceName(r.resourceId)}: ${r.reason}\n    fix: ${r.remediation ?? ''}`, `in ${shown}/plan.md`),
  );
  const exempt = c.results.filter((r) => r.compliance === 'Exempt');
  out.push(
    ...listed(exempt, (r) => `  Exempt ${r.ruleId ?? r.policyDefinitionId} ${resourceName(r.resourceId)} until ${r.exemption?.expiresOn ?? '?'}: ${r.exemption?.justification ?? ''}`, `in ${shown}/plan.md`),
  );
  if (bad.length > 0) {
    out.push(`the spec weakens the IL5 posture: change the spec keys above, or add an exemption for each rule under policy.exemptions (rule, justification, expiresOn)`);
  }
  return out;
}

/**
 * `il5ml plan [--spec FILE] [--out DIR]`: validate the spec, build the plan, check it with the built-in
 * baseline, then write its four files together (atomically). Any spec error stops before anything is
 * written: exit 2 from main(). A plan the baseline finds NonCompliant (a spec that weakens the posture
 * without an unexpired exemption) is still written, and exits 1. Today's date, which decides whether an
 * exemption has expired, is read here, at the edge.
 */
export const register: RegisterCommand = (program, io, setExit) => {
  program
    .command('plan')
    .description(
      'Turn the spec into azuredeploy.json, azuredeploy.parameters.json, deploy.sh and plan.md for Azure Government,\n' +
        'and check what they create with the built-in IL5 baseline (exit 1 when the spec weakens the posture without an exemption).\n' +
        'Without --spec, plans il5ml.yaml (or .yml, .json) of the working folder, else the built-in default; stderr says which.\n' +
        'Docs (shipped in the package, node_modules/il5ml/docs): docs/spec.md (discovery, --force, check:), docs/exemptions.md.',
    )
    .option('-s, --spec <file>', 'spec file, YAML or JSON (default: il5ml.yaml, il5ml.yml or il5ml.json in the working folder, else the built-in default)')
    .option('-o, --out <dir>', 'folder to write the four files into', DEFAULT_OUT_DIR)
    .option('-f, --force', 'replace files in --out that hold other content (an earlier plan, hand edits); without it only new or unchanged files are written', false)
    .action(async (opts: { spec?: string; out: string; force: boolean }) => {
      // The plan's engines load when it runs, not for `--help` (issue 12), once the spec is chosen: a short
      // run turns the optimizing compiler off first, the flags the engines' code cache was made with.
      let engines: PlanEngines | undefined;
      const { loaded, warnings, choice } = await readSpec(opts.spec, io, async (choice) => {
        if (io === processIO) favourStartUp(specSize(choice, io.cwd));
        engines = await loadPlanEngines();
        return engines;
      });
      const run = required(engines, 'the plan engines');
      const { FILE_NAMES, buildPlan } = run;
      const today = new Date().toISOString().slice(0, 10);
      const plan = buildPlan(loaded.spec, undefined, { today });
      const files = plan.files();
      const dir = resolve(io.cwd, opts.out);
      // The spec is never replaced by a plan file, even with --force (which replaces edited plan files).
      if (choice.kind !== 'default') {
        const { refuseOverwritingInputs } = await import('../output-guard.js');
        refuseOverwritingInputs(
          [...files.keys()].map((name) => ({ flag: '--out', path: join(opts.out, name), label: `--out ${opts.out}: ${name}`, fix: `move the spec out of ${opts.out}, or write the plan to another folder, e.g. --out ${opts.out === 'plan' ? 'out' : 'plan'}` })),
          [{ flag: choice.kind === 'flag' ? '--spec' : 'spec', path: choice.path }],
          io.cwd,
        );
      }
      await refuseChangedFiles(dir, files, opts.force, io.cwd);
      // deploy.sh is meant to be run as ./deploy.sh.
      await replaceFolder(dir, files, new Map([[FILE_NAMES.deploySh, 0o755]]), io.cwd);

      const shown = relative(io.cwd, dir) || '.';
      const c = plan.compliance;
      const warned = [
        ...sortDiagnostics([...warnings.filter((d) => d.severity === 'warning'), ...exemptionWarnings(c, loaded, run)]),
        ...expansionWarnings(c),
      ];
      if (warned.length > 0) io.stderr(`${warned.map(formatDiagnostic).join('\n')}\n`);
      const findings = run.nonCompliant(c).length;
      io.stdout(
        [
          `il5ml plan: ${plan.template.resources.length} resources in ${loaded.spec.region} (Azure Government), ${plan.deviations.length} departures from the runbook`,
          ...[...files.keys()].map((name) => `  wrote ${shown}/${name}`),
          ...complianceSummary(c, shown, run),
          `${warned.length} warning${warned.length === 1 ? '' : 's'}`,
          findings > 0 ? `next: read ${shown}/plan.md ("Compliance"), fix the spec or exempt, and plan again` : `next: read ${shown}/plan.md, then run ${shown}/deploy.sh`,
          '',
        ].join('\n'),
      );
      setExit(findings > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
};
