/**
 * The baseline over a resource file, for some of its rules (task module `baseline-rules`): the worker reads
 * and parses the file itself (only its path crosses threads) and emits eachBaselineResult's results. The
 * baseline emits rule by rule, so tasks over consecutive slices of the rule list, concatenated in task
 * order, give exactly runBaseline's results (test/cli/workers.test.ts checks it).
 */
import { eachBaselineResult } from '../../../baseline/index.js';
import { UserInputError } from '../../../core/diagnostic.js';
import type { AzureResource } from '../../../core/resource.js';
import type { CheckResult } from '../../../core/verdict.js';
import { readUserFile } from '../../files.js';
import type { TaskFn } from '../protocol.js';

export interface BaselineRulesArgs {
  /** A JSON array of resources, resolved from `cwd`. */
  file: string;
  cwd: string;
  /** Rule ids, names or GUIDs (selectRules); every rule when absent. */
  rules?: string[];
  /** YYYY-MM-DD, for the input's exemptions. */
  today?: string;
}

const run: TaskFn<BaselineRulesArgs, CheckResult> = async (args, emit) => {
  const { path, text } = await readUserFile(args.file, args.cwd, 'resource file');
  let resources: unknown;
  try {
    resources = JSON.parse(text);
  } catch (e) {
    throw new UserInputError([{ severity: 'error', code: 'IL5-INPUT-JSON', message: `${path} is not valid JSON: ${(e as Error).message}`, fix: 'give a JSON array of resources', path: args.file }]);
  }
  if (!Array.isArray(resources)) {
    throw new UserInputError([{ severity: 'error', code: 'IL5-INPUT-SHAPE', message: `${path} is not a JSON array of resources`, fix: 'give a JSON array of resources, e.g. az resource list --output json', path: args.file }]);
  }
  // eachBaselineResult calls back synchronously, where no task can wait for credit: the slice's results are
  // held, then streamed within the credit.
  const out: CheckResult[] = [];
  eachBaselineResult(resources as AzureResource[], { ...(args.rules ? { rules: args.rules } : {}), ...(args.today ? { today: args.today } : {}) }, (r) => out.push(r));
  for (const r of out) {
    const wait = emit(r);
    if (wait) await wait;
  }
};

export const tasks = { run };
