import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseError } from 'jsonc-parser';
import { parseTolerant } from '../core/json-tolerant.js';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import { depthMessage, tooDeepAt } from '../core/json-depth.js';
import { didYouMean } from '../spec/suggest.js';
import { readUserFile } from './files.js';
import type { CliIO } from './io.js';
import { pushAll } from '../core/array.js';

/**
 * `--parameters` as az takes it (az deployment group create --parameters, whose help says: "Parameters may
 * be supplied from a file using the @{path} syntax, a JSON string, or as <KEY=VALUE> pairs. Parameters are
 * evaluated in order, so when a value is assigned twice, the latter value will be used";
 * https://learn.microsoft.com/cli/azure/deployment/group#az-deployment-group-create, read 2026-12-06):
 * a file, `@file`, a JSON object, or `KEY=VALUE`, repeatable, later ones win. A KEY=VALUE value takes the
 * template parameter's type as az gives it: object and array values are JSON, int a whole number, bool
 * true or false, string the text as written; a key the template does not declare is an error.
 */
export const AZ_PARAMETERS_HELP =
  'as az: a parameters file, @file, a JSON object, or KEY=VALUE (repeatable; later ones win), e.g. --parameters azuredeploy.parameters.json --parameters identifier=mlz1';

export function collectParameters(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const KEY_VALUE = /^([A-Za-z_$][\w$.-]*)=([\s\S]*)$/;

export const BICEP_PARAM_FIX = (file: string): string => `il5ml reads ARM JSON: run az bicep build-params --file ${file} (it writes the JSON parameters file) and give that`;

function bicepparamError(file: string, flag: string): Diagnostic {
  return {
    severity: 'error',
    code: 'IL5-INPUT-BICEP',
    message: `${file} is a Bicep parameters file; ${flag} takes a JSON parameters file`,
    fix: BICEP_PARAM_FIX(file),
    path: file,
  };
}

interface Entry {
  name: string;
  value: unknown;
}

type ParamDefs = Map<string, { name: string; type: string }>;

/** The template as JSON.parse reads it when it is strict JSON (as Bicep and az write it: V8's parser is many times faster), else as jsonc-parser reads it. */
function readTemplate(templateText: string): unknown {
  return parseTolerant(templateText, [], { allowTrailingComma: true });
}

function templateParams(templateText: string): ParamDefs {
  const doc = readTemplate(templateText);
  const out: ParamDefs = new Map();
  const params = doc !== null && typeof doc === 'object' ? (doc as { parameters?: unknown }).parameters : undefined;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return out;
  for (const [name, def] of Object.entries(params as Record<string, unknown>)) {
    const type = def !== null && typeof def === 'object' ? (def as { type?: unknown }).type : undefined;
    out.set(name.toLowerCase(), { name, type: typeof type === 'string' ? type.toLowerCase() : '' });
  }
  return out;
}

function keyValue(key: string, raw: string, defs: ParamDefs, templateFile: string): { entry?: Entry; error?: Diagnostic } {
  const def = defs.get(key.toLowerCase());
  // The value is never repeated: it may be a secret (a secure parameter, or one whose name was mistyped).
  const err = (message: string, fix: string): { error: Diagnostic } => ({ error: { severity: 'error', code: 'IL5-CLI-PARAMETERS', message: `--parameters ${key}=…: ${message}`, fix, path: '--parameters' } });
  if (!def) {
    const names = [...defs.values()].map((d) => d.name);
    return err(`${templateFile} declares no parameter '${key}'.${didYouMean(key, names)}`, names.length ? `use one of: ${names.join(', ')}` : 'the template has no parameters');
  }
  switch (def.type) {
    case 'object':
    case 'secureobject':
    case 'array':
      try {
        return { entry: { name: def.name, value: JSON.parse(raw) as unknown } };
      } catch {
        return err(`'${def.name}' is of type ${def.type}; its value must be JSON`, `write ${def.name}='${def.type === 'array' ? '["a","b"]' : '{"key":"value"}'}'`);
      }
    case 'int':
      if (/^-?\d+$/.test(raw.trim())) return { entry: { name: def.name, value: Number(raw.trim()) } };
      return err(`'${def.name}' is of type int; '${raw}' is not a whole number`, `write ${def.name}=<whole number>`);
    case 'bool':
      if (/^(true|false)$/i.test(raw.trim())) return { entry: { name: def.name, value: raw.trim().toLowerCase() === 'true' } };
      return err(`'${def.name}' is of type bool; '${raw}' is neither true nor false`, `write ${def.name}=true or ${def.name}=false`);
    default:
      return { entry: { name: def.name, value: raw } };
  }
}

function entriesOf(doc: unknown, file: string): { entries: Record<string, unknown>; error?: Diagnostic } {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { entries: {}, error: { severity: 'error', code: 'IL5-ARM-PARAMFILE', message: `${file} must be a JSON object with "parameters"`, fix: 'write {"parameters": {"name": {"value": …}}}', path: file } };
  }
  const root = doc as Record<string, unknown>;
  const ps = root.parameters;
  if (ps !== null && typeof ps === 'object' && !Array.isArray(ps)) return { entries: ps as Record<string, unknown> };
  const { $schema: _s, contentVersion: _c, ...rest } = root;
  return { entries: rest };
}

/**
 * The files among az-style `--parameters` values, as resolveParameters reads them: `file` or `@file`;
 * not KEY=VALUE (unless a file of that name exists), not inline JSON.
 */
export function parameterFiles(args: readonly string[], cwd: string): string[] {
  return args.filter((a) => !(KEY_VALUE.test(a) && !existsSync(resolve(cwd, a))) && !a.trimStart().startsWith('{')).map((a) => (a.startsWith('@') ? a.slice(1) : a));
}

/**
 * The parameters text and file name expandTemplate takes, or undefined without --parameters. One file
 * alone is passed as it is (diagnostics keep its positions); anything else is merged in order into one
 * parameters document named "--parameters". All errors are reported at once.
 */
export async function resolveParameters(
  args: readonly string[],
  template: { text: string; file: string },
  io: Pick<CliIO, 'cwd'>,
): Promise<{ text: string; file: string } | undefined> {
  if (args.length === 0) return undefined;
  const diags: Diagnostic[] = [];
  const merged = new Map<string, { name: string; entry: unknown }>();
  let defs: ParamDefs | undefined;
  const files: { path: string; text: string }[] = [];
  for (const arg of args) {
    const kv = KEY_VALUE.exec(arg);
    if (kv && !existsSync(resolve(io.cwd, arg))) {
      defs ??= templateParams(template.text);
      const r = keyValue(kv[1] ?? '', kv[2] ?? '', defs, template.file);
      if (r.error) diags.push(r.error);
      if (r.entry) merged.set(r.entry.name.toLowerCase(), { name: r.entry.name, entry: { value: r.entry.value } });
      continue;
    }
    let doc: unknown;
    let label: string;
    if (arg.trimStart().startsWith('{')) {
      label = '--parameters (JSON)';
      if (tooDeepAt(arg) !== undefined) {
        diags.push({ severity: 'error', code: 'IL5-ARM-JSON', message: depthMessage('--parameters (JSON)'), fix: 'flatten the structure', path: '--parameters' });
        continue;
      }
      const errors: ParseError[] = [];
      doc = parseTolerant(arg, errors, { allowTrailingComma: true });
      if (errors.length > 0) {
        diags.push({ severity: 'error', code: 'IL5-CLI-PARAMETERS', message: '--parameters: the inline JSON is not valid', fix: 'quote it for your shell, e.g. --parameters \'{"name": {"value": "x"}}\'', path: '--parameters' });
        continue;
      }
    } else {
      const path = arg.startsWith('@') ? arg.slice(1) : arg;
      if (/\.bicepparam$/i.test(path)) {
        diags.push(bicepparamError(path, '--parameters'));
        continue;
      }
      let f: { path: string; text: string };
      try {
        f = await readUserFile(path, io.cwd, 'parameters file');
      } catch (e) {
        if (e instanceof UserInputError) {
          pushAll(diags, e.diagnostics);
          continue;
        }
        throw e;
      }
      files.push(f);
      label = f.path;
      // The template engine checks the depth of a file used alone, with its position; one merged with
      // others is parsed here first, and must not overflow the stack either (issue 13).
      if (tooDeepAt(f.text) !== undefined) {
        if (args.length === 1) return { text: f.text, file: f.path };
        diags.push({ severity: 'error', code: 'IL5-ARM-JSON', message: depthMessage(f.path), fix: 'flatten the structure; real parameters files nest a few levels', path: f.path });
        continue;
      }
      const errors: ParseError[] = [];
      doc = parseTolerant(f.text, errors, { allowTrailingComma: true });
      if (errors.length > 0) {
        // Reported with positions by the template engine when the file is used alone.
        if (args.length === 1) return { text: f.text, file: f.path };
        diags.push({ severity: 'error', code: 'IL5-ARM-PARAMFILE', message: `${f.path} is not valid JSON`, fix: `give it alone to see where: --parameters ${f.path}`, path: f.path });
        continue;
      }
    }
    const { entries, error } = entriesOf(doc, label);
    if (error) diags.push(error);
    for (const [name, entry] of Object.entries(entries)) merged.set(name.toLowerCase(), { name, entry });
  }
  if (diags.length > 0) throw new UserInputError(diags);
  const only = files[0];
  if (args.length === 1 && only) return { text: only.text, file: only.path };
  const parameters: Record<string, unknown> = {};
  for (const { name, entry } of merged.values()) parameters[name] = entry;
  const text = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters }, null, 2);
  return { text, file: '--parameters' };
}
