/**
 * Hostile contents for the campaign (issue 13): values that nest, grow, repeat, lie about their encoding
 * or carry terminal escapes, and the valid documents of each kind of file il5ml reads, with the place in
 * each where a hostile value is planted so that it gets past the outer shape checks.
 */

export const SECRET = 'Hx7-Planted-S3cret-Qv';
export const SECRET_OBJ = 'Hx7-Planted-Obj-M3mber';
export const SECRET_ENV = 'Hx7-Planted-Env-S3cret';

export const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const PARAMS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';
export const SUB = '11111111-1111-1111-1111-111111111111';

/** Escapes that would rewrite a terminal or a CI log (title, clear screen, colour, bell, bidi override). */
export const ESCAPES = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\r\u009b1m\u202eevil\u2028x';

export const tpl = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ $schema: TEMPLATE_SCHEMA, contentVersion: '1.0.0.0', resources: [], ...extra });
export const TEMPLATE = JSON.stringify(tpl());
export const PARAMS = JSON.stringify({ $schema: PARAMS_SCHEMA, contentVersion: '1.0.0.0', parameters: {} });
export const POLICY = JSON.stringify({ properties: { displayName: 'p', mode: 'All', policyRule: { if: { field: 'type', equals: 'Microsoft.KeyVault/vaults' }, then: { effect: 'audit' } } } });
export const EXEMPTIONS = JSON.stringify({ exemptions: [] });
export const SPEC_YAML = 'prefix: hx\nregion: usgovvirginia\n';
export const vault = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`,
  name,
  type: 'Microsoft.KeyVault/vaults',
  location: 'usgovvirginia',
  properties: { enablePurgeProtection: true },
  ...extra,
});
export const RESOURCES = JSON.stringify([vault('kv1')]);
export const serviceTags = (prefixes: unknown = ['20.0.0.0/24', '2001:db8::/48'], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    changeNumber: 1,
    cloud: 'AzureGovernment',
    values: ['AzureMachineLearning', 'AzureActiveDirectory', 'AzureResourceManager', 'AzureFrontDoor.FirstParty', 'Storage', 'AzureMonitor', 'AzureContainerRegistry', 'MicrosoftContainerRegistry', 'Sql', 'BatchNodeManagement', 'AzureKeyVault', 'ApiManagement'].map((name) => ({
      name,
      id: name,
      properties: { changeNumber: 1, region: '', regionId: 0, platform: 'Azure', systemService: name, addressPrefixes: prefixes, networkFeatures: ['NSG'] },
    })),
    ...extra,
  });
export const SERVICE_TAGS = serviceTags();

/** A raw JSON value (text), to be planted where a file's kind gives it meaning. */
export interface JsonValue {
  name: string;
  text: () => string;
  /** In the short sample that `npm test` runs. */
  sample?: boolean;
}

const rep = (s: string, n: number): string => s.repeat(n);
const MB = 1024 * 1024;

export const JSON_VALUES: JsonValue[] = [
  { name: 'array nested 100,000 deep', text: () => rep('[', 100_000) + rep(']', 100_000), sample: true },
  { name: 'object nested 100,000 deep', text: () => rep('{"a":', 100_000) + '1' + rep('}', 100_000) },
  { name: 'array nested 1,000,000 deep', text: () => rep('[', 1_000_000) + rep(']', 1_000_000) },
  { name: 'objects and arrays alternating 50,000 deep', text: () => rep('{"k":[', 50_000) + rep(']}', 50_000) },
  { name: 'a string of 40 MB on one line', text: () => JSON.stringify('x'.repeat(40 * MB)) },
  { name: 'a key of 8 MB', text: () => `{${JSON.stringify('k'.repeat(8 * MB))}: 1}` },
  { name: '200,000 keys', text: () => `{${Array.from({ length: 200_000 }, (_, i) => `"k${i}":${i}`).join(',')}}` },
  { name: 'an array of 2,000,000 zeros', text: () => `[${rep('0,', 1_999_999)}0]` },
  { name: 'numbers past double and int64', text: () => '[1e400, -1e400, 1e-400, -0, 18446744073709551616, 9223372036854775808, -9223372036854775809, ' + rep('9', 5000) + ']' },
  { name: 'duplicate keys', text: () => '{"a": 1, "a": {"b": 2}, "type": "x", "type": "y"}' },
  { name: 'prototype keys', text: () => '{"__proto__": {"polluted": "yes", "type": "x"}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": 1, "hasOwnProperty": 2, "toString": "x"}', sample: true },
  { name: 'escape sequences in strings and keys', text: () => JSON.stringify({ [ESCAPES]: ESCAPES, name: ESCAPES, type: ESCAPES }), sample: true },
  { name: 'a lone surrogate and a NUL escape', text: () => '{"a": "\\ud800", "b": "x\\u0000y", "\\udfff": 1}' },
];

/** A whole file, as bytes, whatever the kind. `base` is the valid document of that kind. */
export interface RawFile {
  name: string;
  bytes: (base: string) => Buffer;
  sample?: boolean;
}

const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
export const RAW_FILES: RawFile[] = [
  { name: 'empty file', bytes: () => Buffer.alloc(0) },
  { name: 'whitespace only', bytes: () => Buffer.from(' \n\t\r\n') },
  { name: 'null', bytes: () => Buffer.from('null') },
  { name: 'a bare string', bytes: () => Buffer.from('"x"') },
  { name: 'UTF-8 BOM', bytes: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(b)]) },
  { name: 'UTF-16LE with BOM', bytes: (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(b)]), sample: true },
  { name: 'UTF-16BE with BOM', bytes: (b) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le(b).swap16()]) },
  { name: 'UTF-16LE without BOM', bytes: (b) => utf16le(b) },
  { name: 'invalid UTF-8 inside a string', bytes: (b) => Buffer.concat([Buffer.from(b.slice(0, b.lastIndexOf('"'))), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(b.slice(b.lastIndexOf('"')))]) },
  { name: 'NUL bytes', bytes: (b) => Buffer.concat([Buffer.from(b.slice(0, 5)), Buffer.from([0, 0, 0]), Buffer.from(b.slice(5))]), sample: true },
  { name: 'truncated in the middle', bytes: (b) => Buffer.from(b.slice(0, Math.floor(b.length / 2))) },
  { name: 'trailing garbage with escapes', bytes: (b) => Buffer.from(`${b}\n\u001b[2J\u0007garbage`) },
  { name: 'raw control characters everywhere', bytes: (b) => Buffer.from(b.replace(/"/g, '"\u001b[31m\u0007')) },
  { name: '5,000,000 opening brackets', bytes: () => Buffer.from(rep('[', 5_000_000)) },
  { name: 'an unclosed comment', bytes: (b) => Buffer.from(`/* ${b}`) },
  { name: '20 MB of random bytes', bytes: () => pseudoRandom(20 * MB) },
  { name: '30 MB of spaces then the document', bytes: (b) => Buffer.concat([Buffer.alloc(30 * MB, 0x20), Buffer.from(b)]) },
  // Past the tolerant reader's limit (src/core/json-tolerant.ts): before it, an assignment or a parameters file
  // like this ran out of V8's heap (exit 134 after 45 s).
  { name: '200 MB of spaces then the document', bytes: (b) => Buffer.concat([Buffer.alloc(200 * MB, 0x20), Buffer.from(b)]) },
  { name: 'a comment, 40 MB of spaces, then the document', bytes: (b) => Buffer.concat([Buffer.from('// exported\n'), Buffer.alloc(40 * MB, 0x20), Buffer.from(b)]) },
];

/** Deterministic noise (a xorshift), so that a failure replays. */
export function pseudoRandom(n: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** YAML tricks: aliases that multiply, nesting, many keys, tags, and the encodings. */
export const YAML_DOCS: { name: string; text: () => string; sample?: boolean }[] = [
  {
    name: 'billion laughs (aliases ten deep)',
    text: () => {
      const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
      return `${SPEC_YAML}tags:\n  x: *a9\n${lines.map((l) => `# ${l}`).join('\n')}\nextra:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
    },
    sample: true,
  },
  {
    name: 'aliases multiplied inside tags',
    text: () => {
      const lines = ['  a0: &a0 {k: v, l: w}'];
      for (let i = 1; i < 25; i++) lines.push(`  a${i}: &a${i} {x: *a${i - 1}, y: *a${i - 1}}`);
      return `${SPEC_YAML}tags:\n${lines.join('\n')}\n`;
    },
  },
  { name: 'merge keys chained 5,000 times', text: () => `${SPEC_YAML}x0: &x0 {a: 1}\n${Array.from({ length: 5000 }, (_, i) => `x${i + 1}: &x${i + 1} {<<: *x${i}, k${i}: 1}`).join('\n')}\n` },
  { name: 'flow sequences nested 100,000 deep', text: () => `${SPEC_YAML}tags: ${rep('[', 100_000)}${rep(']', 100_000)}\n` },
  { name: 'flow mappings nested 50,000 deep', text: () => `${SPEC_YAML}tags: ${rep('{a: ', 50_000)}1${rep('}', 50_000)}\n` },
  { name: 'block mappings nested 3,000 deep', text: () => `${SPEC_YAML}tags:\n${Array.from({ length: 3000 }, (_, i) => `${rep(' ', i + 1)}k${i}:`).join('\n')} v\n` },
  { name: 'block sequences nested 20,000 deep', text: () => `${SPEC_YAML}tags:\n  x: ${rep('- ', 20_000)}v\n` },
  { name: '200,000 tags', text: () => `${SPEC_YAML}tags:\n${Array.from({ length: 200_000 }, (_, i) => `  k${i}: v`).join('\n')}\n`, sample: false },
  { name: 'a key of 8 MB', text: () => `${SPEC_YAML}tags:\n  ${'k'.repeat(8 * MB)}: v\n` },
  { name: 'a value of 40 MB', text: () => `${SPEC_YAML}tags:\n  k: ${'v'.repeat(40 * MB)}\n` },
  { name: 'prototype keys in tags and at the top', text: () => `${SPEC_YAML}__proto__: {region: usdodeast}\nconstructor: {prototype: {x: 1}}\ntags:\n  __proto__: polluted\n  constructor: x\n  toString: y\n  hasOwnProperty: z\n`, sample: true },
  { name: 'escape sequences in keys and values', text: () => `${SPEC_YAML}tags:\n  "\\e]0;pwned\\a": "\\e[2J\\x9b1m\\u202e"\nnetwork:\n  addressSpace: "\\e[31m10.0.0.0/8"\n`, sample: true },
  { name: 'raw control characters', text: () => `${SPEC_YAML}tags:\n  k: "a\u001b[2J\u0007b"\n  "\u0001": v\n` },
  { name: 'numbers past double and int64', text: () => `${SPEC_YAML}monitoring:\n  retentionDays: 1e400\njumpBox:\n  vmSize: 18446744073709551616\ntags:\n  a: -0\n  b: .inf\n  c: 0x7fffffffffffffffff\n` },
  { name: 'duplicate keys', text: () => `${SPEC_YAML}region: usgovarizona\ntags: {a: 1, a: 2}\n` },
  { name: 'language tags', text: () => `${SPEC_YAML}tags: !!js/function "function(){return 1}"\nx: !!binary ${Buffer.alloc(3 * MB).toString('base64')}\ny: !custom {a: 1}\n` },
  { name: 'an alias to itself', text: () => `${SPEC_YAML}tags: &a {x: *a}\n` },
  { name: 'an undefined alias', text: () => `${SPEC_YAML}tags: *nowhere\n` },
  { name: 'three documents', text: () => `${SPEC_YAML}---\n${SPEC_YAML}---\nregion: usdodeast\n` },
  { name: 'tabs as indentation', text: () => `${SPEC_YAML}tags:\n\tk: v\n` },
  { name: '100,000 anchors', text: () => `${SPEC_YAML}x: [${Array.from({ length: 100_000 }, (_, i) => `&a${i} ${i}`).join(', ')}]\n` },
];
