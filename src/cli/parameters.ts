import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { ParseError } from 'jsonc-parser';
import { bomAsSpace, parseTolerant, tolerable } from '../core/json-tolerant.js';
import { firstJsonError } from '../core/json-syntax.js';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import { depthMessage, lineColumn, tooDeepAt } from '../core/json-depth.js';
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
 * template parameter's type exactly as az gives it (_try_parse_key_value_object in Azure/azure-cli
 * src/azure-cli/azure/cli/command_modules/resource/custom.py, read 2026-12-08): the key is looked up in the
 * template's parameters as written (a dict lookup: case matters); object, secureObject and array values are
 * JSON; int is Python's int(value) (white space around it, a sign, `_` between digits, any Unicode decimal
 * digit); bool is `value.lower() == 'true'`, so anything but true is false (`yes` too: said in a warning);
 * string and secureString the text as written; a key the template does not declare is an error.
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

/** The template's parameters by their name as declared (az looks a KEY up as written). */
type ParamDefs = Map<string, { name: string; type: string }>;

/** The template as JSON.parse reads it when it is strict JSON (as Bicep and az write it: V8's parser is many times faster), else as jsonc-parser reads it. */
function readTemplate(templateText: string): unknown {
  return parseTolerant(templateText, [], { allowTrailingComma: true });
}

// Not policy/json-located.ts's isRecord: importing it would load jsonc-parser at start-up (test/cli/bundle.test.ts).
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The type of a parameter declared with `$ref` (languageVersion 2.0 user-defined types, as Bicep writes
 * them: "$ref": "#/definitions/netType"), followed as az follows it (_resolve_parameter_type in
 * Azure/azure-cli src/azure-cli/azure/cli/command_modules/resource/custom.py, read 2026-12-07: a JSON
 * pointer into "definitions", "parameters" or "outputs", RFC 6901 escapes decoded, a cycle refused).
 * "Every type definition needs at minimum a name and either a type or a $ref" (Type definitions in ARM
 * templates, https://learn.microsoft.com/azure/azure-resource-manager/templates/definitions, read
 * 2026-12-07). '' when the pointer leads nowhere: the template engine reports the bad reference itself.
 */
function declaredType(def: unknown, doc: Record<string, unknown>): string {
  const seen = new Set<string>();
  let current = def;
  while (isRecord(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) return '';
    seen.add(ref);
    const segments = ref.split('/').map((s) => {
      let t = s;
      try {
        t = decodeURIComponent(s);
      } catch {
        // not percent-encoded: kept as written
      }
      return t.replace(/~1/g, '/').replace(/~0/g, '~');
    });
    if (segments.length < 2 || segments[0] !== '#' || !['definitions', 'parameters', 'outputs'].includes(segments[1] ?? '')) return '';
    let target: unknown = doc[segments[1] ?? ''];
    for (const seg of segments.slice(2)) {
      if (isRecord(target) && Object.hasOwn(target, seg)) target = target[seg];
      else if (Array.isArray(target) && /^\d+$/.test(seg) && Number(seg) < target.length) target = target[Number(seg)];
      else return '';
    }
    current = target;
  }
  const type = isRecord(current) ? current.type : undefined;
  return typeof type === 'string' ? type.toLowerCase() : '';
}

function templateParams(templateText: string): ParamDefs {
  const doc = readTemplate(templateText);
  const out: ParamDefs = new Map();
  if (!isRecord(doc)) return out;
  const params = doc.parameters;
  if (!isRecord(params)) return out;
  for (const [name, def] of Object.entries(params)) out.set(name, { name, type: declaredType(def, doc) });
  return out;
}

/**
 * Python's int(str) in base 10: white space around it (ASCII \t\n\v\f\r and space, and the non-ASCII
 * characters str.isspace() holds: U+0085, U+00A0, Zs, U+2028, U+2029; not U+001C-U+001F, which int() keeps
 * and refuses), an optional sign, decimal digits with single underscores between them.
 */
const PY_INT = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*([+-]?)(\p{Nd}(?:_?\p{Nd})*)[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;

/**
 * Python's int(text) for a decimal string, as az parses an int KEY=VALUE (https://docs.python.org/3/library/functions.html#int:
 * "optionally preceded by + or - ... and surrounded by whitespace"; "Underscores ... between digits", PEP 515;
 * any Unicode decimal digit, category Nd). undefined where int() raises ValueError.
 */
export function pythonInt(text: string): number | undefined {
  const digits = pythonIntText(text);
  return digits === undefined ? undefined : Number(digits);
}

/** pythonInt's value as decimal digits with its sign (exact, whatever its size). */
function pythonIntText(text: string): string | undefined {
  const m = PY_INT.exec(text);
  if (!m) return undefined;
  let digits = '';
  for (const ch of (m[2] ?? '').replace(/_/g, '')) {
    // Decimal digits come in runs of ten, 0 to 9, each run beginning with its 0 (Unicode's stability policy):
    // a digit's value is its distance from the start of its block of consecutive digits, modulo 10.
    let start = ch.codePointAt(0) ?? 0;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    digits += String(((ch.codePointAt(0) ?? 0) - start) % 10);
  }
  return `${m[1] === '-' ? '-' : ''}${digits}`;
}

/**
 * An ARM int is a 64-bit integer ("In Bicep, integers are 64-bit integers", quoted from Data types in Bicep
 * in Azure/bicep issue 5324, where a maintainer gives the bounds as Int64.MinValue and Int64.MaxValue, read
 * 2026-12-08). The template engine computes with JavaScript numbers, exact only to 2^53 - 1
 * (src/arm/functions/numeric.ts refuses results past it): a value past that was rounded without a word
 * (9007199254740993 became 9007199254740992).
 */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Why an int KEY=VALUE cannot be taken exactly, or undefined when it can. */
function inexactInt(digits: string): string | undefined {
  // More than 19 significant digits is past Int64 whatever they are (and BigInt of a long KEY=@FILE is slow).
  const n = digits.replace(/^-?0*/, '').length > 19 ? INT64_MAX + 1n : BigInt(digits);
  if (n < INT64_MIN || n > INT64_MAX) return `is outside the range of an ARM int, a 64-bit integer (${INT64_MIN} to ${INT64_MAX})`;
  if (!Number.isSafeInteger(Number(n))) {
    return `is an ARM int (64-bit), but past ±${Number.MAX_SAFE_INTEGER} (2^53 - 1), beyond which il5ml computes numbers inexactly: it would become ${Number(n)}, so il5ml does not take it`;
  }
  return undefined;
}

function keyValue(key: string, raw: string, defs: ParamDefs, templateFile: string, fromFile?: string): { entry?: Entry; error?: Diagnostic; warning?: Diagnostic } {
  // A value read from a file (KEY=@FILE) is named by its file, never repeated: it may be long, or a secret.
  const shown = fromFile === undefined ? `'${raw}'` : `the content of ${fromFile}`;
  const def = defs.get(key);
  // The value is never repeated: it may be a secret (a secure parameter, or one whose name was mistyped).
  const err = (message: string, fix: string): { error: Diagnostic } => ({ error: { severity: 'error', code: 'IL5-CLI-PARAMETERS', message: `--parameters ${key}=…: ${message}`, fix, path: '--parameters' } });
  if (!def) {
    const names = [...defs.values()].map((d) => d.name);
    // az looks the key up as written: `Count=5` for a parameter `count` is "unrecognized template parameter" there.
    const other = names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (other !== undefined) return err(`${templateFile} declares '${other}', not '${key}': az matches a KEY=VALUE name as written (az deployment … create refuses it)`, `write ${other}=…`);
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
    case 'int': {
      const digits = pythonIntText(raw);
      const inexact = digits === undefined ? undefined : inexactInt(digits);
      if (inexact !== undefined) return err(`'${def.name}' is of type int; ${shown} ${inexact}`, `write ${def.name}=<whole number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}>`);
      const n = digits === undefined ? undefined : Number(digits);
      if (n !== undefined) {
        // `1_000` or digits of another script are whole numbers to az; said, since few expect it.
        const plain = /^[+-]?[0-9]+$/.test(raw.trim());
        return {
          entry: { name: def.name, value: n },
          ...(plain
            ? {}
            : { warning: { severity: 'warning' as const, code: 'IL5-CLI-PARAMETERS', message: `--parameters ${def.name}=…: '${def.name}' is of type int and ${shown} is read as ${n}, as az reads it (Python's int(): _ between digits, any script's digits)`, fix: `write ${def.name}=${n} to say it plainly`, path: '--parameters' } }),
        };
      }
      return err(`'${def.name}' is of type int; ${shown} is not a whole number`, `write ${def.name}=<whole number>`);
    }
    case 'bool': {
      const value = raw.toLowerCase() === 'true';
      if (value || raw.toLowerCase() === 'false') return { entry: { name: def.name, value } };
      return {
        entry: { name: def.name, value: false },
        warning: {
          severity: 'warning',
          code: 'IL5-CLI-PARAMETERS',
          message: `--parameters ${def.name}=…: '${def.name}' is of type bool and ${shown} is not 'true', so it is false, as az reads it (az takes any value but true as false)`,
          fix: `write ${def.name}=true or ${def.name}=false`,
          path: '--parameters',
        },
      };
    }
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
): Promise<{ text: string; file: string; warnings: Diagnostic[] } | undefined> {
  if (args.length === 0) return undefined;
  const diags: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const merged = new Map<string, { name: string; entry: unknown }>();
  let defs: ParamDefs | undefined;
  const files: { path: string; text: string }[] = [];
  for (const arg of args) {
    const kv = KEY_VALUE.exec(arg);
    if (kv && !existsSync(resolve(io.cwd, arg))) {
      defs ??= templateParams(template.text);
      let raw = kv[2] ?? '';
      let fromFile: string | undefined;
      // KEY=@FILE: az reads the value from the file before it parses the parameters (it expands an
      // argument's "@path" after "=", ~ as the home folder, and drops one final newline; a path that
      // cannot be read is kept as written: _expand_file_prefixed_files in Azure/azure-cli
      // src/azure-cli-core/azure/cli/core/commands/__init__.py, read 2026-12-07).
      if (raw.length > 1 && raw.startsWith('@')) {
        const path = /^~(?=\/|$)/.test(raw.slice(1)) ? homedir() + raw.slice(2) : raw.slice(1);
        if (existsSync(resolve(io.cwd, path))) {
          try {
            const f = await readUserFile(path, io.cwd, `--parameters ${kv[1] ?? ''}=@ file`);
            raw = f.text.endsWith('\n') ? f.text.slice(0, -1) : f.text;
            fromFile = path;
          } catch (e) {
            if (!(e instanceof UserInputError)) throw e;
            pushAll(diags, e.diagnostics);
            continue;
          }
        }
      }
      const r = keyValue(kv[1] ?? '', raw, defs, template.file, fromFile);
      if (r.error) diags.push(r.error);
      if (r.warning) warnings.push(r.warning);
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
        if (args.length === 1) return { text: f.text, file: f.path, warnings };
        diags.push({ severity: 'error', code: 'IL5-ARM-JSON', message: depthMessage(f.path), fix: 'flatten the structure; real parameters files nest a few levels', path: f.path });
        continue;
      }
      const errors: ParseError[] = [];
      doc = parseTolerant(f.text, errors, { allowTrailingComma: true });
      if (errors.length > 0) {
        // Reported with positions by the template engine when the file is used alone.
        if (args.length === 1) return { text: f.text, file: f.path, warnings };
        // Merged with others: where, from jsonc-parser's first error (past its limit, where it read nothing,
        // from the strict syntax check: only strict JSON is read at that size).
        const at = tolerable(f.text) ? errors[0]?.offset : firstJsonError(bomAsSpace(f.text))?.offset;
        diags.push({
          severity: 'error',
          code: 'IL5-ARM-PARAMFILE',
          message: `${f.path} is not valid JSON`,
          fix: 'fix the JSON syntax at this position (comments and trailing commas are accepted)',
          ...(at !== undefined ? { location: { file: f.path, ...lineColumn(f.text, at) } } : {}),
          path: f.path,
        });
        continue;
      }
    }
    const { entries, error } = entriesOf(doc, label);
    if (error) diags.push(error);
    for (const [name, entry] of Object.entries(entries)) merged.set(name.toLowerCase(), { name, entry });
  }
  // The warnings with the errors: all that was found, said at once.
  if (diags.length > 0) throw new UserInputError([...diags, ...warnings]);
  const only = files[0];
  if (args.length === 1 && only) return { text: only.text, file: only.path, warnings };
  const parameters: Record<string, unknown> = {};
  for (const { name, entry } of merged.values()) parameters[name] = entry;
  const text = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters }, null, 2);
  return { text, file: '--parameters', warnings };
}
