import { relative, resolve } from 'node:path';
import { formatDiagnostic, sortDiagnostics } from '../../core/diagnostic.js';
import { FILE_NAMES, buildPlan } from '../../emit/plan.js';
import { writeFilesAtomically } from '../files.js';
import { EXIT_OK } from '../io.js';
import { readSpec } from '../spec-input.js';
import type { RegisterCommand } from './index.js';

export const DEFAULT_OUT_DIR = 'out';

/**
 * `il5ml plan [--spec FILE] [--out DIR]`: validate the spec, build the plan, then write its four files
 * together (atomically). Any spec error stops before anything is written: exit 2 from main().
 */
export const register: RegisterCommand = (program, io, setExit) => {
  program
    .command('plan')
    .description(
      'Turn the spec into azuredeploy.json, azuredeploy.parameters.json, deploy.sh and plan.md for Azure Government.\n' +
        'Without --spec, plans the built-in default (the runbook environment, `il5ml init` prints it).',
    )
    .option('-s, --spec <file>', 'spec file, YAML or JSON (default: the built-in default spec)')
    .option('-o, --out <dir>', 'folder to write the four files into', DEFAULT_OUT_DIR)
    .action(async (opts: { spec?: string; out: string }) => {
      const { loaded, warnings } = await readSpec(opts.spec, io);
      const plan = buildPlan(loaded.spec);
      const files = plan.files();
      const dir = resolve(io.cwd, opts.out);
      // deploy.sh is meant to be run as ./deploy.sh.
      await writeFilesAtomically(dir, files, new Map([[FILE_NAMES.deploySh, 0o755]]));

      const shown = relative(io.cwd, dir) || '.';
      const warned = sortDiagnostics(warnings.filter((d) => d.severity === 'warning'));
      if (warned.length > 0) io.stderr(`${warned.map(formatDiagnostic).join('\n')}\n`);
      io.stdout(
        [
          `il5ml plan: ${plan.template.resources.length} resources in ${loaded.spec.region} (Azure Government), ${plan.deviations.length} departures from the runbook`,
          ...[...files.keys()].map((name) => `  wrote ${shown}/${name}`),
          `${warned.length} warning${warned.length === 1 ? '' : 's'}`,
          `next: read ${shown}/plan.md, then run ${shown}/deploy.sh`,
          '',
        ].join('\n'),
      );
      setExit(EXIT_OK);
    });
};
