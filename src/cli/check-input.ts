import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expandTemplate } from '../arm/template/index.js';
import { pushAll } from '../core/array.js';
import { type Diagnostic, UserInputError, hasErrors } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { readCheckInput, type CheckInput } from '../policy/input.js';
import { readResourceStream, ScanError } from '../policy/stream-input.js';
import { readUserFile } from './files.js';
import type { CliIO } from './io.js';
import { localLinkedTemplates } from './linked.js';

/**
 * The inputs of `il5ml check`, read from disk. A resource list is streamed (policy/stream-input.ts): any
 * size, one item in memory as text at a time. What the stream cannot take — a template, one resource
 * object, JSON with comments or trailing commas, invalid JSON — is read whole by readCheckInput as
 * before (same results, same messages), when it fits in a string; past that, the stream's error stands.
 */

/** Text larger than this is not read whole: V8 strings stop at 2^29 - 24 characters, and the tolerant parser's tree costs several times the text. */
const WHOLE_TEXT_LIMIT = 256 * 1024 * 1024;

/** The subscription a subscription-scope template deploys into is itself evaluated (its contacts, pricings…). */
function scopeResources(templateText: string, resources: readonly AzureResource[]): AzureResource[] {
  if (!/subscriptionDeploymentTemplate/i.test(templateText.slice(0, 2000))) return [];
  const subs = new Set<string>();
  for (const r of resources) {
    const m = /^\/subscriptions\/([^/]+)/i.exec(r.id);
    if (m?.[1]) subs.add(m[1]);
  }
  return [...subs].sort().map((s) => ({ id: `/subscriptions/${s}`, type: 'Microsoft.Resources/subscriptions', name: s }));
}

function jsonError(file: string, e: ScanError): Diagnostic {
  return e.kind === 'depth'
    ? {
        severity: 'error',
        code: 'IL5-CHECK-DEPTH',
        message: `${file}: ${e.message}`,
        fix: 'give the resources as Azure returns them (az resource list, az graph query); no resource nests this deep',
        location: { file, line: e.line, column: e.column },
      }
    : {
        severity: 'error',
        code: 'IL5-CHECK-JSON',
        message: `${file} is not valid JSON: ${e.message}`,
        fix: 'give an ARM template or a JSON list of resources (az resource list, az graph query)',
        location: { file, line: e.line, column: e.column },
      };
}

/**
 * One input: its resources are handed to onResource as they are read; a template comes back (with its
 * text) for expansion. Diagnostics are the input's errors (nothing was handed on from a list with errors
 * that the whole-text reader then read).
 */
async function readOne(path: string, io: CliIO, onResource: (r: AzureResource) => void): Promise<{ template?: CheckInput & { kind: 'template' }; errors: Diagnostic[] }> {
  const abs = resolve(io.cwd, path);
  const st = await stat(abs).catch(() => undefined);
  // Missing, a folder, unreadable: readUserFile throws the error every command gives.
  if (!st || !st.isFile()) await readUserFile(path, io.cwd, 'input');
  const held: AzureResource[] = [];
  let outcome;
  try {
    outcome = await readResourceStream(path, createReadStream(abs, { highWaterMark: 1 << 20 }), (r) => held.push(r));
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    if (e.kind === 'depth' || (st?.size ?? 0) > WHOLE_TEXT_LIMIT) return { errors: [jsonError(path, e)] };
    outcome = undefined;
  }
  let whole: CheckInput | undefined;
  if (outcome?.kind === 'list') {
    if (outcome.diagnostics.length) return { errors: outcome.diagnostics };
    for (const r of held) onResource(r);
    return { errors: [] };
  }
  const text = outcome?.kind === 'whole' ? outcome.text : (await readUserFile(path, io.cwd, 'input')).text;
  const read = readCheckInput(path, text);
  whole = read.input;
  if (!whole) return { errors: read.diagnostics };
  if (whole.kind === 'resources') {
    for (const r of whole.resources) onResource(r);
    return { errors: [] };
  }
  return { template: whole, errors: [] };
}

/** Every input's resources in order (templates expanded offline), or every input's errors at once. */
export async function readInputs(paths: readonly string[], parameters: string | undefined, io: CliIO): Promise<{ resources: AzureResource[]; warnings: Diagnostic[] }> {
  const resources: AzureResource[] = [];
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const params = parameters !== undefined ? await readUserFile(parameters, io.cwd, 'parameters file') : undefined;
  for (const p of paths) {
    const { template: input, errors: errs } = await readOne(p, io, (r) => resources.push(r));
    if (errs.length) {
      pushAll(errors, errs);
      continue;
    }
    if (!input) continue;
    const x = expandTemplate({
      text: input.text,
      file: input.file,
      ...(params ? { parametersText: params.text, parametersFile: params.path } : {}),
      loadLinked: localLinkedTemplates(io.cwd),
    });
    if (hasErrors(x.diagnostics)) pushAll(errors, x.diagnostics.filter((d) => d.severity === 'error'));
    else pushAll(warnings, x.diagnostics);
    pushAll(resources, x.resources);
    pushAll(resources, scopeResources(input.text, x.resources));
  }
  if (errors.length) throw new UserInputError(errors);
  return { resources, warnings };
}
