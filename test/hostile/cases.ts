/**
 * The hostile campaign of issue 13, as data: every kind of file il5ml reads (a "slot") crossed with every
 * hostile content, every special path in place of every input and output, and the class-specific attacks
 * (work that explodes, definitions Azure refuses, planted secrets, escapes in every echoed value). The
 * runner (runner.ts) types each case as a user would and checks what must hold whatever the input.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ESCAPES,
  EXEMPTIONS,
  JSON_VALUES,
  PARAMS,
  PARAMS_SCHEMA,
  POLICY,
  RAW_FILES,
  RESOURCES,
  SECRET,
  SECRET_ENV,
  SECRET_OBJ,
  SERVICE_TAGS,
  SPEC_YAML,
  SUB,
  TEMPLATE,
  YAML_DOCS,
  serviceTags,
  tpl,
  vault,
} from './inputs.js';

export type HostileClass =
  | 'secrets' // 1: a planted secret must not come out
  | 'outputs' // 2: output paths, special files, atomic sets
  | 'special-input' // 2: special paths given as inputs
  | 'deep' // 3: nesting
  | 'size' // 3: huge files, lines, keys, counts
  | 'work' // 3: work that explodes, quadratic or exponential matching
  | 'escapes' // 3: control characters in echoed values and file names
  | 'encoding' // BOMs, UTF-16, invalid UTF-8, NUL, numbers, duplicate and prototype keys
  | 'invalid' // 4: what Azure refuses must be refused
  | 'args' // hostile flag values
  | 'live'; // audit and preflight against 127.0.0.1 only

export type Files = Record<string, string | Buffer>;

export interface Case {
  id: string;
  cls: HostileClass;
  /** Files written into the case's folder before the run (relative paths; folders made as needed); a
   * function for the large ones, so that the campaign holds one case's contents at a time. */
  files?: Files | (() => Files);
  /** Special files: FIFOs, device nodes, links, folders. */
  prepare?: (dir: string) => void;
  args: string[];
  env?: Record<string, string>;
  /** Exit codes that pass; default 0, 1 or 2. */
  codes?: number[];
  /** Values that must appear in no output (stdout, stderr, any file written). */
  secrets?: string[];
  /** Paths (relative) whose file type must be the same after the run. */
  special?: string[];
  /** FIFOs another process reads while il5ml runs (so writing them does not block). */
  fifoReaders?: string[];
  /** FIFOs another process writes (this content) while il5ml runs. */
  fifoWriters?: Record<string, string>;
  /** Other runs started at the same time in the same folder (concurrency). */
  concurrent?: string[][];
  /** More checks after the run: what is wrong, empty when right. */
  verify?: (dir: string) => string[];
  /** In the short sample `npm test` runs. */
  sample?: boolean;
}

const mkfifo = (p: string): void => void execFileSync('mkfifo', [p]);
/** Device nodes of the case's own (as root a defect would otherwise replace /dev/null itself). */
const mknod = (p: string, minor: number): void => void execFileSync('mknod', [p, 'c', '1', String(minor)]);
const long = `${'n'.repeat(300)}.json`;
const escName = `e\u001b]0;pwned\u0007\u001b[2J.json`;

// ---------------------------------------------------------------------------------------------------
// Slots: each kind of file il5ml reads, the valid document, where a hostile value goes, the commands.

interface Slot {
  name: string;
  file: string;
  base: string;
  /** The document with a raw JSON value planted. */
  embed: (raw: string) => string;
  /** Command lines reading `file` (the first is the one every hostile value runs through). */
  commands: (file: string) => string[][];
  /** Other files the commands need. */
  files?: Record<string, string>;
}

const STORAGE = (props: string): string =>
  `{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","name":"st1","location":"usgovvirginia","kind":"StorageV2","sku":{"name":"Standard_LRS"},"properties":${props}}`;
const POLICY_WITH_PARAM = JSON.stringify({
  properties: {
    mode: 'All',
    parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] }, names: { type: 'Array', defaultValue: [] } },
    policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.KeyVault/vaults' }, { field: 'name', notIn: "[parameters('names')]" }] }, then: { effect: "[parameters('effect')]" } },
  },
});
const SPEC_JSON = JSON.stringify({ prefix: 'hx', region: 'usgovvirginia' });

export const SLOTS: Slot[] = [
  {
    name: 'template',
    file: 't.json',
    base: TEMPLATE,
    embed: (raw) => `{"$schema":"${tpl().$schema as string}","contentVersion":"1.0.0.0","resources":[${STORAGE(raw)}]}`,
    commands: (f) => [['expand', f], ['check', f, '--format', 'json']],
  },
  {
    name: 'template variable',
    file: 't.json',
    base: TEMPLATE,
    embed: (raw) => `{"$schema":"${tpl().$schema as string}","contentVersion":"1.0.0.0","variables":{"v":${raw}},"resources":[],"outputs":{"o":{"type":"object","value":"[createObject('v', variables('v'))]"}}}`,
    commands: (f) => [['expand', f, '--format', 'table']],
  },
  {
    name: 'parameters file',
    file: 'p.json',
    base: PARAMS,
    embed: (raw) => `{"$schema":"${PARAMS_SCHEMA}","contentVersion":"1.0.0.0","parameters":{"o":{"value":${raw}}}}`,
    commands: (f) => [['expand', 'tp.json', '--parameters', f], ['check', 'tp.json', '--parameters', `@${f}`]],
    files: { 'tp.json': JSON.stringify(tpl({ parameters: { o: { type: 'object', defaultValue: {} } }, outputs: { o: { type: 'object', value: "[parameters('o')]" } } })) },
  },
  {
    name: 'resource list',
    file: 'r.json',
    base: RESOURCES,
    embed: (raw) => `[${JSON.stringify(vault('kv1')).slice(0, -1)},"tags":${raw}}]`,
    commands: (f) => [['check', f, '--format', 'json'], ['check', f, '--format', 'sarif', '--policy', 'pol.json']],
    files: { 'pol.json': POLICY },
  },
  {
    name: 'resource list in value',
    file: 'r.json',
    base: JSON.stringify({ value: [vault('kv1')] }),
    embed: (raw) => `{"nextLink":${raw},"value":[${JSON.stringify(vault('kv1'))}, ${raw}]}`,
    commands: (f) => [['check', f, '--format', 'md']],
  },
  {
    name: 'policy definition',
    file: 'pol.json',
    base: POLICY,
    embed: (raw) => `{"properties":{"mode":"All","metadata":${raw},"policyRule":{"if":{"field":"type","in":${raw}},"then":{"effect":"audit"}}}}`,
    commands: (f) => [['check', 'r.json', '--policy', f, '--baseline', 'none'], ['audit', '--subscription', SUB, '--policy', f, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']],
    files: { 'r.json': RESOURCES },
  },
  {
    name: 'policy in a folder',
    file: 'pols/def.json',
    base: POLICY,
    embed: (raw) => `{"properties":{"mode":"All","parameters":${raw},"policyRule":{"if":{"field":"type","equals":"x"},"then":{"effect":"audit"}}}}`,
    commands: () => [['check', 'r.json', '--policy', 'pols', '--format', 'junit']],
    files: { 'r.json': RESOURCES },
  },
  {
    name: 'policy set',
    file: 'set.json',
    base: JSON.stringify({ properties: { policyDefinitions: [{ policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/def', parameters: {} }] } }),
    embed: (raw) => `{"properties":{"parameters":${raw},"policyDefinitions":[{"policyDefinitionId":"/providers/Microsoft.Authorization/policyDefinitions/def","parameters":${raw}}]}}`,
    commands: (f) => [['check', 'r.json', '--policy', f, '--policy', 'def.json']],
    files: { 'r.json': RESOURCES, 'def.json': JSON.stringify({ name: 'def', ...(JSON.parse(POLICY) as object) }) },
  },
  {
    name: 'policy parameters',
    file: 'pp.json',
    base: JSON.stringify({ effect: { value: 'Deny' } }),
    embed: (raw) => `{"effect":{"value":"Audit"},"names":{"value":${raw}}}`,
    commands: (f) => [['check', 'r.json', '--policy', 'pol.json', '--policy-params', f, '--baseline', 'none']],
    files: { 'r.json': RESOURCES, 'pol.json': POLICY_WITH_PARAM },
  },
  {
    name: 'exemptions',
    file: 'ex.json',
    base: EXEMPTIONS,
    embed: (raw) => `{"exemptions":[{"rule":"IL5-KV-001","resource":"*","justification":${raw},"expiresOn":"2999-01-01"},${raw}]}`,
    commands: (f) => [['check', 'r.json', '--exemptions', f]],
    files: { 'r.json': RESOURCES },
  },
  {
    name: 'service tags',
    file: 'st.json',
    base: SERVICE_TAGS,
    embed: (raw) => serviceTags(['20.0.0.0/24'], { extra: '@@' }).replace('"@@"', raw).replace('"addressPrefixes":["20.0.0.0/24"]', `"addressPrefixes":${raw}`),
    commands: (f) => [['egress', '--service-tags', f, '--format', 'csv'], ['egress', 'diff', f, 'good.json'], ['egress', 'diff', 'good.json', f, '--format', 'json']],
    files: { 'good.json': SERVICE_TAGS },
  },
  {
    name: 'policy assignment',
    file: 'asg.json',
    base: JSON.stringify({ name: 'a1', properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/def', scope: `/subscriptions/${SUB}`, parameters: {} } }),
    embed: (raw) => `{"name":"a1","properties":{"displayName":${raw},"policyDefinitionId":"/providers/Microsoft.Authorization/policyDefinitions/def","scope":"/subscriptions/${SUB}","notScopes":${raw},"parameters":${raw}}}`,
    commands: (f) => [['check', 'r.json', '--policy', 'def.json', '--assignment', f]],
    files: { 'r.json': RESOURCES, 'def.json': JSON.stringify({ name: 'def', ...(JSON.parse(POLICY) as object) }) },
  },
  {
    name: 'alias listing',
    file: 'al.json',
    base: JSON.stringify({ namespace: 'Microsoft.KeyVault', resourceTypes: [{ resourceType: 'vaults', aliases: [{ name: 'Microsoft.KeyVault/vaults/sku.name', defaultPath: 'properties.sku.name', paths: [{ path: 'properties.sku.name', apiVersions: ['2023-07-01'] }] }] }] }),
    embed: (raw) => `{"namespace":"Microsoft.KeyVault","resourceTypes":[{"resourceType":"vaults","aliases":[{"name":"Microsoft.KeyVault/vaults/sku.name","defaultPath":${raw},"paths":${raw}}]},${raw}]}`,
    commands: (f) => [['check', 'r.json', '--policy', 'def.json', '--aliases', f]],
    files: { 'r.json': RESOURCES, 'def.json': JSON.stringify({ name: 'def', ...(JSON.parse(POLICY) as object) }) },
  },
  {
    name: 'spec (JSON)',
    file: 'il5ml.json',
    base: SPEC_JSON,
    embed: (raw) => `{"prefix":"hx","region":"usgovvirginia","tags":${raw}}`,
    commands: (f) => [['plan', '--spec', f, '--out', 'o'], ['dns', '--spec', f], ['egress', '--format', 'json'], ['check', 't.json', '--spec', f]],
    files: { 't.json': TEMPLATE },
  },
  {
    name: 'linked template',
    file: 'linked/l.json',
    base: TEMPLATE,
    embed: (raw) => `{"$schema":"${tpl().$schema as string}","contentVersion":"1.0.0.0","parameters":{"p":${raw}},"resources":[${STORAGE(raw)}]}`,
    commands: () => [['expand', 'main.json'], ['check', 'main.json']],
    files: {
      'main.json': JSON.stringify(
        tpl({ resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l', properties: { mode: 'Incremental', templateLink: { relativePath: 'linked/l.json' } } }] }),
      ),
    },
  },
];

const SPEC_COMMANDS = (f: string): string[][] => [['plan', '--spec', f, '--out', 'o'], ['egress', '--spec', f, '--format', 'md'], ['dns', '--spec', f, '--format', 'json'], ['check', 't.json', '--spec', f], ['preflight', '--spec', f, '--subscription', SUB, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']];

// ---------------------------------------------------------------------------------------------------

const cases: Case[] = [];
const add = (c: Case): void => {
  cases.push(c);
};
const slug = (s: string): string => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
const clsOfValue = (name: string): HostileClass =>
  /escape/.test(name) ? 'escapes' : /deep/.test(name) ? 'deep' : /MB|200,000|zeros/.test(name) ? 'size' : 'encoding';

// Every hostile JSON value in every slot, through the slot's first command (all commands in the sample).
for (const slot of SLOTS) {
  for (const v of JSON_VALUES) {
    const cmds = slot.commands(slot.file);
    const chosen = v.sample ? cmds : cmds.slice(0, 1);
    chosen.forEach((args, i) =>
      add({
        id: `value/${slug(slot.name)}/${slug(v.name)}/${i}`,
        cls: clsOfValue(v.name),
        files: () => ({ ...slot.files, [slot.file]: slot.embed(v.text()) }),
        args,
        sample: v.sample === true && i === 0,
      }),
    );
  }
  for (const r of RAW_FILES) {
    const args = slot.commands(slot.file)[0] ?? [];
    add({
      id: `file/${slug(slot.name)}/${slug(r.name)}`,
      cls: /brackets/.test(r.name) ? 'deep' : /MB/.test(r.name) ? 'size' : /control|garbage/.test(r.name) ? 'escapes' : 'encoding',
      files: () => ({ ...slot.files, [slot.file]: r.bytes(slot.base) }),
      args,
      // A byte-order mark (UTF-8, or UTF-16 as Windows PowerShell writes) and surrounding white space are
      // read; an empty or null spec is the default spec (YAML reads both as an empty document).
      codes: /BOM|whitespace|MB of spaces/.test(r.name) || (slot.file === 'il5ml.json' && /empty|null/.test(r.name)) ? [0, 1, 2] : [2],
      sample: r.sample === true && slot.name === 'template',
    });
  }
}

// Inline --parameters: JSON text and KEY=VALUE with hostile values (small enough for a command line).
for (const v of JSON_VALUES) {
  const text = v.text();
  if (text.length > 120_000) continue;
  add({ id: `inline-params/${slug(v.name)}`, cls: clsOfValue(v.name), files: { 't.json': SLOTS[2]?.files?.['tp.json'] ?? TEMPLATE }, args: ['expand', 't.json', '--parameters', `{"o": ${text}}`] });
  add({ id: `key-value-params/${slug(v.name)}`, cls: clsOfValue(v.name), files: { 't.json': SLOTS[2]?.files?.['tp.json'] ?? TEMPLATE }, args: ['check', 't.json', '--parameters', `o=${text}`] });
}

// YAML: the spec (every command that reads one, and discovered as il5ml.yaml) and an exemptions file.
for (const y of YAML_DOCS) {
  const text = (): string => y.text();
  const cls: HostileClass = /deep/.test(y.name) ? 'deep' : /laughs|multiplied|merge|anchors/.test(y.name) ? 'work' : /MB|200,000/.test(y.name) ? 'size' : /escape|control/.test(y.name) ? 'escapes' : 'encoding';
  SPEC_COMMANDS('s.yaml').forEach((args, i) => {
    if (i > 0 && !y.sample && i !== 3) return;
    add({ id: `yaml/spec/${slug(y.name)}/${i}`, cls, files: () => ({ 's.yaml': text(), 't.json': TEMPLATE }), args, sample: y.sample === true && i === 0, env: i === 4 ? { IL5ML_HOSTILE_AZ: '1' } : {} });
  });
  add({ id: `yaml/discovered/${slug(y.name)}`, cls, files: () => ({ 'il5ml.yaml': text() }), args: ['dns'] });
  add({ id: `yaml/exemptions/${slug(y.name)}`, cls, files: () => ({ 'ex.yaml': text().replace(SPEC_YAML, 'exemptions: []\n'), 'r.json': RESOURCES }), args: ['check', 'r.json', '--exemptions', 'ex.yaml'] });
}
for (const enc of RAW_FILES.filter((r) => /BOM|UTF|NUL|invalid|control/.test(r.name))) {
  add({ id: `yaml/spec-file/${slug(enc.name)}`, cls: /control/.test(enc.name) ? 'escapes' : 'encoding', files: { 's.yaml': enc.bytes(`${SPEC_YAML}tags:\n  k: "v"\n`) }, args: ['plan', '--spec', 's.yaml', '--out', 'o'] });
}

// ---------------------------------------------------------------------------------------------------
// Special paths in place of every input.

interface SpecialIn {
  name: string;
  /** Makes the special file at `p` (absolute) and returns the path to give on the command line. */
  make: (dir: string, p: string) => string;
  keep?: boolean;
  sample?: boolean;
}
const SPECIAL_INPUTS: SpecialIn[] = [
  { name: 'a folder', make: (_d, p) => (mkdirSync(p, { recursive: true }), p), keep: true, sample: true },
  { name: 'a FIFO nobody writes', make: (_d, p) => (mkfifo(p), p), keep: true, sample: true },
  { name: '/dev/zero', make: () => '/dev/zero' },
  { name: '/dev/urandom', make: () => '/dev/urandom' },
  { name: 'a link to /dev/zero', make: (_d, p) => (symlinkSync('/dev/zero', p), p), keep: true },
  { name: 'a symbolic link loop', make: (d, p) => (symlinkSync(`${p}.b`, p), symlinkSync(p, `${p}.b`), p), keep: true },
  { name: 'a dangling symbolic link', make: (_d, p) => (symlinkSync('/nonexistent-hx/x.json', p), p), keep: true },
  { name: 'a name of 300 characters', make: (d) => join(d, long) },
  { name: 'a path under a file', make: (d) => (writeFileSync(join(d, 'plain'), '{}'), join(d, 'plain', 'x.json')) },
  { name: 'a missing file named with escapes', make: (d) => join(d, escName), sample: true },
  { name: '/proc/self/status', make: () => '/proc/self/status' },
  { name: 'a socket', make: () => '/dev/log' },
];

/** Each input flag and positional, with the command that reads it. `{}` is replaced by the path. */
const INPUT_USES: { name: string; args: string[]; files?: Record<string, string> }[] = [
  { name: 'expand template', args: ['expand', '{}'] },
  { name: 'expand --parameters', args: ['expand', 't.json', '--parameters', '{}'] },
  { name: 'expand --parameters at-file', args: ['expand', 't.json', '--parameters', '@{}'] },
  { name: 'check input', args: ['check', '{}'] },
  { name: 'check --policy', args: ['check', 't.json', '--policy', '{}'] },
  { name: 'check --policy-params', args: ['check', 't.json', '--policy', 'pol.json', '--policy-params', '{}'] },
  { name: 'check --exemptions', args: ['check', 't.json', '--exemptions', '{}'] },
  { name: 'check --spec', args: ['check', 't.json', '--spec', '{}'] },
  { name: 'plan --spec', args: ['plan', '--spec', '{}', '--out', 'o'] },
  { name: 'egress --spec', args: ['egress', '--spec', '{}'] },
  { name: 'egress --service-tags', args: ['egress', '--service-tags', '{}'] },
  { name: 'egress diff old', args: ['egress', 'diff', '{}', 'st.json'] },
  { name: 'egress diff new', args: ['egress', 'diff', 'st.json', '{}'] },
  { name: 'dns --spec', args: ['dns', '--spec', '{}'] },
  { name: 'audit --policy', args: ['audit', '--subscription', SUB, '--policy', '{}', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'] },
  { name: 'audit --exemptions', args: ['audit', '--subscription', SUB, '--exemptions', '{}', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'] },
  { name: 'preflight --spec', args: ['preflight', '--spec', '{}', '--subscription', SUB, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'] },
];
const COMMON_FILES = { 't.json': TEMPLATE, 'pol.json': POLICY, 'st.json': SERVICE_TAGS };

for (const use of INPUT_USES) {
  for (const s of SPECIAL_INPUTS) {
    add({
      id: `special-in/${slug(use.name)}/${slug(s.name)}`,
      cls: /escapes/.test(s.name) ? 'escapes' : 'special-input',
      files: COMMON_FILES,
      prepare: (dir) => {
        const p = s.make(dir, join(dir, 'in.json'));
        writeFileSync(join(dir, '.hx-arg'), p);
      },
      args: use.args,
      codes: [2],
      special: s.keep ? ['in.json'] : [],
      sample: s.sample === true && (use.name === 'check input' || use.name === 'plan --spec'),
    });
  }
}
// A --policy folder holding whatever cannot be read, beside a good definition (the list).
for (const s of SPECIAL_INPUTS.filter((x) => x.keep || x.name.startsWith('/dev'))) {
  add({
    id: `special-in/policy-folder/${slug(s.name)}`,
    cls: 'special-input',
    files: { 't.json': TEMPLATE, 'pols/good.json': POLICY },
    prepare: (dir) => void s.make(dir, join(dir, 'pols', s.name.startsWith('/dev') ? 'dev.json' : 'bad.json')),
    args: ['check', 't.json', '--policy', 'pols'],
    codes: [2],
    special: s.keep ? ['pols/bad.json'] : [],
  });
}
// Linked templates that leave the folder, or are not regular files.
const LINKS: [string, string, ((d: string) => void)?][] = [
  ['../../../../../../dev/zero', 'leaves the folder for /dev/zero'],
  ['/dev/zero', 'absolute /dev/zero'],
  ['fifo.json', 'a FIFO', (d) => mkfifo(join(d, 'fifo.json'))],
  ['zero.json', 'a link to /dev/zero inside the folder', (d) => symlinkSync('/dev/zero', join(d, 'zero.json'))],
  ['up.json', 'a link leaving the folder', (d) => symlinkSync('/etc/passwd', join(d, 'up.json'))],
  ['dir', 'a folder', (d) => mkdirSync(join(d, 'dir'))],
  ['loop.json', 'a link loop', (d) => (symlinkSync('loop2.json', join(d, 'loop.json')), symlinkSync('loop.json', join(d, 'loop2.json')))],
  ['main.json', 'itself'],
  [`x${'/..'.repeat(5000)}/main.json`, 'a path of 20,000 characters'],
  ['nul\u0000.json', 'a NUL in the path'],
  ['\u001b]0;pwned\u0007.json', 'escapes in the path'],
  ['big.json', 'a 6 MB template', (d) => writeFileSync(join(d, 'big.json'), JSON.stringify(tpl({ metadata: { pad: 'x'.repeat(6 * 1024 * 1024) } })))],
];
for (const [rel, name, prep] of LINKS) {
  add({
    id: `linked/${slug(name)}`,
    cls: /escapes/.test(name) ? 'escapes' : 'special-input',
    files: { 'main.json': JSON.stringify(tpl({ resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l', properties: { mode: 'Incremental', templateLink: { relativePath: rel } } }] })) },
    prepare: prep,
    args: ['expand', 'main.json'],
    codes: [2],
    sample: name === 'leaves the folder for /dev/zero' || name === 'itself',
  });
}
add({
  id: 'linked/templateLink-uri-is-not-fetched',
  cls: 'special-input',
  files: { 'main.json': JSON.stringify(tpl({ resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l', properties: { mode: 'Incremental', templateLink: { uri: 'https://127.0.0.1:9/never.json' } } }] })) },
  args: ['expand', 'main.json'],
});

// ---------------------------------------------------------------------------------------------------
// Special paths in place of every output.

interface SpecialOut {
  name: string;
  make: (dir: string, p: string) => void;
  /** Path to pass (default the made path). */
  arg?: (dir: string) => string;
  keep?: boolean;
  reader?: boolean;
  codes?: number[];
  sample?: boolean;
}
const SPECIAL_OUTPUTS: SpecialOut[] = [
  { name: 'a FIFO someone reads', make: (_d, p) => mkfifo(p), keep: true, reader: true, codes: [0, 1, 2], sample: true },
  { name: 'a FIFO nobody reads', make: (_d, p) => mkfifo(p), keep: true, codes: [2] },
  { name: 'a null device', make: (_d, p) => mknod(p, 3), keep: true, codes: [0, 1, 2] },
  { name: 'a full device', make: (_d, p) => mknod(p, 7), keep: true, codes: [2], sample: true },
  { name: 'a link to a null device', make: (d, p) => (mknod(join(d, 'nul'), 3), symlinkSync(join(d, 'nul'), p)), keep: true, codes: [0, 1, 2] },
  { name: 'a folder', make: (_d, p) => mkdirSync(p), keep: true },
  { name: 'a regular file', make: (_d, p) => writeFileSync(p, 'old'), codes: [0, 1, 2] },
  { name: 'a symbolic link loop', make: (_d, p) => (symlinkSync(`${p}.b`, p), symlinkSync(p, `${p}.b`)), keep: true, codes: [2] },
  { name: 'a dangling symbolic link', make: (_d, p) => symlinkSync('/nonexistent-hx/out', p), keep: true, codes: [2] },
  { name: 'a path under a file', make: (d) => writeFileSync(join(d, 'plain'), 'x'), arg: (d) => join(d, 'plain', 'out'), codes: [2] },
  { name: 'a missing folder', make: () => undefined, arg: (d) => join(d, 'no', 'such', 'out'), codes: [0, 1, 2] },
  { name: 'a name of 300 characters', make: () => undefined, arg: (d) => join(d, long), codes: [2] },
  { name: 'a name with escapes', make: () => undefined, arg: (d) => join(d, escName), codes: [0, 1, 2], sample: true },
  { name: 'a read-only file', make: (_d, p) => (writeFileSync(p, 'old'), chmodSync(p, 0o444)), codes: [0, 1, 2] },
];
const OUTPUT_USES: { name: string; args: string[]; folder?: boolean }[] = [
  { name: 'init --out', args: ['init', '--out', '{}', '--force'] },
  { name: 'plan --out', args: ['plan', '--out', '{}', '--force'], folder: true },
  { name: 'check --out', args: ['check', 't.json', '--out', '{}'] },
  { name: 'check --out-dir', args: ['check', 't.json', '--format', 'json,sarif', '--out-dir', '{}'], folder: true },
  { name: 'egress edl --out-dir', args: ['egress', '--service-tags', 'st.json', '--format', 'edl', '--out-dir', '{}'], folder: true },
  { name: 'audit --out', args: ['audit', '--subscription', SUB, '--out', '{}', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'] },
  { name: 'audit --export', args: ['audit', '--subscription', SUB, '--export', '{}', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'] },
  { name: 'audit --compare-azure', args: ['audit', '--subscription', SUB, '--compare-azure', '{}', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'] },
  { name: 'preflight --out', args: ['preflight', '--subscription', SUB, '--out', '{}', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'] },
];
for (const use of OUTPUT_USES) {
  for (const s of SPECIAL_OUTPUTS) {
    const live = use.args[0] === 'audit' || use.args[0] === 'preflight';
    add({
      id: `special-out/${slug(use.name)}/${slug(s.name)}`,
      cls: /escapes/.test(s.name) ? 'escapes' : 'outputs',
      files: COMMON_FILES,
      prepare: (dir) => {
        s.make(dir, join(dir, 'out'));
        writeFileSync(join(dir, '.hx-arg'), s.arg ? s.arg(dir) : join(dir, 'out'));
      },
      args: use.args,
      codes: live ? [2] : use.folder && s.name === 'a folder' ? [0, 1, 2] : s.codes ?? [0, 1, 2],
      special: s.keep && !(use.folder && s.name === 'a folder') ? ['out'] : [],
      fifoReaders: s.reader ? ['out'] : [],
      sample: s.sample === true && (use.name === 'check --out' || use.name === 'plan --out'),
    });
  }
}
// Output sets: two plans at once into one folder, with different specs; a FIFO inside plan's folder.
add({
  id: 'outputs/plan-concurrent-sets',
  cls: 'outputs',
  files: { 'a.yaml': 'prefix: aaaa\nregion: usgovvirginia\n', 'b.yaml': 'prefix: bbbb\nregion: usgovvirginia\n' },
  args: ['plan', '--spec', 'a.yaml', '--out', 'o', '--force'],
  concurrent: [['plan', '--spec', 'b.yaml', '--out', 'o', '--force'], ['plan', '--spec', 'a.yaml', '--out', 'o', '--force'], ['plan', '--spec', 'b.yaml', '--out', 'o', '--force']],
  verify: (dir) => {
    const { readFileSync: read } = require_fs();
    const t = read(join(dir, 'o', 'azuredeploy.json'), 'utf8');
    const sh = read(join(dir, 'o', 'deploy.sh'), 'utf8');
    const md = read(join(dir, 'o', 'plan.md'), 'utf8');
    const which = (s: string): string => (s.includes('aaaa') ? 'a' : '') + (s.includes('bbbb') ? 'b' : '');
    const w = [which(t), which(sh), which(md)];
    return new Set(w).size === 1 && (w[0] === 'a' || w[0] === 'b') ? [] : [`out/ mixes two plans: azuredeploy.json ${w[0]}, deploy.sh ${w[1]}, plan.md ${w[2]}`];
  },
  sample: true,
});
add({
  id: 'outputs/plan-folder-holding-a-fifo',
  cls: 'outputs',
  files: { 's.yaml': SPEC_YAML },
  prepare: (dir) => (mkdirSync(join(dir, 'o')), mkfifo(join(dir, 'o', 'deploy.sh'))),
  args: ['plan', '--spec', 's.yaml', '--out', 'o', '--force'],
});
add({
  id: 'outputs/plan-out-is-an-input',
  cls: 'outputs',
  files: { 's.yaml': SPEC_YAML },
  args: ['plan', '--spec', 's.yaml', '--out', '.', '--force'],
  verify: (dir) => (require_fs().existsSync(join(dir, 's.yaml')) ? [] : ['plan --out . --force deleted the spec it read']),
});
add({
  id: 'outputs/check-out-is-its-input',
  cls: 'outputs',
  files: { 't.json': TEMPLATE },
  args: ['check', 't.json', '--out', 't.json'],
  // Refused before the check runs (src/cli/output-guard.ts): the template is left as it was.
  codes: [2],
  verify: (dir) => (require_fs().readFileSync(join(dir, 't.json'), 'utf8') === TEMPLATE ? [] : ['check --out t.json replaced the template it read']),
});

// ---------------------------------------------------------------------------------------------------
// Class 3: work that explodes and nesting inside expressions.

const deploymentOf = (name: string, template: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2022-09-01',
  name,
  properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template, ...extra },
});
const vars = (n: number, f: (i: number) => unknown): Record<string, unknown> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, f(i)]));
const out = (value: string, type = 'string'): Record<string, unknown> => ({ o: { type, value } });
/** Inline deployments nested `depth` deep, as text (JSON.stringify itself would overflow on it). */
function nestedDeployments(depth: number): string {
  const head = JSON.stringify(tpl({ resources: [deploymentOf('d', tpl())] }));
  const [open, close] = head.split(JSON.stringify(tpl())) as [string, string];
  return open.repeat(depth) + JSON.stringify(tpl()) + close.repeat(depth);
}
const WORK: [string, string | (() => string), number[]?, boolean?][] = [
  ['expression nested 100,000 deep', () => JSON.stringify(tpl({ outputs: out(`[${'concat('.repeat(100_000)}'a'${')'.repeat(100_000)}]`) })), [2], true],
  ['array indexes nested 100,000 deep', () => JSON.stringify(tpl({ outputs: out(`[${'createArray('.repeat(50_000)}1${')'.repeat(50_000)}${'[0]'.repeat(50_000)}]`) }))],
  ['an expression of 10 MB', () => JSON.stringify(tpl({ outputs: out(`[concat(${Array.from({ length: 1_000_000 }, () => "'abcdef'").join(',')})]`) }))],
  // Not an expression (no closing bracket): ARM reads it as a literal string.
  ['unclosed parentheses 1,000,000', () => JSON.stringify(tpl({ outputs: out(`[${'('.repeat(1_000_000)}`) }))],
  ['unclosed parentheses 1,000,000 in an expression', () => JSON.stringify(tpl({ outputs: out(`[${'concat('.repeat(200_000)}]`) })), [2]],
  ['a chain of 2,000 variables', () => JSON.stringify(tpl({ variables: vars(2000, (i) => (i === 0 ? 'a' : `[variables('v${i - 1}')]`)), outputs: out("[variables('v1999')]") }))],
  ['a chain of 50,000 variables', () => JSON.stringify(tpl({ variables: vars(50_000, (i) => (i === 0 ? 'a' : `[variables('v${i - 1}')]`)), outputs: out("[variables('v49999')]") })), [2]],
  ['variables doubling 60 times', () => JSON.stringify(tpl({ variables: vars(60, (i) => (i === 0 ? 'ab' : `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`)), outputs: out("[variables('v59')]") })), [2], true],
  ['arrays doubling 60 times', () => JSON.stringify(tpl({ variables: vars(60, (i) => (i === 0 ? '[createArray(1)]' : `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`)), outputs: out("[length(variables('v59'))]", 'int') })), [2]],
  ['objects doubling 60 times', () => JSON.stringify(tpl({ variables: vars(60, (i) => (i === 0 ? { a: 1 } : { l: `[variables('v${i - 1}')]`, r: `[variables('v${i - 1}')]` })), outputs: out("[string(variables('v59'))]") })), [2]],
  ['a variable referring to itself', () => JSON.stringify(tpl({ variables: { v: "[variables('v')]" }, outputs: out("[variables('v')]") })), [2]],
  ['two variables referring to each other', () => JSON.stringify(tpl({ variables: { a: "[variables('b')]", b: "[variables('a')]" }, outputs: out("[variables('a')]") })), [2]],
  ['nested inline deployments 2,000 deep', () => nestedDeployments(2000), [2]],
  ['nested inline deployments 20,000 deep', () => nestedDeployments(20_000), [2]],
  ['a user-defined function calling itself', () => JSON.stringify(tpl({ functions: [{ namespace: 'n', members: { f: { parameters: [{ name: 'x', type: 'int' }], output: { type: 'int', value: "[n.f(parameters('x'))]" } } } }], outputs: out('[n.f(1)]', 'int') })), [2], true],
  ['user-defined functions calling each other', () => JSON.stringify(tpl({ functions: [{ namespace: 'n', members: { f: { parameters: [], output: { type: 'int', value: '[n.g()]' } }, g: { parameters: [], output: { type: 'int', value: '[n.f()]' } } } }], outputs: out('[n.f()]', 'int') })), [2]],
  ['copy loops 800 x 800 x 800 through nested deployments', () => JSON.stringify(tpl({ resources: [{ ...deploymentOf('a', tpl({ resources: [{ ...deploymentOf('b', tpl({ resources: [{ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: "[concat('ip', copyIndex())]", location: 'usgovvirginia', copy: { name: 'c', count: 800 } }] })), name: "[concat('b', copyIndex())]", copy: { name: 'b', count: 800 } }] })), name: "[concat('a', copyIndex())]", copy: { name: 'a', count: 800 } }] })), [2], true],
  ['a copy count of 2^31', () => JSON.stringify(tpl({ resources: [{ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: "[concat('ip', copyIndex())]", copy: { name: 'c', count: 2147483647 } }] })), [2]],
  ['a copy count of 1e400 and -1', () => JSON.stringify(tpl({ resources: [{ type: 'x/y', apiVersion: '1', name: "[concat('a', copyIndex())]", copy: { name: 'c', count: -1 } }] })).replace('"count":-1', '"count":1e400'), [2]],
  ['a property copy of 10^9', () => JSON.stringify(tpl({ resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: 'v', properties: { copy: [{ name: 'subnets', count: 1_000_000_000, input: { name: "[concat('s', copyIndex('subnets'))]" } }] } }] })), [2]],
  ['a variable copy of 10^8', () => JSON.stringify(tpl({ variables: { copy: [{ name: 'v', count: 100_000_000, input: "[copyIndex('v')]" }] }, outputs: out("[length(variables('v'))]", 'int') })), [2]],
  ['lambdas over 10,000-element ranges nested three deep', () => JSON.stringify(tpl({ outputs: out('[length(map(range(0, 10000), i => map(range(0, 10000), j => map(range(0, 10000), k => k))))]', 'int') })), [2], true],
  ['reduce concatenating 100,000 times', () => JSON.stringify(tpl({ outputs: out("[length(reduce(range(0, 100000), '', (acc, i) => concat(acc, acc, 'x')))]", 'int') })), [2]],
  ['range of 2^31 - 1 elements', () => JSON.stringify(tpl({ outputs: out('[length(range(0, 2147483647))]', 'int') })), [2]],
  ['padLeft to 10^9 characters', () => JSON.stringify(tpl({ outputs: out("[length(padLeft('x', 1000000000, 'y'))]", 'int') })), [2]],
  ['string(range) and json of a deep string', () => JSON.stringify(tpl({ outputs: out(`[string(json('${'['.repeat(100_000)}${']'.repeat(100_000)}'))]`) })), [2]],
  ['replace growing a string', () => JSON.stringify(tpl({ variables: vars(40, (i) => (i === 0 ? 'ab' : `[replace(variables('v${i - 1}'), 'a', 'aa')]`)), outputs: out("[length(variables('v39'))]", 'int') }))],
  ['union and intersection of 100,000-key objects', () => JSON.stringify(tpl({ variables: { o: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])) }, outputs: out("[length(union(variables('o'), variables('o'), intersection(variables('o'), variables('o'))))]", 'int') }))],
  ['150,000 literal resources', () => JSON.stringify(tpl({ resources: Array.from({ length: 150_000 }, (_, i) => ({ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: `ip${i}`, location: 'usgovvirginia' })) })), [2]],
  ['300 outputs, 300 variables, 300 parameters', () => JSON.stringify(tpl({ parameters: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, { type: 'string', defaultValue: 'x' }])), variables: vars(300, () => 'x'), outputs: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`o${i}`, { type: 'string', value: 'x' }])) })), [2]],
  ['dependsOn a cycle', () => JSON.stringify(tpl({ resources: [{ type: 'x/y', apiVersion: '1', name: 'a', dependsOn: ['b'] }, { type: 'x/y', apiVersion: '1', name: 'b', dependsOn: ['a'] }] })), [2]],
  ['dependsOn 100,000 entries', () => JSON.stringify(tpl({ resources: [{ type: 'x/y', apiVersion: '1', name: 'a', dependsOn: Array.from({ length: 100_000 }, (_, i) => `r${i}`) }] })), [2]],
  ['prototype keys through functions', () => JSON.stringify(tpl({ outputs: { a: { type: 'object', value: "[createObject('__proto__', json('{\"polluted\": 1}'), 'constructor', 1)]" }, b: { type: 'object', value: "[union(json('{\"__proto__\": {\"x\": 1}}'), createObject('toString', 2))]" }, c: { type: 'array', value: "[items(json('{\"__proto__\": 1, \"constructor\": 2, \"hasOwnProperty\": 3}'))]" }, d: { type: 'object', value: "[groupBy(createArray('constructor', 'toString', '__proto__'), x => x)]" }, e: { type: 'object', value: "[toObject(createArray('__proto__', 'valueOf'), x => x)]" }, f: { type: 'object', value: "[shallowMerge(createArray(json('{\"__proto__\": {\"y\": 1}}'), createObject('hasOwnProperty', 1)))]" } } })), [0, 2], true],
  ['numbers at the edges of int64', () => JSON.stringify(tpl({ outputs: { a: { type: 'int', value: '[add(9223372036854775807, 1)]' }, b: { type: 'int', value: '[mul(4611686018427387904, 4)]' }, c: { type: 'int', value: '[div(1, 0)]' }, d: { type: 'int', value: '[mod(1, 0)]' }, e: { type: 'int', value: "[int('99999999999999999999999')]" }, f: { type: 'int', value: '[sub(-9223372036854775808, 1)]' }, g: { type: 'int', value: '[div(-9223372036854775808, -1)]' } } })), [2]],
  ['dates at the edges', () => JSON.stringify(tpl({ outputs: { a: { type: 'string', value: "[dateTimeAdd('9999-12-31T23:59:59Z', 'P1000Y')]" }, b: { type: 'string', value: '[dateTimeFromEpoch(100000000000000000000)]' }, c: { type: 'int', value: "[dateTimeToEpoch('0001-01-01')]" }, d: { type: 'string', value: "[dateTimeAdd('2020-01-01', 'PT99999999999999999999H')]" } } })), [2]],
  ['decoders on garbage', () => JSON.stringify(tpl({ outputs: { a: { type: 'string', value: "[base64ToString('%%%')]" }, b: { type: 'string', value: "[dataUriToString('data:;base64,@@@')]" }, c: { type: 'object', value: "[base64ToJson('e30=e30=')]" }, d: { type: 'string', value: "[uriComponentToString('%E0%A4%A')]" }, e: { type: 'string', value: "[substring('abc', 1, 9223372036854775807)]" }, f: { type: 'array', value: "[skip(createArray(1), -9223372036854775808)]" } } })), [0, 2]],
  ['format with a huge width', () => JSON.stringify(tpl({ outputs: { a: { type: 'string', value: "[format('{0,1000000000}', 1)]" }, b: { type: 'string', value: "[format('{0:D1000000000}', 1)]" }, c: { type: 'string', value: "[format('{999999999999}', 1)]" } } })), [2]],
  ['escapes in every echoed place of a template', () => JSON.stringify(tpl({ parameters: { [ESCAPES]: { type: ESCAPES } }, resources: [{ type: ESCAPES, apiVersion: ESCAPES, name: ESCAPES, location: `[${ESCAPES}(1)]`, dependsOn: [ESCAPES] }], outputs: { [ESCAPES]: { type: 'string', value: `[concat('${ESCAPES}', bogus${ESCAPES}())]` } } })), [2], true],
];
for (const [name, text, codes, sample] of WORK) {
  const t = (): string => (typeof text === 'string' ? text : text());
  const cls: HostileClass = /escapes/.test(name) ? 'escapes' : /deep|chain|itself|each other/.test(name) ? 'deep' : /150,000|300|100,000 entries|10 MB/.test(name) ? 'size' : /prototype|numbers|dates|decoders/.test(name) ? 'encoding' : 'work';
  add({ id: `work/expand/${slug(name)}`, cls, files: () => ({ 't.json': t() }), args: ['expand', 't.json'], codes: codes ?? [0, 1, 2], sample: sample === true });
  add({ id: `work/check/${slug(name)}`, cls, files: () => ({ 't.json': t() }), args: ['check', 't.json', '--format', 'sarif'], codes: codes ?? [0, 1, 2] });
}
// A DAG of linked templates each linking the next twice, 40 levels: 2^40 paths.
{
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const link = { mode: 'Incremental', templateLink: { relativePath: `l${i + 1}.json` } };
    files[`l${i}.json`] = JSON.stringify(tpl({ resources: i === 39 ? [{ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: 'ip', location: 'usgovvirginia' }] : [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'a', properties: link }, { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'b', properties: link }] }));
  }
  add({ id: 'work/linked-dag-2^40', cls: 'work', files, args: ['expand', 'l0.json'], codes: [2], sample: true });
  add({ id: 'work/linked-dag-2^40-check', cls: 'work', files, args: ['check', 'l0.json'], codes: [2] });
}

// Policy conditions: deep, wide, and patterns that backtrack.
const polDef = (rule: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({ properties: { mode: 'All', policyRule: rule, ...extra } });
/** A condition nested n deep, as text (JSON.stringify itself would overflow on it). */
const nest = (n: number, open: string, close: string, leafText: string): string => open.repeat(n) + leafText + close.repeat(n);
const leaf = { field: 'type', equals: 'Microsoft.KeyVault/vaults' };
const deepIf = (ifText: string): string => `{"properties":{"mode":"All","policyRule":{"if":${ifText},"then":{"effect":"audit"}}}}`;
const longName = 'a'.repeat(20_000);
const POLICY_WORK: [string, string, HostileClass, number[]?, string?][] = [
  ['allOf 20,000 deep', deepIf(nest(20_000, '{"allOf":[', ']}', JSON.stringify(leaf))), 'deep', [2]],
  ['not 20,000 deep', deepIf(nest(20_000, '{"not":', '}', JSON.stringify(leaf))), 'deep', [2]],
  ['anyOf 200,000 wide', polDef({ if: { anyOf: Array.from({ length: 200_000 }, (_, i) => ({ field: 'name', equals: `n${i}` })) }, then: { effect: 'audit' } }), 'size'],
  ['count nested 2,000 deep', deepIf(nest(2000, '{"count":{"field":"tags[*]","where":', '},"greater":0}', JSON.stringify(leaf))), 'deep', [2]],
  ['a value expression nested 50,000 deep', polDef({ if: { value: `[${'concat('.repeat(50_000)}'a'${')'.repeat(50_000)}]`, equals: 'a' }, then: { effect: 'audit' } }), 'deep', [2]],
  ['like with 60 wildcards', polDef({ if: { field: 'name', like: `${'*a'.repeat(60)}b` }, then: { effect: 'audit' } }), 'work'],
  ['notLike with 2,000 wildcards', polDef({ if: { field: 'name', notLike: `${'*a'.repeat(2000)}*b` }, then: { effect: 'audit' } }), 'work'],
  ['match of 100,000 characters', polDef({ if: { field: 'name', match: '#?.'.repeat(33_334) }, then: { effect: 'audit' } }), 'work'],
  ['matchInsensitively with regex syntax', polDef({ if: { field: 'name', matchInsensitively: '(a+)+$[\\' }, then: { effect: 'audit' } }), 'work'],
  ['an unknown operator', polDef({ if: { field: 'type', equalz: 'x' }, then: { effect: 'audit' } }), 'invalid', [2]],
  ['two operators in one condition', polDef({ if: { field: 'type', equals: 'x', notEquals: 'y' }, then: { effect: 'audit' } }), 'invalid', [2]],
  ['a misspelt effect', polDef({ if: leaf, then: { effect: 'audti' } }), 'invalid', [2]],
  ['a null if', polDef({ if: null, then: { effect: 'audit' } }), 'invalid', [2]],
  ['a parameter used but not declared', polDef({ if: { field: 'type', equals: "[parameters('nope')]" }, then: { effect: 'audit' } }), 'invalid', [2]],
  ['an effect parameter not declared', polDef({ if: leaf, then: { effect: "[parameters('effect')]" } }), 'invalid', [2]],
  ['a field that is an object', polDef({ if: { field: { a: 1 }, equals: 'x' }, then: { effect: 'audit' } }), 'invalid', [2]],
  ['then missing', polDef({ if: leaf }), 'invalid', [2]],
  ['mode unknown', JSON.stringify({ properties: { mode: 'Everything', policyRule: { if: leaf, then: { effect: 'audit' } } } }), 'invalid', [2]],
  ['escapes in field, operator and effect', polDef({ if: { field: `tags['${ESCAPES}']`, [ESCAPES]: ESCAPES }, then: { effect: ESCAPES } }, { displayName: ESCAPES }), 'escapes', [2]],
  ['prototype keys as operator and details', polDef({ if: { field: 'type', __proto__: 'x', constructor: 'y' }, then: { effect: 'auditIfNotExists', details: { type: 'constructor', __proto__: { existenceCondition: 1 } } } }).replace('"constructor":"y"', '"__proto__":"x","constructor":"y"'), 'encoding', [2]],
];
for (const [name, def, cls, codes] of POLICY_WORK) {
  add({
    id: `policy/${slug(name)}`,
    cls,
    files: { 'pol.json': def, 'r.json': JSON.stringify([vault(longName.slice(0, 24)), vault(`kv-${'a'.repeat(5000)}`)]) },
    args: ['check', 'r.json', '--policy', 'pol.json', '--baseline', 'none'],
    codes: codes ?? [0, 1, 2],
    sample: name === 'allOf 20,000 deep' || name === 'a misspelt effect' || name === 'like with 60 wildcards',
  });
}
// Policy parameters and sets that Azure would not assign.
const PP: [string, string, string][] = [
  ['an undeclared policy parameter', '{"effekt": {"value": "Deny"}}', 'invalid'],
  ['a policy parameter of the wrong type', '{"effect": {"value": 5}, "names": {"value": "notAnArray"}}', 'invalid'],
  ['a value outside allowedValues', '{"effect": {"value": "Modify"}}', 'invalid'],
  ['prototype names', '{"__proto__": {"value": "Deny"}, "constructor": {"value": 1}}', 'encoding'],
  ['escapes in names and values', JSON.stringify({ [ESCAPES]: { value: ESCAPES }, effect: { value: ESCAPES } }), 'escapes'],
];
for (const [name, pp, cls] of PP) {
  add({ id: `policy-params/${slug(name)}`, cls: cls as HostileClass, files: { 'pol.json': POLICY_WITH_PARAM, 'pp.json': pp, 'r.json': RESOURCES }, args: ['check', 'r.json', '--policy', 'pol.json', '--policy-params', 'pp.json', '--baseline', 'none'], codes: [2], sample: name === 'an undeclared policy parameter' });
}
// A list of policy definitions as `az policy definition list` prints it: each definition was located by a
// scan from the start of the file, so 1,496 took 11 s and 20,009 (69 MB) ran for more than 15 minutes.
add({
  id: 'policy-list/20-000-definitions',
  cls: 'size',
  files: () => ({
    'defs.json': `[\n${Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ name: `d${i}`, ...(JSON.parse(POLICY) as object) }, null, 2)).join(',\n')}\n]`,
    'r.json': RESOURCES,
  }),
  args: ['check', 'r.json', '--policy', 'defs.json', '--baseline', 'none'],
  codes: [0, 1],
});
// Exemptions whose patterns backtrack, or that are malformed.
const EX: [string, unknown, HostileClass, number[]?][] = [
  ['a resource pattern with 2,000 wildcards', { exemptions: [{ rule: 'IL5-KV-001', resource: `${'*a'.repeat(2000)}*b`, justification: 'x', expiresOn: '2999-01-01' }] }, 'work'],
  ['a policyDefinitionId pattern with wildcards', { exemptions: [{ policyDefinitionId: `${'*a'.repeat(2000)}`, resourceId: '*', justification: 'x', expiresOn: '2999-01-01' }] }, 'work'],
  ['an impossible date', { exemptions: [{ rule: 'IL5-KV-001', justification: 'x', expiresOn: '2020-13-45' }] }, 'invalid', [2]],
  ['a date past 9999', { exemptions: [{ rule: 'IL5-KV-001', justification: 'x', expiresOn: '+275760-09-14' }] }, 'invalid', [2]],
  ['no justification', { exemptions: [{ rule: 'IL5-KV-001', expiresOn: '2999-01-01' }] }, 'invalid', [2]],
  ['escapes in every field', { exemptions: [{ rule: ESCAPES, resource: ESCAPES, justification: ESCAPES, expiresOn: ESCAPES, category: ESCAPES }] }, 'escapes', [2]],
  ['100,000 exemptions', { exemptions: Array.from({ length: 100_000 }, (_, i) => ({ rule: 'IL5-KV-001', resource: `*${i}*`, justification: 'x', expiresOn: '2999-01-01' })) }, 'size'],
];
for (const [name, ex, cls, codes] of EX) {
  add({ id: `exemptions/${slug(name)}`, cls, files: { 'ex.json': JSON.stringify(ex), 'r.json': JSON.stringify([vault(`kv-${'a'.repeat(3000)}`)]) }, args: ['check', 'r.json', '--exemptions', 'ex.json'], codes: codes ?? [0, 1, 2], sample: name === 'a resource pattern with 2,000 wildcards' || name === '100,000 exemptions' });
}
// Service tags: sizes and the problems each located.
const tagWith = (prefixes: string[]): string => serviceTags(prefixes);
const ST: [string, () => string, HostileClass, number[]?][] = [
  ['300,000 prefixes in a tag', () => tagWith(Array.from({ length: 300_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`)), 'size'],
  ['100,000 bad prefixes', () => tagWith(Array.from({ length: 100_000 }, (_, i) => `999.${i}.1.1/33`)), 'work', [2]],
  ['prefixes with escapes', () => tagWith([`10.0.0.0/8${ESCAPES}`, ESCAPES]), 'escapes', [2]],
  ['IPv6 edge forms', () => tagWith(['::/0', '::ffff:1.2.3.4/128', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/129', '1:2:3:4:5:6:7:8:9/64', `${'1:'.repeat(10_000)}/64`]), 'encoding', [2]],
  ['tag names that are prototype keys', () => JSON.stringify({ changeNumber: 1, cloud: 'AzureGovernment', values: ['__proto__', 'constructor', 'toString', 'AzureMachineLearning', 'AzureMachineLearning'].map((n) => ({ name: n, id: n, properties: { changeNumber: 1, region: '', addressPrefixes: ['10.0.0.0/24'], systemService: n } })) }), 'encoding'],
  ['changeNumber 1e400 and a string', () => SERVICE_TAGS.replace('"changeNumber":1,', '"changeNumber":1e400,').replace('"cloud":"AzureGovernment"', `"cloud":${JSON.stringify(ESCAPES)}`), 'encoding'],
];
for (const [name, text, cls, codes] of ST) {
  const t = text;
  add({ id: `service-tags/egress/${slug(name)}`, cls, files: () => ({ 'st.json': t() }), args: ['egress', '--service-tags', 'st.json', '--format', 'csv'], codes: codes ?? [0, 1, 2] });
  add({ id: `service-tags/diff/${slug(name)}`, cls, files: () => ({ 'st.json': t(), 'good.json': SERVICE_TAGS }), args: ['egress', 'diff', 'good.json', 'st.json'], codes: codes ?? [0, 1, 2] });
  add({ id: `service-tags/routes/${slug(name)}`, cls, files: () => ({ 'st.json': t() }), args: ['egress', '--routes', '--public-ip-compute-routes', '--service-tags', 'st.json'], codes: codes ?? [0, 1, 2] });
}

// ---------------------------------------------------------------------------------------------------
// Class 4: templates Azure refuses.

const INVALID_TEMPLATES: [string, Record<string, unknown> | string][] = [
  ['outputs an array', tpl({ outputs: [] })],
  ['variables a string', tpl({ variables: 'x' })],
  ['a parameter declaration a string', tpl({ parameters: { p: 'string' } })],
  ['an output without type', tpl({ outputs: { o: { value: 1 } } })],
  ['an output of an unknown type', tpl({ outputs: { o: { type: 'strnig', value: 'x' } } })],
  ['an output whose value is not its type', tpl({ outputs: { o: { type: 'int', value: 'x' } } })],
  ['minValue not a number', tpl({ parameters: { p: { type: 'int', minValue: 'x', defaultValue: 1 } } })],
  ['an integer beyond 64 bits', JSON.stringify(tpl({ parameters: { p: { type: 'int', defaultValue: 1 } } })).replace('"defaultValue":1', '"defaultValue":18446744073709551616')],
  ['a copy without name', tpl({ resources: [{ type: 'x/y', apiVersion: '1', name: "[concat('a', copyIndex())]", copy: { count: 2 } }] })],
  ['a numeric relativePath', tpl({ resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l', properties: { mode: 'Incremental', templateLink: { relativePath: 5 } } }] })],
  ['a user-defined function calling another', tpl({ functions: [{ namespace: 'n', members: { f: { parameters: [], output: { type: 'int', value: '[n.g()]' } }, g: { parameters: [], output: { type: 'int', value: '[1]' } } } }], outputs: { o: { type: 'int', value: '[n.f()]' } } })],
  ['a parameter type unknown', tpl({ parameters: { p: { type: 'strnig', defaultValue: 'x' } } })],
  ['resources an object', tpl({ resources: { a: 1 } })],
  ['a resource without type', tpl({ resources: [{ apiVersion: '1', name: 'a' }] })],
  ['a condition that is a string', tpl({ resources: [{ type: 'x/y', apiVersion: '1', name: 'a', condition: 'yes' }] })],
  ['a parameter value breaking allowedValues', tpl({ parameters: { p: { type: 'string', allowedValues: ['a'], defaultValue: 'b' } } })],
  ['a duplicate resource', tpl({ resources: [{ type: 'x/y', apiVersion: '1', name: 'a' }, { type: 'x/y', apiVersion: '1', name: 'a' }] })],
];
for (const [name, t] of INVALID_TEMPLATES) {
  const text = typeof t === 'string' ? t : JSON.stringify(t);
  add({ id: `invalid/expand/${slug(name)}`, cls: 'invalid', files: { 't.json': text }, args: ['expand', 't.json'], codes: [2], sample: name === 'an output without type' || name === 'a user-defined function calling another' });
  add({ id: `invalid/check/${slug(name)}`, cls: 'invalid', files: { 't.json': text }, args: ['check', 't.json'], codes: [2] });
}
add({
  id: 'invalid/several-bad-files-reported-together',
  cls: 'invalid',
  files: { 'a.json': '{', 'b.json': '[1,', 'pol.json': polDef({ if: leaf, then: { effect: 'audti' } }), 'pp.json': '{"x":' },
  args: ['check', 'a.json', 'b.json', '--policy', 'pol.json', '--policy-params', 'pp.json'],
  codes: [2],
  verify: () => [],
});
add({
  id: 'invalid/spec-tag-named-__proto__-is-kept',
  cls: 'invalid',
  files: { 's.yaml': `${SPEC_YAML}tags:\n  __proto__: kept\n  constructor: kept2\n` },
  args: ['plan', '--spec', 's.yaml', '--out', 'o'],
  verify: (dir) => {
    const fs = require_fs();
    if (!fs.existsSync(join(dir, 'o', 'azuredeploy.json'))) return [];
    const t = fs.readFileSync(join(dir, 'o', 'azuredeploy.json'), 'utf8');
    return t.includes('"__proto__"') && t.includes('"constructor"') ? [] : ['the tags __proto__ / constructor were dropped from azuredeploy.json'];
  },
  sample: true,
});

// ---------------------------------------------------------------------------------------------------
// Class 1: secrets planted in secure parameters, the environment and URLs.

const secureT = (params: Record<string, unknown>, extra: Record<string, unknown> = {}): string => JSON.stringify(tpl({ parameters: params, ...extra }));
const SECRET_TEMPLATES: [string, string, string[]][] = [
  ['minLength broken', secureT({ pw: { type: 'securestring', minLength: 64 } }), ['--parameters', `pw=${SECRET}`]],
  ['maxLength broken, as a file', secureT({ pw: { type: 'secureString', maxLength: 3 } }), ['--parameters', 'p.json']],
  ['allowedValues broken, inline JSON', secureT({ pw: { type: 'securestring', allowedValues: ['x'] } }), ['--parameters', JSON.stringify({ pw: { value: SECRET } })]],
  ['a secureObject of the wrong type', secureT({ o: { type: 'secureObject' } }), ['--parameters', JSON.stringify({ o: SECRET_OBJ })]],
  ['a secureObject too long', secureT({ o: { type: 'secureObject', maxLength: 0 } }), ['--parameters', JSON.stringify({ o: { value: { k: SECRET_OBJ } } })]],
  ['a securestring given an object', secureT({ pw: { type: 'securestring' } }), ['--parameters', JSON.stringify({ pw: { value: { a: SECRET } } })]],
  ['a secure default value breaking its own rule', secureT({ pw: { type: 'securestring', defaultValue: SECRET, minLength: 64 } }), []],
  ['a secure default read back in outputs', secureT({ pw: { type: 'securestring', defaultValue: SECRET } }, { outputs: { a: { type: 'string', value: "[parameters('pw')]" }, b: { type: 'object', value: '[deployment()]' }, c: { type: 'string', value: "[string(deployment().properties)]" }, d: { type: 'string', value: "[base64(parameters('pw'))]" } } }), []],
  ['used where an int is needed', secureT({ pw: { type: 'securestring' } }, { outputs: { a: { type: 'int', value: "[int(parameters('pw'))]" }, b: { type: 'string', value: "[json(parameters('pw'))]" }, c: { type: 'bool', value: "[bool(parameters('pw'))]" } } }), ['--parameters', `pw=${SECRET}`]],
  ['used as a resource name and type', secureT({ pw: { type: 'securestring' } }, { resources: [{ type: "[parameters('pw')]", apiVersion: '1', name: "[parameters('pw')]", location: "[parameters('pw')]" }] }), ['--parameters', `pw=${SECRET}`]],
  ['used in an expression that fails', secureT({ pw: { type: 'securestring' } }, { outputs: { a: { type: 'string', value: "[concat(parameters('pw'), bogus())]" }, b: { type: 'string', value: "[substring(parameters('pw'), 100)]" }, c: { type: 'string', value: "[createArray(parameters('pw'))[5]]" } } }), ['--parameters', `pw=${SECRET}`]],
  ['a secret in a nested deployment, inner scope', secureT({ pw: { type: 'securestring' } }, { resources: [deploymentOf('n', tpl({ parameters: { inner: { type: 'securestring', minLength: 99 } }, outputs: { o: { type: 'string', value: "[parameters('inner')]" } } }), { parameters: { inner: { value: "[parameters('pw')]" } } })] }), ['--parameters', `pw=${SECRET}`]],
  ['a literal secret given to a nested secure parameter of the wrong type', secureT({}, { resources: [deploymentOf('n', tpl({ parameters: { inner: { type: 'secureObject' } } }), { parameters: { inner: { value: SECRET } } })] }), []],
  ['a secret passed to an undeclared parameter', secureT({ pw: { type: 'securestring' } }), ['--parameters', `pw=${SECRET}`, '--parameters', `other=${SECRET_OBJ}`]],
  ['a secret in a key vault resource read by a policy', secureT({ pw: { type: 'securestring' } }, { resources: [{ type: 'Microsoft.KeyVault/vaults/secrets', apiVersion: '2023-07-01', name: 'kv/s', properties: { value: "[parameters('pw')]", attributes: { exp: "[parameters('pw')]" } } }] }), ['--parameters', `pw=${SECRET}`]],
  ['a secret in a linked template parameter', JSON.stringify(tpl({ parameters: { pw: { type: 'securestring' } }, resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l', properties: { mode: 'Incremental', templateLink: { relativePath: 'l.json' }, parameters: { inner: { value: "[parameters('pw')]" } } } }] })), ['--parameters', `pw=${SECRET}`]],
];
const SECRET_COMMANDS: string[][] = [['expand', 't.json'], ['expand', 't.json', '--format', 'table'], ...['table', 'json', 'sarif', 'junit', 'md', 'html', 'oscal'].map((f) => ['check', 't.json', '--format', f, '--out', `r.${f}`]), ['check', 't.json', '--format', 'json,sarif,md,oscal', '--out-dir', 'rep'], ['check', 't.json', '--policy', 'pol.json', '--format', 'json']];
for (const [name, t, params] of SECRET_TEMPLATES) {
  for (const [i, cmd] of SECRET_COMMANDS.entries()) {
    add({
      id: `secrets/${slug(name)}/${slug(cmd.join(' '))}`,
      cls: 'secrets',
      files: {
        't.json': t,
        'p.json': JSON.stringify({ $schema: PARAMS_SCHEMA, contentVersion: '1.0.0.0', parameters: { pw: { value: `${SECRET}x` } } }),
        'l.json': JSON.stringify(tpl({ parameters: { inner: { type: 'securestring', maxLength: 1 } }, outputs: { o: { type: 'string', value: "[parameters('inner')]" } } })),
        'pol.json': JSON.stringify({ properties: { mode: 'All', policyRule: { if: { field: 'Microsoft.KeyVault/vaults/secrets/attributes.exp', exists: true }, then: { effect: 'audit' } } } }),
      },
      args: [...cmd, ...params],
      secrets: [SECRET, SECRET_OBJ],
      sample: i === 0 && (name === 'minLength broken' || name === 'used in an expression that fails'),
    });
  }
}
// A token from `az` and credentials in URLs must not be printed either.
const liveEnv = { IL5ML_HOSTILE_AZ: '1', IL5ML_HOSTILE_TOKEN: SECRET_ENV };
const ENDPOINTS: [string, HostileClass][] = [
  ['https://127.0.0.1:9', 'live'],
  [`https://user:${SECRET_ENV}@127.0.0.1:9/`, 'secrets'],
  [`https://127.0.0.1:9/?sig=${SECRET_ENV}`, 'secrets'],
  ['http://127.0.0.1:9', 'live'],
  ['file:///etc/passwd', 'live'],
  [`https://127.0.0.1:9/${ESCAPES}`, 'escapes'],
  ['https://127.0.0.1:99999', 'live'],
  ['https://[::1', 'live'],
  [`https://127.0.0.1:9/${'a'.repeat(100_000)}`, 'size'],
  ['', 'live'],
];
for (const [ep, cls] of ENDPOINTS) {
  for (const cmd of [['audit', '--subscription', SUB], ['audit', '--management-group', 'mg'], ['preflight', '--subscription', SUB]]) {
    add({ id: `live/${slug(cmd.join(' '))}/${slug(ep.slice(0, 60)) || 'empty'}`, cls, args: [...cmd, '--arm-endpoint', ep, '--auth', 'cli', '--graph-endpoint', ep].filter((a, i, all) => !(cmd[0] === 'audit' && (a === '--graph-endpoint' || all[i - 1] === '--graph-endpoint'))), env: liveEnv, codes: [2], secrets: [SECRET_ENV], sample: (ep === `https://user:${SECRET_ENV}@127.0.0.1:9/` && cmd[0] === 'audit' && cmd[1] === '--subscription') || (ep === 'https://127.0.0.1:9' && cmd[0] === 'preflight') });
  }
}
add({ id: 'live/az-prints-escapes', cls: 'escapes', args: ['audit', '--subscription', SUB, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'], env: { IL5ML_HOSTILE_AZ: 'escapes', IL5ML_HOSTILE_TOKEN: SECRET_ENV }, codes: [2], secrets: [SECRET_ENV] });
add({ id: 'live/az-prints-a-huge-token', cls: 'size', args: ['audit', '--subscription', SUB, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli'], env: { IL5ML_HOSTILE_AZ: 'huge' }, codes: [2] });

// ---------------------------------------------------------------------------------------------------
// Hostile flag values, echoed in errors.

const ARGS: [string, string[]][] = [
  ['expand --location', ['expand', 't.json', '--location', ESCAPES]],
  ['expand --subscription-id', ['expand', 't.json', '--subscription-id', ESCAPES]],
  ['expand --utc-now', ['expand', 't.json', '--utc-now', ESCAPES]],
  ['expand --utc-now far', ['expand', 't.json', '--utc-now', '+275760-09-13T00:00:00Z']],
  ['expand --deployment-name 100 KB', ['expand', 't.json', '--deployment-name', 'd'.repeat(100_000)]],
  ['expand --management-group', ['expand', 't.json', '--management-group', ESCAPES]],
  ['expand --format', ['expand', 't.json', '--format', ESCAPES]],
  ['expand --parameters KEY', ['expand', 't.json', '--parameters', `${ESCAPES}=1`]],
  ['expand --parameters =', ['expand', 't.json', '--parameters', '=']],
  ['check --format', ['check', 't.json', '--format', `json,${ESCAPES}`]],
  ['check --fail-on', ['check', 't.json', '--fail-on', ESCAPES]],
  ['check --subscription-id', ['check', 't.json', '--subscription-id', ESCAPES]],
  ['check --resource-group', ['check', 't.json', '--subscription-id', SUB, '--resource-group', ESCAPES]],
  ['check input named with escapes', ['check', ESCAPES]],
  ['rules ids', ['rules', ESCAPES, 'IL5-KV-001', '__proto__', 'constructor']],
  ['rules 100,000 ids', ['rules', ...Array.from({ length: 10_000 }, (_, i) => `IL5-X-${i}`)]],
  ['dns --subscription-id', ['dns', '--subscription-id', ESCAPES]],
  ['dns --resource-group', ['dns', '--subscription-id', SUB, '--resource-group', ESCAPES]],
  ['an unknown command', [ESCAPES]],
  ['an unknown flag', ['check', `--${ESCAPES}`]],
  ['audit --concurrency', ['audit', '--subscription', SUB, '--concurrency', '1e400', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']],
  ['audit --max-wait', ['audit', '--subscription', SUB, '--max-wait', '-1', '--timeout', 'NaN', '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']],
  ['preflight --max-total', ['preflight', '--subscription', SUB, '--max-total', ESCAPES, '--timeout', ESCAPES, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']],
  ['audit --subscription', ['audit', '--subscription', ESCAPES, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']],
  ['audit --resource-group', ['audit', '--subscription', SUB, '--resource-group', ESCAPES, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']],
  ['preflight --resource-group', ['preflight', '--subscription', SUB, '--resource-group', ESCAPES, '--arm-endpoint', 'https://127.0.0.1:9', '--auth', 'cli']],
];
for (const [name, args] of ARGS) {
  add({ id: `args/${slug(name)}`, cls: /100,000|100 KB/.test(name) ? 'size' : 'escapes', files: { 't.json': TEMPLATE }, args, env: { IL5ML_HOSTILE_AZ: '1' }, sample: name === 'check --format' || name === 'rules ids' || name === 'rules 100,000 ids' });
}
// A spec file and a template named with escapes (found, valid): every "wrote"/"spec" line echoes the name.
add({ id: 'escapes/spec-file-name', cls: 'escapes', files: { [`s${ESCAPES.replace(/\//g, '')}.yaml`]: SPEC_YAML }, args: ['plan', '--spec', `s${ESCAPES.replace(/\//g, '')}.yaml`, '--out', 'o'], sample: true });
add({ id: 'escapes/template-file-name', cls: 'escapes', files: { [`t${ESCAPES.replace(/\//g, '')}.json`]: JSON.stringify(tpl({ outputs: { o: { type: 'int', value: '[bogus()]' } } })) }, args: ['check', `t${ESCAPES.replace(/\//g, '')}.json`] });
add({ id: 'escapes/out-dir-name', cls: 'escapes', files: { 't.json': TEMPLATE }, args: ['check', 't.json', '--format', 'json', '--out-dir', `d${ESCAPES.replace(/\//g, '')}`] });
add({ id: 'escapes/policy-folder-file-name', cls: 'escapes', files: { 't.json': TEMPLATE, [`pols/p${ESCAPES.replace(/\//g, '')}.json`]: '{"properties": {' }, args: ['check', 't.json', '--policy', 'pols'], codes: [2] });

// fs is imported lazily in verify functions to keep this module's imports to what setup needs.
import * as fsModule from 'node:fs';
function require_fs(): typeof fsModule {
  return fsModule;
}

/** The campaign. Ids are unique and stable, so a failure replays by id. */
export function allCases(): Case[] {
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}
