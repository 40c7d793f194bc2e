import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/arm/template/expand.js';
import { decodeText, firstInvalidUtf8 } from '../../src/cli/decode.js';
import { httpsEndpoint } from '../../src/cli/azure-flags.js';
import { terminalSafe } from '../../src/core/diagnostic.js';
import { lineColumn, lineLocator } from '../../src/core/json-depth.js';
import { parseServiceTags } from '../../src/net/service-tags.js';
import { parseExemptionsDoc } from '../../src/policy/exemptions.js';
import { readResourceStream, ScanError } from '../../src/policy/stream-input.js';
import { runMain } from '../helpers/cli.js';
import { SECRET, serviceTags, tpl } from './inputs.js';

// One regression test per class the hostile campaign (test/hostile, `npm run hostile`) found open after
// the first fixes of issue 13; the campaign's sample (sample.test.ts) replays each end to end.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('escapes: everything printed passes terminalSafe at the edge', () => {
  it('leaves no unsafe character but the sequences il5ml allowed itself (property)', () => {
    const own = new Set(['\u001b[31m', '\u001b[0m', '\r\u001b[2K']);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\u001b[31m', '\u001b[0m', '\r\u001b[2K', '\u001b[2J', '\u009b'))), (parts) => {
        const text = parts.join('');
        const none = terminalSafe(text);
        expect(UNSAFE.test(none.replace(/\r\n/g, '\n'))).toBe(false);
        const allowed = terminalSafe(text, own);
        let rest = allowed;
        for (const s of own) rest = rest.split(s).join('');
        expect(UNSAFE.test(rest.replace(/\r\n/g, '\n'))).toBe(false);
      }),
    );
  });

  it('keeps JSON the same JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(terminalSafe(JSON.stringify(v)))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
    expect(JSON.parse(terminalSafe(JSON.stringify({ a: '\u009b\u202e\u2028' })))).toEqual({ a: '\u009b\u202e\u2028' });
    expect(terminalSafe('a,b\r\nc\rd')).toBe('a,b\r\nc\\u000dd');
  });
});

describe('encoding: files are UTF-8 (a BOM allowed) or UTF-16 with a BOM; invalid UTF-8 is refused where it is', () => {
  it('finds the first invalid byte exactly where Node would put U+FFFD (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const at = firstInvalidUtf8(buf);
        expect(Buffer.from(buf.subarray(0, at).toString('utf8'), 'utf8').equals(buf.subarray(0, at))).toBe(true);
        // Valid to the end exactly when the bytes survive a decode and encode unchanged.
        expect(at === buf.length).toBe(Buffer.from(buf.toString('utf8'), 'utf8').equals(buf));
      }),
    );
    expect(decodeText(Buffer.from([0x7b, 0x0a, 0x20, 0xff, 0x7d]))).toEqual({ error: 'is not valid UTF-8: at line 2, column 2 (byte 3: ff 7d)' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]))).toEqual({ text: '\ufeff{"a":1}' });
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"a":1}', 'utf16le').swap16()]))).toEqual({ text: '\ufeff{"a":1}' });
  });

  it('a template saved by Windows PowerShell (UTF-16LE) expands; one with invalid UTF-8 is exit 2 at its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-enc-'));
    writeFileSync(join(dir, 'u16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(tpl()), 'utf16le')]));
    writeFileSync(join(dir, 'bad.json'), Buffer.concat([Buffer.from('{\n"a": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    expect((await runMain(['expand', 'u16.json'], { cwd: dir })).code).toBe(0);
    const bad = await runMain(['expand', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not valid UTF-8: at line 2, column 7 (byte 8: c3 28 22 7d)');
  });

  it('a key with a raw control character, or a byte that is not UTF-8, in a streamed resource list is a syntax error, not an exception or U+FFFD', async () => {
    const text = '{"val\u0000ue": [{"id": "x"}]}';
    const got = await readResourceStream('r.json', [text], () => undefined).catch((e: unknown) => e);
    expect(got).toBeInstanceOf(ScanError);
    const bytes = await readResourceStream('r.json', [Buffer.from('[{"id": "'), Buffer.from([0xff]), Buffer.from('"}]')], () => undefined).catch((e: unknown) => e);
    expect(bytes).toBeInstanceOf(ScanError);
  });
});

describe('secrets: no echo of values that may be secret', () => {
  it('--arm-endpoint with a user name and password is refused without showing them', () => {
    expect(() => httpsEndpoint('--arm-endpoint', `https://u:${SECRET}@127.0.0.1:9/`)).toThrow(/must not hold a user name or password/);
    try {
      httpsEndpoint('--arm-endpoint', `https://u:${SECRET}@[::1`);
    } catch (e) {
      expect(String((e as { diagnostics?: { message: string }[] }).diagnostics?.[0]?.message)).not.toContain(SECRET);
    }
  });

  it('--parameters errors name the parameter, never its value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-kv-'));
    writeFileSync(join(dir, 't.json'), JSON.stringify(tpl({ parameters: { o: { type: 'secureObject' } } })));
    const r = await runMain(['expand', 't.json', '--parameters', `o={${SECRET}`, '--parameters', `typo=${SECRET}`], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--parameters typo=…:');
    expect(r.stderr).not.toContain(SECRET);
  });

  it("deployment() shows a secure parameter's defaultValue withheld", () => {
    const text = JSON.stringify(tpl({ parameters: { pw: { type: 'securestring', defaultValue: SECRET } }, outputs: { d: { type: 'object', value: '[deployment()]' } } }));
    const r = expandTemplate({ text, file: 't.json' });
    expect(JSON.stringify(r.outputs)).not.toContain(SECRET);
  });
});

describe('size and work: problems located in linear time, lists of problems bounded', () => {
  it('lineLocator agrees with lineColumn at every offset (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', 'é') }), fc.nat(), (text, n) => {
        const at = text.length ? n % (text.length + 1) : 0;
        expect(lineLocator(text)(at)).toEqual(lineColumn(text, at));
      }),
    );
  });

  it('a service tags file with 5,000 bad prefixes lists the first 1,000 and counts the rest', () => {
    const r = parseServiceTags(serviceTags(Array.from({ length: 5000 }, (_, i) => `999.${i}.0.0/8`)), 'st.json');
    expect(r.diagnostics).toHaveLength(1001);
    expect(r.diagnostics[1000]?.message).toBe('st.json: 59000 more prefixes are not valid CIDR blocks (the first 1000 are listed)');
  });

  it('an exemption that is a list of 100,000 items is one error, not one per item', () => {
    const r = parseExemptionsDoc('ex.json', { exemptions: [new Array<number>(100_000).fill(0), 'x'] });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['ex.json: exemptions[0] is not an object', 'ex.json: exemptions[1] is not an object']);
  });

  it('a spec past 1 MiB is refused before the YAML library sees it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-spec-'));
    writeFileSync(join(dir, 's.yaml'), `prefix: hx\ntags:\n${'  k: v\n'.repeat(200_000)}`);
    const r = await runMain(['dns', '--spec', 's.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is 1400017 bytes, more than the 1048576 bytes a spec may hold/);
  });

  it('union() of objects with 100,000 keys merges case-insensitively', () => {
    const o = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const text = JSON.stringify(tpl({ variables: { o, p: { K1: 'x' } }, outputs: { n: { type: 'int', value: "[length(union(variables('o'), variables('o'), variables('p')))]" }, v: { type: 'string', value: "[union(variables('o'), variables('p')).k1]" } } }));
    const r = expandTemplate({ text, file: 't.json' });
    expect(r.outputs).toMatchObject({ n: { value: 100_000 }, v: { value: 'x' } });
  });
});
