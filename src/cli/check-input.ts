import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expandTemplate, type DeploymentContext } from '../arm/template/index.js';
import { pushAll } from '../core/array.js';
import { type Diagnostic, UserInputError, hasErrors } from '../core/diagnostic.js';
import { TOLERANT_LIMIT } from '../core/json-tolerant.js';
import type { AzureResource } from '../core/resource.js';
import { readCheckInput, type CheckInput } from '../policy/input.js';
import { changedInput, type ResourceSource } from '../policy/estate.js';
import { isNdjsonName, readResourceStream, ScanError } from '../policy/stream-input.js';
import { bicepInputError, refuseBicep } from './bicep.js';
import { linkedTemplateReader, readUserFile } from './files.js';
import type { CliIO } from './io.js';
import { resolveParameters } from './parameters.js';
import { scopeFlagErrors } from './scope-flags.js';

/**
 * The inputs of `il5ml check`, read from disk. A resource list is streamed (policy/stream-input.ts): any
 * size, one item in memory as text at a time. What the stream cannot take — a template, one resource
 * object, JSON with comments or trailing commas, invalid JSON — is read whole by readCheckInput as
 * before (same results, same messages): a template or one object of any size that fits in a string, text
 * that is not strict JSON up to core/json-tolerant.ts's TOLERANT_LIMIT; past that, the stream's error stands.
 */


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
  if (e.kind === 'lines') {
    return {
      severity: 'error',
      code: 'IL5-CHECK-JSON',
      message: `${file}: ${e.message}`,
      fix: e.fix ?? 'give one JSON value a line (NDJSON), each a resource as az resource list or az graph query print it',
      location: { file, line: e.line, column: e.column },
    };
  }
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

/** A streamed resource list, read again for each pass; its size and time must not change in between. Plain data: a worker thread reads it too. */
export interface FileSegment {
  kind: 'file';
  path: string;
  abs: string;
  count: number;
  size: number;
  mtimeMs: number;
}

/** Resources already in memory: an expanded template, a list read whole (comments, one resource). */
interface MemorySegment {
  kind: 'memory';
  resources: AzureResource[];
}

export type Segment = FileSegment | MemorySegment;

/**
 * One input, checked: a resource list that streams is read through once (every item parsed, none held)
 * and becomes a file segment that each pass reads again; anything else is read whole. A template comes
 * back (with its text) for expansion. Diagnostics are the input's errors.
 */
async function readOne(path: string, io: CliIO, group?: string): Promise<{ segment?: Segment; template?: CheckInput & { kind: 'template' }; errors: Diagnostic[] }> {
  const abs = resolve(io.cwd, path);
  const st = await stat(abs).catch(() => undefined);
  // Missing, a folder, unreadable: readUserFile throws the error every command gives.
  if (!st || !st.isFile()) await readUserFile(path, io.cwd, 'input');
  const outside = group === undefined ? undefined : new OutsideGroup(group);
  let outcome;
  try {
    outcome = await readResourceStream(path, createReadStream(abs, { highWaterMark: 1 << 20 }), (r) => outside?.see(r), undefined, undefined, isNdjsonName(path));
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    // Text that is not strict JSON is read whole by the tolerant reader up to its limit (comments, trailing
    // commas: core/json-tolerant.ts); past it the stream's error stands, at its line and column. A line of
    // NDJSON that is not JSON stands at any size: no reader of one JSON document reads NDJSON.
    if (e.kind === 'depth' || e.kind === 'lines' || (st?.size ?? 0) > TOLERANT_LIMIT) return { errors: [jsonError(path, e)] };
    outcome = undefined;
  }
  if (outcome?.kind === 'list') {
    if (outcome.diagnostics.length) return { errors: outcome.diagnostics };
    const wrong = outside?.error(path);
    if (wrong) return { errors: [wrong] };
    return { segment: { kind: 'file', path, abs, count: outcome.count, size: st?.size ?? 0, mtimeMs: st?.mtimeMs ?? 0 }, errors: [] };
  }
  const text = outcome?.kind === 'whole' ? outcome.text : (await readUserFile(path, io.cwd, 'input')).text;
  const bicep = bicepInputError(path, text.slice(0, 4096), 'input');
  if (bicep) return { errors: [bicep] };
  const read = readCheckInput(path, text);
  const whole = read.input;
  if (!whole) return { errors: read.diagnostics };
  if (whole.kind === 'resources') {
    if (group !== undefined) {
      const list = new OutsideGroup(group);
      for (const r of whole.resources) list.see(r);
      const wrong = list.error(path);
      if (wrong) return { errors: [wrong] };
    }
    return { segment: { kind: 'memory', resources: whole.resources }, errors: [] };
  }
  // --resource-group with a template of another scope: refused at its $schema, as `expand` refuses it.
  const flagErrors = group === undefined ? [] : scopeFlagErrors(whole.text, whole.file, { resourceGroup: group });
  if (flagErrors.length) return { errors: flagErrors };
  return { template: whole, errors: [] };
}

/**
 * `--resource-group X` names the group a template deploys into (az deployment group create
 * --resource-group); it does not filter a resource list, whose resources carry their groups in their ids.
 * A list with resources outside X — a whole subscription's `az resource list` — would be judged whole
 * while the user reads the verdicts as X's: refused, naming the first such resource and how to list X
 * alone. The group's own resource (`/subscriptions/…/resourceGroups/X`) is inside it.
 */
class OutsideGroup {
  private count = 0;
  private first: AzureResource | undefined;
  private readonly lower: string;
  constructor(private readonly group: string) {
    this.lower = group.toLowerCase();
  }

  see(r: AzureResource): void {
    const m = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(r.id);
    if (m?.[1]?.toLowerCase() === this.lower) return;
    this.count += 1;
    this.first ??= r;
  }

  error(file: string): Diagnostic | undefined {
    if (this.first === undefined) return undefined;
    const more = this.count > 1 ? ` and ${this.count - 1} more` : '';
    return {
      severity: 'error',
      code: 'IL5-CLI-FLAG',
      message: `--resource-group ${this.group}: ${file} holds resources outside resource group '${this.group}' (${this.first.id}${more}); --resource-group names the group a template deploys into, and does not filter a resource list`,
      fix: `to check ${this.group} alone, list it alone: az resource list --resource-group ${this.group}, or az graph query -q "Resources | where resourceGroup =~ '${this.group}'"; to check the whole list, leave --resource-group out`,
      path: '--resource-group',
      ...(this.first.source ? { location: this.first.source } : {}),
    };
  }
}

const changedError = (path: string): UserInputError => changedInput(path, { file: path, line: 1, column: 1 });

/** A file segment read again: the same resources, or UserInputError when the file changed. */
async function replay(
  seg: FileSegment,
  offset: number,
  fn: (r: AzureResource, index: number) => void,
  want?: (index: number) => boolean,
  map?: (r: AzureResource) => AzureResource,
  pause?: () => Promise<void> | undefined,
): Promise<void> {
  const same = (st: { size: number; mtimeMs: number } | undefined): boolean => st !== undefined && st.size === seg.size && st.mtimeMs === seg.mtimeMs;
  if (!same(await stat(seg.abs).catch(() => undefined))) throw changedError(seg.path);
  let outcome;
  try {
    outcome = await readResourceStream(
      seg.path,
      createReadStream(seg.abs, { highWaterMark: 1 << 20 }),
      (r, k) => fn(map ? map(r) : r, offset + k),
      want === undefined ? undefined : (k) => want(offset + k),
      pause,
      isNdjsonName(seg.path),
    );
  } catch (e) {
    if (e instanceof ScanError) throw changedError(seg.path);
    throw e;
  }
  if (outcome.kind !== 'list' || outcome.count !== seg.count || outcome.diagnostics.length || !same(await stat(seg.abs).catch(() => undefined))) throw changedError(seg.path);
}

/** Positions in `file` name `as` instead, or nothing when `as` is absent (an audit's temporary file); in place, so reading twice is harmless. */
export function renamePositions(rename: { file: string; as?: string }): (r: AzureResource) => AzureResource {
  return (r) => {
    if (r.source === undefined || r.source.file !== rename.file) return r;
    if (rename.as !== undefined) r.source.file = rename.as;
    else delete r.source;
    return r;
  };
}

/** The inputs as one source (estate.ts): file segments streamed again on each read, the rest from memory. */
export function segmentSource(segments: readonly Segment[], map?: (r: AzureResource) => AzureResource): ResourceSource & { count: number } {
  const count = segments.reduce((n, s) => n + (s.kind === 'file' ? s.count : s.resources.length), 0);
  return {
    count,
    async each(fn, want, pause) {
      let offset = 0;
      for (const seg of segments) {
        if (seg.kind === 'file') {
          const lo = offset;
          // A segment none of whose indexes is wanted is not read at all (a worker's range).
          let any = want === undefined;
          for (let k = 0; !any && k < seg.count; k++) any = want?.(lo + k) ?? true;
          if (any) await replay(seg, lo, fn, want, map, pause);
          offset += seg.count;
        } else {
          for (const r of seg.resources) {
            if (want === undefined || want(offset)) fn(map ? map(r) : r, offset);
            offset++;
            if (pause && offset % 512 === 0) {
              const wait = pause();
              if (wait) await wait;
            }
          }
        }
      }
    },
  };
}

export interface ReadInputs {
  /** Every input's resources in order (templates expanded offline), to be read once per pass. */
  source: ResourceSource & { count: number };
  /** What the source reads (a worker thread rebuilds the source from the file segments). */
  segments: Segment[];
  warnings: Diagnostic[];
  /** The linked templates the inputs' expansion read (templateLink.relativePath), absolute: files no report may replace. */
  linked: string[];
}

/**
 * Every input checked, or every input's errors at once (UserInputError). Nothing is held of a streamed
 * list: its resources are read again by each pass over the source. `map` is applied to each resource
 * handed out (an audit renames the positions of its temporary file).
 */
export async function readInputs(paths: readonly string[], parameters: readonly string[], io: CliIO, context: Partial<DeploymentContext> = {}, map?: (r: AzureResource) => AzureResource): Promise<ReadInputs> {
  const segments: Segment[] = [];
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const linked: string[] = [];
  refuseBicep(paths.map((path) => ({ path })), 'input');
  for (const p of paths) {
    // An input that cannot be read is reported with the others' errors, not alone.
    const one = await readOne(p, io, context.resourceGroup).catch((e: unknown) => {
      if (!(e instanceof UserInputError)) throw e;
      return { segment: undefined, template: undefined, errors: e.diagnostics };
    });
    const { template: input, errors: errs } = one;
    if (errs.length) {
      pushAll(errors, errs);
      continue;
    }
    if (one.segment) segments.push(one.segment);
    if (!input) continue;
    const params = await resolveParameters(parameters, { text: input.text, file: input.file }, io);
    const x = expandTemplate({
      text: input.text,
      file: input.file,
      context,
      ...(params ? { parametersText: params.text, parametersFile: params.file } : {}),
      loadLinked: linkedTemplateReader(p, io.cwd, linked),
    });
    if (hasErrors(x.diagnostics)) pushAll(errors, x.diagnostics.filter((d) => d.severity === 'error'));
    else pushAll(warnings, [...(params?.warnings ?? []), ...x.diagnostics]);
    segments.push({ kind: 'memory', resources: [...x.resources, ...scopeResources(input.text, x.resources)] });
  }
  if (errors.length) throw new UserInputError(errors);
  return { source: segmentSource(segments, map), segments, warnings, linked };
}
