import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostic.js';
import { formatPath, loadSpec } from '../../src/spec/load.js';
import { SpecSchema } from '../../src/spec/schema.js';

interface Row {
  name: string;
  text: string;
  expected: { code: string; line: number; column: number; message: string | RegExp; fix?: string | RegExp }[];
}

const ROOT_KEYS = 'prefix, region, tags, network, keyVault, storage, workspace, compute, jumpBox, monitoring, firewall, dns, policy, posture, check';

const rows: Row[] = [
  { name: 'an empty document is the default spec', text: '', expected: [] },
  { name: 'a comment-only document', text: '# nothing\n', expected: [] },
  {
    name: 'an unknown top-level key with did-you-mean',
    text: 'regin: usgovvirginia\n',
    expected: [{ code: 'IL5-SPEC-UNKNOWN-KEY', line: 1, column: 1, message: 'unknown key "regin" at the top level. Did you mean "region"?', fix: `use one of: ${ROOT_KEYS}` }],
  },
  {
    name: 'an unknown nested key, located at the key',
    text: 'network:\n  subnets:\n    Bastion: 172.16.2.0/26\n',
    expected: [{ code: 'IL5-SPEC-UNKNOWN-KEY', line: 3, column: 5, message: 'unknown key "Bastion" in network.subnets. Did you mean "bastion"?', fix: 'use one of: training, scoring, bastion, firewall, jumpBox, privateEndpoints' }],
  },
  {
    name: 'a key at the wrong level: where it belongs',
    text: 'keyVault:\n  size: 4096\n',
    expected: [{ code: 'IL5-SPEC-UNKNOWN-KEY', line: 2, column: 3, message: 'unknown key "size" in keyVault. "size" belongs under keyVault.key.', fix: 'use one of: softDeleteRetentionDays, key' }],
  },
  {
    name: 'a nested key written at the top level',
    text: 'addressSpace: 10.0.0.0/16\n',
    expected: [{ code: 'IL5-SPEC-UNKNOWN-KEY', line: 1, column: 1, message: 'unknown key "addressSpace" at the top level. "addressSpace" belongs under network.' }],
  },
  {
    name: 'an unknown key with nothing close',
    text: 'keyVault:\n  hsm: true\n',
    expected: [{ code: 'IL5-SPEC-UNKNOWN-KEY', line: 2, column: 3, message: 'unknown key "hsm" in keyVault.', fix: 'use one of: softDeleteRetentionDays, key' }],
  },
  {
    name: 'a number where a string is expected: quote it',
    text: 'jumpBox:\n  autoShutdown:\n    time: 1900\n',
    expected: [{ code: 'IL5-SPEC-TYPE', line: 3, column: 11, message: 'jumpBox.autoShutdown.time must be a string, not a whole number', fix: 'write a string; quote it: "1900" (YAML reads unquoted 1900 as a whole number)' }],
  },
  {
    // In the schema's key order (tags before jumpBox). The fix quotes what was written: "730" would be another (and an invalid) time, "123" another cost center.
    name: 'a number with a leading zero or an exponent where a string is expected: quote it as written',
    text: 'jumpBox:\n  autoShutdown:\n    time: 0730\ntags:\n  costCenter: 00123\n  build: 1e3\n',
    expected: [
      { code: 'IL5-SPEC-TYPE', line: 5, column: 15, message: 'tags.costCenter must be a string, not a whole number', fix: 'write a string; quote it: "00123" (YAML reads unquoted 00123 as the whole number 123)' },
      { code: 'IL5-SPEC-TYPE', line: 6, column: 10, message: 'tags.build must be a string, not a whole number', fix: 'write a string; quote it: "1e3" (YAML reads unquoted 1e3 as the whole number 1000)' },
      { code: 'IL5-SPEC-TYPE', line: 3, column: 11, message: 'jumpBox.autoShutdown.time must be a string, not a whole number', fix: 'write a string; quote it: "0730" (YAML reads unquoted 0730 as the whole number 730)' },
    ],
  },
  {
    // Every line under subnets: commented out leaves an empty value; tags is a record (zod's "record" was shown).
    name: 'an empty section and an empty tags: what to write, and that removing the line takes the default',
    text: 'network:\n  subnets:\n    # training: 10.9.0.0/24\ntags:\npolicy:\n  exemptions:\n',
    expected: [
      { code: 'IL5-SPEC-TYPE', line: 4, column: 1, message: 'tags must be a mapping (key: value lines), not an empty value', fix: /^write a mapping \(key: value lines\) under "tags:", or remove that line \(a key left out takes its default\)/ },
      { code: 'IL5-SPEC-TYPE', line: 2, column: 3, message: 'network.subnets must be a mapping (key: value lines), not an empty value', fix: /^write a mapping \(key: value lines\) under "subnets:", or remove that line \(a key left out takes its default\)/ },
      { code: 'IL5-SPEC-TYPE', line: 6, column: 3, message: 'policy.exemptions must be a list, not an empty value', fix: 'write a list under "exemptions:", or remove that line (a key left out takes its default)' },
    ],
  },
  {
    name: 'a string where a number is expected',
    text: 'keyVault:\n  key:\n    size: large\n',
    expected: [{ code: 'IL5-SPEC-TYPE', line: 3, column: 11, message: 'keyVault.key.size must be a whole number, not a string', fix: 'write a whole number (default 3072; RSA key size: 2048, 3072 or 4096.)' }],
  },
  {
    name: 'a fraction where a whole number is expected',
    text: 'compute:\n  cluster:\n    maxNodes: 2.5\n',
    expected: [{ code: 'IL5-SPEC-TYPE', line: 3, column: 15, message: 'compute.cluster.maxNodes must be a whole number, not a number' }],
  },
  {
    name: 'a list where a mapping is expected',
    text: 'network:\n  - 172.16.0.0/16\n',
    expected: [{ code: 'IL5-SPEC-TYPE', line: 2, column: 3, message: 'network must be a mapping (key: value lines), not a list' }],
  },
  {
    name: 'a string where true/false is expected',
    text: 'posture:\n  publicNetworkAccess: "no"\n',
    expected: [{ code: 'IL5-SPEC-TYPE', line: 2, column: 24, message: 'posture.publicNetworkAccess must be true or false, not a string' }],
  },
  {
    name: 'an empty value where a string is expected',
    text: 'region:\n',
    expected: [{ code: 'IL5-SPEC-TYPE', line: 1, column: 1, message: 'region must be a string, not an empty value' }],
  },
  {
    name: 'a value outside an enum, with did-you-mean',
    text: 'storage:\n  sku: Standard_zrs\n',
    expected: [{ code: 'IL5-SPEC-ENUM', line: 2, column: 8, message: 'storage.sku is "Standard_zrs", which is not allowed. Did you mean "Standard_ZRS"?', fix: 'use one of: Standard_LRS, Standard_ZRS, Standard_GRS, Standard_RAGRS, Standard_GZRS, Standard_RAGZRS' }],
  },
  {
    name: 'an exemption without its required keys, located at the item',
    text: 'policy:\n  exemptions:\n    - rule: IL5-KV-001\n',
    expected: [
      { code: 'IL5-SPEC-REQUIRED', line: 3, column: 7, message: 'missing required key "justification" in policy.exemptions[0]', fix: 'add "justification:" with a string' },
      { code: 'IL5-SPEC-REQUIRED', line: 3, column: 7, message: 'missing required key "expiresOn" in policy.exemptions[0]', fix: /^add "expiresOn:" with a string \(Expiry date, YYYY-MM-DD/ },
    ],
  },
  {
    name: 'a top-level list',
    text: '- region: usgovvirginia\n',
    expected: [{ code: 'IL5-SPEC-TYPE', line: 1, column: 1, message: 'the spec must be a mapping of keys (prefix, region, network…), not a list', fix: 'start from `il5ml init`, which writes the default spec' }],
  },
  {
    name: 'an unclosed flow sequence',
    text: 'region: usgovvirginia\ntags: [a, b\nprefix: x\n',
    expected: [{ code: 'IL5-SPEC-SYNTAX', line: 3, column: 1, message: /^YAML syntax error: / }],
  },
  {
    name: 'a duplicate key',
    text: 'region: usgovvirginia\nregion: usgovarizona\n',
    expected: [{ code: 'IL5-SPEC-SYNTAX', line: 2, column: 1, message: 'YAML syntax error: Map keys must be unique' }],
  },
  {
    name: 'a tab used for indentation',
    text: 'network:\n\taddressSpace: 10.0.0.0/16\n',
    expected: [{ code: 'IL5-SPEC-SYNTAX', line: 2, column: 1, message: /^YAML syntax error: .*[Tt]ab/ }],
  },
  {
    name: 'an alias without its anchor',
    text: 'prefix: abc\nregion: *nope\n',
    expected: [{ code: 'IL5-SPEC-SYNTAX', line: 2, column: 9, message: 'YAML error: Unresolved alias (the anchor must be set before the alias): nope' }],
  },
  {
    name: 'an alias bomb is refused, not expanded',
    text: 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    expected: [{ code: 'IL5-SPEC-SYNTAX', line: 1, column: 1, message: 'YAML error: Excessive alias count indicates a resource exhaustion attack' }],
  },
  {
    name: 'a key without a colon',
    text: 'network:\n  addressSpace 10.0.0.0/16\n  subnets: {}\n',
    expected: [{ code: 'IL5-SPEC-SYNTAX', line: 2, column: 3, message: 'YAML syntax error: Implicit keys need to be on a single line' }],
  },
];

describe('loadSpec diagnostics', () => {
  for (const r of rows) {
    it(r.name, () => {
      const loaded = loadSpec(r.text, 'spec.yaml');
      expect(loaded.diagnostics.length, loaded.diagnostics.map(formatDiagnostic).join('\n')).toBe(r.expected.length);
      r.expected.forEach((e, i) => {
        const d = loaded.diagnostics[i];
        expect(d?.severity).toBe('error');
        expect(d?.code).toBe(e.code);
        expect(d?.location).toEqual({ file: 'spec.yaml', line: e.line, column: e.column });
        if (typeof e.message === 'string') expect(d?.message).toBe(e.message);
        else expect(d?.message).toMatch(e.message);
        if (typeof e.fix === 'string') expect(d?.fix).toBe(e.fix);
        else if (e.fix) expect(d?.fix).toMatch(e.fix);
        expect(d?.fix, 'every diagnostic says how to fix it').toBeTruthy();
      });
    });
  }
});

describe('loadSpec JSON syntax errors', () => {
  it('names the position of a missing comma in a .json file', () => {
    const loaded = loadSpec('{\n  "region": "usgovvirginia"\n  "prefix": "abc"\n}\n', 'spec.json');
    expect(loaded.diagnostics.length).toBeGreaterThan(0);
    const d = loaded.diagnostics[0];
    expect(d?.code).toBe('IL5-SPEC-SYNTAX');
    expect(d?.message).toMatch(/^JSON\/YAML syntax error: /);
    expect(d?.location?.line).toBe(3);
  });
});

describe('loadSpec values and positions', () => {
  it('reads JSON (JSON is YAML) with positions, tabs included', () => {
    const text = '{\n\t"region": "usgovarizona",\n\t"keyVault": { "key": { "size": 4096 } },\n\t"regoin": 1\n}\n';
    const loaded = loadSpec(text, 'spec.json');
    expect(loaded.spec.region).toBe('usgovarizona');
    expect(loaded.spec.keyVault.key.size).toBe(4096);
    expect(loaded.locate(['keyVault', 'key', 'size'])).toEqual({ file: 'spec.json', line: 3, column: 33 });
    expect(loaded.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([['IL5-SPEC-UNKNOWN-KEY', 4, 2]]);
  });

  it('applies defaults to what is absent', () => {
    const loaded = loadSpec('prefix: abc\n', 'spec.yaml');
    expect(loaded.spec).toEqual(SpecSchema.parse({ prefix: 'abc' }));
    expect(loaded.locate(['region'])).toBeUndefined();
    expect(loaded.locate(['prefix'])).toEqual({ file: 'spec.yaml', line: 1, column: 9 });
    expect(loaded.locate([])).toEqual({ file: 'spec.yaml', line: 1, column: 1 });
  });

  it('keeps the valid values when some are wrong, so the rules still see them', () => {
    const loaded = loadSpec('region: eastus\nregin: x\nkeyVault:\n  key:\n    size: big\n    name: k1\n', 'spec.yaml');
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['IL5-SPEC-TYPE', 'IL5-SPEC-UNKNOWN-KEY']);
    expect(loaded.spec.region).toBe('eastus');
    expect(loaded.spec.keyVault.key.size).toBe(3072);
    expect(loaded.spec.keyVault.key.name).toBe('k1');
  });

  it('drops an incomplete list item and keeps the complete ones', () => {
    const loaded = loadSpec('policy:\n  exemptions:\n    - { rule: a }\n    - { rule: b, justification: ok, expiresOn: 2027-01-01 }\n', 'spec.yaml');
    expect(loaded.spec.policy.exemptions.map((e) => e.rule)).toEqual(['b']);
  });

  it('resolves anchors and aliases', () => {
    const loaded = loadSpec('compute:\n  cluster:\n    vmSize: &size Standard_D4s_v5\n  instance:\n    vmSize: *size\n', 'spec.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec.compute.instance.vmSize).toBe('Standard_D4s_v5');
  });

  it('reads `<<` merge keys (yaml.org/type/merge.html), one or a list of them, own keys first', () => {
    const text = [
      'compute:',
      '  cluster: &vm',
      '    vmSize: Standard_DS4_v2',
      '    idleBeforeScaleDown: PT20M',
      '  instance:',
      '    <<: *vm',
      'jumpBox:',
      '  autoShutdown:',
      '    time: "1800"',
      '    timeZone: UTC',
      '',
    ].join('\n');
    // The instance takes vmSize but must not take the cluster-only idleBeforeScaleDown: an unknown key,
    // located where it is written (in the anchor), not at the merge key.
    const loaded = loadSpec(text, 'spec.yaml');
    expect(loaded.spec.compute.instance.vmSize).toBe('Standard_DS4_v2');
    expect(loaded.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.message])).toEqual([
      ['IL5-SPEC-UNKNOWN-KEY', 4, 5, 'unknown key "idleBeforeScaleDown" in compute.instance. "idleBeforeScaleDown" belongs under compute.cluster.'],
    ]);

    const two = loadSpec(
      'jumpBox:\n  autoShutdown:\n    <<: [{ time: "1800" }, { time: "0600", timeZone: UTC }]\n    timeZone: &tz Pacific Standard Time\n    enabled: true\n    <<: { enabled: false }\n',
      'spec.yaml',
    );
    expect(two.diagnostics).toEqual([]);
    expect(two.spec.jumpBox.autoShutdown).toEqual({ enabled: true, time: '1800', timeZone: 'Pacific Standard Time' });
    expect(two.locate(['jumpBox', 'autoShutdown', 'time'])).toEqual({ file: 'spec.yaml', line: 3, column: 18 });
  });

  it('locates a value reached through a merge key or an alias, for the value rules', () => {
    const loaded = loadSpec('base: &b\n  retentionDays: 10\nmonitoring:\n  <<: *b\nnetwork:\n  subnets: &s { training: 10.0.0.0/24 }\n', 'spec.yaml');
    expect(loaded.spec.monitoring.retentionDays).toBe(10);
    expect(loaded.locate(['monitoring', 'retentionDays'])).toEqual({ file: 'spec.yaml', line: 2, column: 18 });
  });

  it('refuses comments in a JSON spec at each comment, not as a strange key; // in a string is no comment', () => {
    const text = '{\n  // the prefix\n  "prefix": "abc",\n  "tags": { "url": "https://x.example.mil//a" }, /* a\n b */ "region": "usgovarizona"\n}\n';
    const loaded = loadSpec(text, 'il5ml.json');
    expect(loaded.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.message, d.fix])).toEqual([
      ['IL5-SPEC-SYNTAX', 2, 3, 'JSON/YAML syntax error: JSON has no comments (// or /* */); read as YAML, a comment becomes part of a key or value', 'remove the comment, or write the spec as YAML (il5ml.yaml, `il5ml init --out il5ml.yaml`), where # starts a comment'],
      ['IL5-SPEC-SYNTAX', 4, 50, 'JSON/YAML syntax error: JSON has no comments (// or /* */); read as YAML, a comment becomes part of a key or value', 'remove the comment, or write the spec as YAML (il5ml.yaml, `il5ml init --out il5ml.yaml`), where # starts a comment'],
    ]);
    // The same text without the comments loads; in a YAML file // is no comment marker il5ml looks for.
    expect(loadSpec('{\n  "prefix": "abc",\n  "tags": { "url": "https://x.example.mil//a" }\n}\n', 'il5ml.json').diagnostics).toEqual([]);
  });

  it('names a second YAML document and how to fix it, not the parser\'s API', () => {
    const loaded = loadSpec('prefix: abc\n---\nregion: usgovarizona\n', 'spec.yaml');
    expect(loaded.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.message, d.fix])).toEqual([
      ['IL5-SPEC-SYNTAX', 2, 1, 'YAML syntax error: a second YAML document starts here (a `---` line); a spec is one document', 'remove this `---` line and write every key in the one mapping above it'],
    ]);
  });

  it('warns about a custom tag and reads the value as a string', () => {
    const loaded = loadSpec('region: !Ref usgovarizona\n', 'spec.yaml');
    expect(loaded.spec.region).toBe('usgovarizona');
    expect(loaded.diagnostics.map((d) => [d.severity, d.code, d.location?.line, d.location?.column])).toEqual([['warning', 'IL5-SPEC-YAML', 1, 9]]);
  });

  it('reads CRLF line endings and a byte order mark with the right positions', () => {
    const loaded = loadSpec('\uFEFFregion: usgovarizona\r\nkeyVault:\r\n  key:\r\n    size: 4096\r\n', 'spec.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec.keyVault.key.size).toBe(4096);
    expect(loaded.locate(['keyVault', 'key', 'size'])).toEqual({ file: 'spec.yaml', line: 4, column: 11 });
  });

  it('locates a key with an empty value at the key', () => {
    const loaded = loadSpec('firewall:\n  privateIp:\n', 'spec.yaml');
    expect(loaded.locate(['firewall', 'privateIp'])).toEqual({ file: 'spec.yaml', line: 2, column: 3 });
  });
});

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['network', 'subnets', 'training'], 'network.subnets.training'],
    [['policy', 'exemptions', 0, 'rule'], 'policy.exemptions[0].rule'],
    [['dns', 'zoneIds', 'privatelink.azurecr.us'], 'dns.zoneIds["privatelink.azurecr.us"]'],
  ] as [(string | number)[], string][])('%j -> %s', (path, text) => expect(formatPath(path)).toBe(text));
});
