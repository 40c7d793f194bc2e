import { Option, type Command } from 'commander';
import { UserInputError } from '../../core/diagnostic.js';
import { EXIT_OK, type CliIO } from '../io.js';
import type { RegisterCommand } from './index.js';

/**
 * `il5ml rules [IDS...] [--format table|md|json] [--doc]`: the built-in IL5 baseline — every rule's id,
 * name, severity, runbook step and the DoD IL5 definition it mirrors; md for documents, json for machines.
 * Rule ids, names or mirrored GUIDs narrow the list (an unknown one is bad input, exit 2). --doc prints
 * each rule's whole doc (the text of docs/rules/<id>.md), which the npm package does not ship.
 */

type Format = 'table' | 'md' | 'json';

export async function renderRules(keys: readonly string[], format: Format, doc = false): Promise<string> {
  // Loaded here, not at start-up: `il5ml --help` and the other commands do not need the rules.
  const { baselineRules, selectRules } = await import('../../baseline/index.js');
  const { renderRuleDoc, renderRuleTable, renderRuleText, ruleMetadata } = await import('../../baseline/docs.js');
  const rules = keys.length > 0 ? selectRules(keys) : [...baselineRules];
  if (doc) return rules.map(renderRuleDoc).join('\n');
  if (format === 'json') return JSON.stringify(rules.map(ruleMetadata), null, 2) + '\n';
  if (format === 'md') return renderRuleTable(rules);
  return renderRuleText(rules);
}

export const register: RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => {
  program
    .command('rules')
    .description('List the built-in IL5 baseline rules that `il5ml check` runs by default (docs: docs/rules/<ID>.md).')
    .argument('[rules...]', 'only these rules: ids (IL5-KV-001), names (IL5.KeyVault.PurgeProtection) or mirrored definition GUIDs')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'))
    .option('--doc', "print each rule's whole documentation (Markdown) instead of the list", false)
    .action(async (keys: string[], opts: { format: Format; doc: boolean }) => {
      // --doc prints Markdown: with --format json a script reading JSON got Markdown, without a word.
      if (opts.doc && opts.format === 'json') {
        throw new UserInputError([{ severity: 'error', code: 'IL5-CLI-FLAG', message: '--doc prints each rule\'s documentation as Markdown; --format json cannot apply to it', fix: 'leave out --format json for the documentation, or --doc for the rules as JSON (each with its "doc" path)' }]);
      }
      io.stdout(await renderRules(keys, opts.format, opts.doc));
      setExit(EXIT_OK);
    });
};
