import { Option } from 'commander';
import { UserInputError } from '../../core/diagnostic.js';
import { addConnectionOptions, checkSubscriptionIds, connect, live, type ConnectionFlags } from '../azure-flags.js';
import { EXIT_FINDINGS, EXIT_OK } from '../io.js';
import { readSpec } from '../spec-input.js';
import { emit } from '../verdicts.js';
import { contextFromFlags } from './expand.js';
import type { RegisterCommand } from './index.js';

/**
 * `il5ml preflight`: before deploy.sh creates anything, whether the subscription will accept the plan —
 * providers, apiVersions and locations, VM and host SKUs, vCPU quota, global names, role assignment
 * permission, the Azure Cosmos DB principal. Exit 0: nothing fails; 1: a check fails (the spec key to
 * change is named); 2: bad input or a sign-in/endpoint failure. docs/audit.md.
 */

interface Opts extends ConnectionFlags {
  spec?: string;
  subscription?: string;
  resourceGroup?: string;
  format: 'table' | 'json';
  out?: string;
}

export const register: RegisterCommand = (program, io, setExit) => {
  const cmd = program
    .command('preflight')
    .description(
      'Before deploying: will the subscription accept the plan? Providers, apiVersions and locations, VM and dedicated host SKUs, vCPU quota, global names (with soft-deleted vaults), role assignment permission, the Azure Cosmos DB principal. ' +
        'Exit 0: nothing fails; 1: a check fails (naming the spec key to change); 2: bad input, sign-in or endpoint failure.',
    )
    .option('--spec <file>', 'the spec (default: the built-in default spec)')
    .option('--subscription <id>', 'the subscription to deploy to')
    .option('--resource-group <name>', "the resource group to deploy to (default: deploy.sh's, <prefix>-rg)")
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--out <file>', 'write the result to a file')
    .option('--graph-endpoint <url>', 'Microsoft Graph base URL (DoD tenants: https://dod-graph.microsoft.us)');
  addConnectionOptions(cmd).action(async (opts: Opts) => {
    // The Azure SDK and the plan's modules load when the command runs, not for `--help` (issue 12).
    const { exitWorthy, runPreflight } = await import('../../azure/preflight.js');
    const { formatPreflight, preflightPlan } = await import('../../azure/preflight-plan.js');
    if (opts.subscription === undefined) {
      throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message: 'no --subscription', fix: 'e.g. il5ml preflight --spec il5ml.yaml --subscription $(az account show --query id --output tsv) --auth cli' }]);
    }
    checkSubscriptionIds([opts.subscription]);
    // A resource group name as expand checks it (resource-name-rules, Microsoft.Resources), before sign-in:
    // before, any text went into the plan and the request URLs.
    contextFromFlags({ resourceGroup: opts.resourceGroup });
    const { loaded, choice } = await readSpec(opts.spec, io);
    // Before Azure is asked anything: the result may not replace the spec it was made from.
    if (opts.out !== undefined && choice.kind !== 'default') {
      const { refuseOverwritingInputs } = await import('../output-guard.js');
      refuseOverwritingInputs([{ flag: '--out', path: opts.out, fix: `write the result to another file, e.g. --out preflight.${opts.format === 'json' ? 'json' : 'txt'}` }], [{ flag: choice.kind === 'flag' ? '--spec' : 'spec', path: choice.path }], io.cwd);
    }
    const spec = loaded.spec;
    const plan = preflightPlan(spec, opts.subscription, opts.resourceGroup ?? `${spec.prefix}-rg`);
    const conn = await connect(opts, io);
    const checks = await live(() => runPreflight(conn.arm, conn.graph(), plan, conn.cloud.cosmosDbAppId));
    const text = opts.format === 'json' ? `${JSON.stringify({ subscription: plan.subscription, resourceGroup: plan.resourceGroup, region: plan.region, ok: !exitWorthy(checks), checks }, null, 2)}\n` : formatPreflight(plan, checks);
    await emit(text, opts.out, io);
    setExit(exitWorthy(checks) ? EXIT_FINDINGS : EXIT_OK);
  });
};
