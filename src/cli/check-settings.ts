import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { LineCounter, parseDocument } from 'yaml';
import { resolveExemptionKey, unknownKeyText } from '../baseline/exemption-keys.js';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import { tooDeepAt } from '../core/json-depth.js';
import { bomAsSpace } from '../core/json-tolerant.js';
import { entryWhere, parseExemptions, parseExemptionsDoc, placesOf, type Exemption, type Locate } from '../policy/exemptions.js';
import { LocatedReader } from '../policy/json-located.js';
import type { LoadedSpec } from '../spec/load.js';
import type { Spec } from '../spec/schema.js';
import { readUserFile } from './files.js';
import type { CliIO } from './io.js';
import { discoverSpec } from './spec-discovery.js';
import { readSpec } from './spec-input.js';
import { pushAll } from '../core/array.js';

/**
 * What `il5ml check` takes from the spec (issue 14): with --spec, or with il5ml.yaml / .yml / .json in
 * the working folder, its `check:` section supplies the flags not given on the command line (paths
 * relative to the spec file), and its policy.exemptions apply as --exemptions entries do. Without a
 * spec file nothing changes: the built-in default has neither.
 */
export interface CheckSpec {
  file: string;
  spec: Spec;
  /** Where a spec path stands in the file (LoadedSpec.locate): the exemptions' warnings name file:line:column. */
  locate?: LoadedSpec['locate'];
}

export async function checkSpec(given: string | undefined, io: CliIO): Promise<CheckSpec | undefined> {
  const choice = discoverSpec(given, io);
  if (choice.kind === 'default') return undefined;
  const { loaded } = await readSpec(given, io);
  return { file: choice.path, spec: loaded.spec, locate: (path) => loaded.locate(path) };
}

/** A path written in the spec, relative to the spec file, as the CLI resolves paths (from the working folder). */
function fromSpec(specFile: string, p: string, cwd: string): string {
  return relative(cwd, resolve(cwd, dirname(specFile), p)) || '.';
}

export interface CheckFlags {
  policy?: string[];
  policyParams?: string;
  initiative?: string[];
  assignment?: string[];
  aliases?: string[];
  exemptions?: string;
  format: string;
  out?: string;
  baseline: 'default' | 'none';
}

/** Fills the flags the user did not give from the spec's check section; flags given win. */
export function applyCheckSection<T extends CheckFlags>(opts: T, cmd: Command, s: CheckSpec | undefined, cwd: string): T {
  const c = s?.spec.check;
  if (!s || !c) return opts;
  const given = (name: string): boolean => cmd.getOptionValueSource(name) === 'cli';
  const out = { ...opts };
  if (!given('policy') && c.policy) out.policy = c.policy.map((p) => fromSpec(s.file, p, cwd));
  if (!given('policyParams') && c.policyParams !== undefined) out.policyParams = fromSpec(s.file, c.policyParams, cwd);
  if (!given('initiative') && c.initiative) out.initiative = [...c.initiative];
  if (!given('assignment') && c.assignment) out.assignment = c.assignment.map((p) => fromSpec(s.file, p, cwd));
  if (!given('aliases') && c.aliases) out.aliases = c.aliases.map((p) => fromSpec(s.file, p, cwd));
  if (!given('exemptions') && c.exemptions !== undefined) out.exemptions = fromSpec(s.file, c.exemptions, cwd);
  if (!given('format') && c.format !== undefined) out.format = c.format;
  if (!given('out') && c.out !== undefined) out.out = fromSpec(s.file, c.out, cwd);
  if (!given('baseline') && c.baseline !== undefined) out.baseline = c.baseline;
  return out;
}

/**
 * Resolves each exemption's rule or definition (src/baseline/exemption-keys.ts): a baseline rule also
 * exempts the definition it mirrors and the reverse; an unknown rule id is an error with did-you-mean.
 */
function withKeys(file: string, list: readonly Exemption[]): { exemptions: Exemption[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const exemptions: Exemption[] = [];
  for (const e of list) {
    const key = resolveExemptionKey(e.policyDefinitionId);
    if (key.kind === 'unknown' || key.kind === 'retired') {
      const where = entryWhere(file, e, 'rule');
      const t = key.kind === 'unknown' ? unknownKeyText(e.policyDefinitionId, key.didYouMean) : { message: key.why, fix: 'remove the exemption' };
      diagnostics.push({
        severity: key.kind === 'unknown' ? 'error' : 'warning',
        code: key.kind === 'unknown' ? 'IL5-EXEMPT-RULE' : 'IL5-EXEMPT-RETIRED',
        message: `${where.text}: ${t.message}`,
        fix: t.fix,
        ...(where.location ? { location: where.location } : {}),
        path: where.path,
      });
      continue;
    }
    exemptions.push(key.kind === 'any' ? e : { ...e, also: key.keys });
  }
  return { exemptions, diagnostics };
}

/**
 * Positions in a JSON exemptions file, read when a message needs one (past jsonc-parser's limit too: the
 * file is strict JSON, whose paths LocatedReader finds without a tree); none for text nested deeper than
 * core/json-depth.ts allows, whose messages name the file.
 */
function jsonLocator(file: string, text: string): Locate | undefined {
  if (tooDeepAt(text) !== undefined) return undefined;
  const reader = new LocatedReader(file, 'IL5-EXEMPT-JSON', text);
  return (path) => reader.find([...path]);
}

export interface ExemptionSource {
  file: string;
  exemptions: Exemption[];
}

/** The exemptions check applies: the spec's policy.exemptions, then --exemptions FILE (JSON, or YAML by extension). */
export async function checkExemptions(file: string | undefined, s: CheckSpec | undefined, io: CliIO): Promise<{ sources: ExemptionSource[]; warnings: Diagnostic[] }> {
  const sources: ExemptionSource[] = [];
  const diags: Diagnostic[] = [];
  if (s && s.spec.policy.exemptions.length > 0) {
    const fromSpec = s.spec.policy.exemptions.map((e, index): Exemption => {
      const at = placesOf(s.locate, ['policy', 'exemptions'], index);
      return {
        policyDefinitionId: e.rule,
        resourceId: e.resource ?? '*',
        justification: e.justification,
        expiresOn: e.expiresOn,
        index,
        label: `policy.exemptions[${index}]`,
        ...(at ? { at } : {}),
      };
    });
    const r = withKeys(s.file, fromSpec);
    pushAll(diags, r.diagnostics);
    sources.push({ file: s.file, exemptions: r.exemptions });
  }
  if (file !== undefined) {
    const f = await readUserFile(file, io.cwd, 'exemptions file');
    let parsed: { exemptions: Exemption[]; diagnostics: Diagnostic[] };
    if (/\.ya?ml$/i.test(f.path)) {
      let doc: unknown;
      const { duplicateKeys, yamlLocator } = await import('../spec/load.js');
      // The yaml package's duplicate-key check is quadratic (200,000 keys: minutes); the spec loader's
      // duplicateKeys() finds the same repeats in linear time.
      const lineCounter = new LineCounter();
      // merge: `<<: *anchor` merge keys (a shared justification and expiry), as the spec reads them (spec/load.ts).
      const yaml = parseDocument(f.text, { uniqueKeys: false, prettyErrors: false, lineCounter, merge: true });
      const invalid = (message: string, offset?: number): UserInputError => {
        const pos = offset !== undefined ? lineCounter.linePos(offset) : undefined;
        return new UserInputError([
          { severity: 'error', code: 'IL5-EXEMPT-YAML', message: `${f.path} is not valid YAML: ${message}`, fix: 'fix the YAML syntax', ...(pos ? { location: { file: f.path, line: pos.line, column: pos.col } } : {}), path: f.path },
        ]);
      };
      const syntax = yaml.errors[0];
      const problem = syntax ? { message: syntax.message, offset: syntax.pos[0] } : duplicateKeys(yaml)[0];
      if (problem !== undefined) throw invalid(problem.message, problem.offset);
      try {
        doc = yaml.toJS({ maxAliasCount: 100 });
      } catch (e) {
        throw invalid((e as Error).message);
      }
      parsed = parseExemptionsDoc(f.path, doc, yamlLocator(yaml, lineCounter, f.path));
    } else parsed = parseExemptions(f.path, f.text, jsonLocator(f.path, bomAsSpace(f.text)));
    pushAll(diags, parsed.diagnostics);
    const r = withKeys(f.path, parsed.exemptions);
    pushAll(diags, r.diagnostics);
    sources.push({ file: f.path, exemptions: r.exemptions });
  }
  if (diags.some((d) => d.severity === 'error')) throw new UserInputError(diags);
  return { sources, warnings: diags };
}
