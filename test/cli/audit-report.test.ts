/**
 * What `il5ml audit`'s assessor formats (oscal, md, html) say was assessed and when, against a real HTTPS
 * server on 127.0.0.1 (test/helpers/arm-server.ts) with a stand-in `az` for `--auth cli`.
 *
 * They were written without a context: the OSCAL assessment results were dated 1970-01-01T00:00:00Z
 * (last-modified, start, end, collected), titled "il5ml check", with no scope; two audits of different
 * subscriptions had the same document UUID; the markdown and HTML named no scope and no date.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAz, runLive, startArmServer, type ArmServer } from '../helpers/arm-server.js';
import { unicodeValidator } from '../helpers/schema.js';
import { estateOf, smallEstate, SUB_A, SUB_B } from '../azure/estates.js';
import { defLogs, defPurge, set } from '../helpers/test-initiative.js';
import { sharedPath } from '../conformance/shared.js';

let dir = '';
let server: ArmServer;
let az = '';
const arm = (): string[] => ['--arm-endpoint', server.url, '--auth', 'cli'];
// 2026-12-07T00:00:00Z: the date the audit ran, as reproducible builds give it.
const EPOCH = { SOURCE_DATE_EPOCH: '1796601600' };
const run = (args: string[]) => runLive(args, server, { cwd: dir, azDir: az, env: EPOCH });

interface Oscal {
  'assessment-results': {
    uuid: string;
    metadata: { title: string; 'last-modified': string; remarks: string };
    results: { title: string; start: string; end: string; observations: { collected: string }[] }[];
    'back-matter': { resources: { title: string; description?: string; rlinks?: { href: string; hashes?: { value: string }[] }[] }[] };
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-audit-report-'));
  mkdirSync(join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'policies', 'set.json'), JSON.stringify(set));
  writeFileSync(join(dir, 'policies', 'purge.json'), JSON.stringify(defPurge));
  writeFileSync(join(dir, 'policies', 'logs.json'), JSON.stringify(defLogs));
  server = await startArmServer(estateOf(smallEstate(), [SUB_A, SUB_B]));
  az = fakeAz();
});
afterAll(async () => {
  await server.close();
});

describe('il5ml audit --format oscal|md|html: what was assessed, and when', () => {
  it('OSCAL: dated when the audit ran, named an audit of its scope, the export with its SHA-256, valid against NIST\'s 1.1.3 schema', async () => {
    const a = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--format', 'oscal', '--out', 'a.oscal.json', '--export', 'a-export.json', ...arm()]);
    expect(a.code, a.stderr).toBe(1);
    const doc = JSON.parse(readFileSync(join(dir, 'a.oscal.json'), 'utf8')) as Oscal;
    const validate = unicodeValidator(sharedPath('oscal', 'oscal_complete_schema-1.1.3.json'));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const ar = doc['assessment-results'];
    const when = '2026-12-07T00:00:00Z';
    expect(ar.metadata['last-modified']).toBe(when);
    const result = ar.results[0];
    expect([result?.start, result?.end]).toEqual([when, when]);
    expect(result?.observations.length).toBeGreaterThan(0);
    expect(result?.observations.every((o) => o.collected === when)).toBe(true);
    expect(ar.metadata.title).toBe(`IL5 assessment results: audit of subscription ${SUB_A}`);
    expect(result?.title).toBe('il5ml audit');
    expect(ar.metadata.remarks).toContain('(il5ml audit --format oscal)');
    expect(JSON.stringify(doc)).not.toContain('il5ml check');
    const sha = createHash('sha256').update(readFileSync(join(dir, 'a-export.json'))).digest('hex');
    const input = ar['back-matter'].resources.find((r) => r.title === 'Input a-export.json');
    expect(input?.rlinks).toEqual([{ href: 'a-export.json', hashes: [{ algorithm: 'SHA-256', value: sha }] }]);
    const plan = ar['back-matter'].resources.find((r) => r.title.startsWith('il5ml audit'));
    expect(plan?.description).toContain(`subscription ${SUB_A}`);
    expect(plan?.description).toContain(sha);
  });

  it('OSCAL: two audits of two subscriptions (no --export) are two documents; the same audit twice is the same one', async () => {
    const uuids: string[] = [];
    for (const [sub, out] of [[SUB_A, 'x1'], [SUB_B, 'x2'], [SUB_A, 'x3']] as const) {
      const a = await run(['audit', '--subscription', sub, '--policy', 'policies', '--format', 'oscal', '--out', `${out}.oscal.json`, ...arm()]);
      expect(a.code, a.stderr).toBe(1);
      uuids.push((JSON.parse(readFileSync(join(dir, `${out}.oscal.json`), 'utf8')) as Oscal)['assessment-results'].uuid);
    }
    expect(uuids[0]).not.toBe(uuids[1]);
    expect(uuids[2]).toBe(uuids[0]);
    expect(readFileSync(join(dir, 'x3.oscal.json'), 'utf8')).toBe(readFileSync(join(dir, 'x1.oscal.json'), 'utf8'));
  });

  it('markdown and HTML name the scope, the resources read, the initiative and the date', async () => {
    for (const format of ['md', 'html']) {
      const a = await run(['audit', '--subscription', SUB_A, '--resource-group', 'rg-il5', '--policy', 'policies', '--format', format, '--out', `r.${format}`, ...arm()]);
      expect(a.code, a.stderr).toBe(1);
      const text = readFileSync(join(dir, `r.${format}`), 'utf8');
      const scope = `resource group rg-il5 in subscription ${SUB_A}`;
      expect(text).toContain(`IL5 audit: ${scope}`);
      expect(text).toContain(format === 'md' ? `| Azure scope | ${scope} |` : `<tr><th>Azure scope</th><td>${scope}</td></tr>`);
      expect(text).toMatch(/Resources read.*SHA-256 (`|<code>)[0-9a-f]{64}/);
      expect(text).toContain(set.properties.displayName);
      expect(text).toContain('2026-12-07T00:00:00Z');
      if (format === 'md') expect(text).toContain('## Unknown: cannot be decided from what il5ml reads of the deployed resources');
    }
  });
});

describe('il5ml audit --format sarif: one code scanning category per scope', () => {
  it('automationDetails.id names the scope, as check\'s names the input', async () => {
    const ids: string[] = [];
    for (const [args, out] of [[['--subscription', SUB_A], 's1'], [['--subscription', SUB_B], 's2'], [['--subscription', SUB_A, '--resource-group', 'rg-il5'], 's3']] as const) {
      const a = await run(['audit', ...args, '--policy', 'policies', '--format', 'sarif', '--out', `${out}.sarif`, ...arm()]);
      expect(a.code, a.stderr).toBe(1);
      ids.push((JSON.parse(readFileSync(join(dir, `${out}.sarif`), 'utf8')) as { runs: { automationDetails?: { id: string } }[] }).runs[0]?.automationDetails?.id ?? '');
    }
    expect(ids).toEqual([`il5ml/audit/${SUB_A}/`, `il5ml/audit/${SUB_B}/`, `il5ml/audit/${SUB_A}+rg-il5/`]);
  });
});

describe('il5ml audit --format sarif without --export', () => {
  it('warns that its results point at no file; with --export they point into it', async () => {
    type Sarif = { runs: { results: { locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[] }[] };
    const bare = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--format', 'sarif', '--out', 'w1.sarif', ...arm()]);
    expect(bare.code, bare.stderr).toBe(1);
    expect(bare.stderr).toContain('--format: warning IL5-AUDIT-SARIF: --format sarif without --export: the results point at no file');
    expect(bare.stderr).toContain('fix: add --export FILE');
    const located = (f: string): boolean[] => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Sarif).runs[0]?.results.map((r) => r.locations[0]?.physicalLocation !== undefined) ?? [];
    expect(located('w1.sarif').length).toBeGreaterThan(0);
    expect(located('w1.sarif').every((x) => !x)).toBe(true);
    const kept = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--format', 'sarif', '--out', 'w2.sarif', '--export', 'w2-export.json', ...arm()]);
    expect(kept.code, kept.stderr).toBe(1);
    expect(kept.stderr).not.toContain('IL5-AUDIT-SARIF');
    expect(located('w2.sarif').every((x) => x)).toBe(true);
  });
});
