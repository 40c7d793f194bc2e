import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runMain } from '../helpers/cli.js';

/**
 * The HTML report in a real browser (Debian's chromium driven by playwright-core): the default plan's
 * template, checked and written as HTML, opened from a file: URL with every request routed and refused
 * unless it is the file itself or a data: URL. Screenshots go to test-output/browser/ (gitignored).
 *
 * Chromium is a system package: .ci/run installs it. Without it this suite fails under CI=true and, on a
 * developer's machine, is skipped with a message saying so (npm test must pass on a fresh clone).
 */
const CHROMIUM = process.env.IL5ML_CHROMIUM ?? '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const OUT = resolve(REPO_ROOT, 'test-output', 'browser');

if (!HAVE && process.env.CI) {
  describe('HTML report in chromium', () => {
    it('needs chromium', () => {
      throw new Error(`chromium not found at ${CHROMIUM}: CI must install it (apt-get install -y chromium), as .ci/run does`);
    });
  });
} else if (!HAVE) {
  console.warn(`SKIPPED: the browser test of the HTML report needs chromium at ${CHROMIUM} (apt-get install -y chromium, or set IL5ML_CHROMIUM)`);
  describe.skip('HTML report in chromium (chromium missing)', () => {
    it('skipped', () => undefined);
  });
} else {
  describe('HTML report in chromium', () => {
    let dir = '';
    let browser: BrowserContext;
    let summary: { byCompliance: Record<string, number>; total: number };
    let subnets: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'il5ml-html-'));
      expect((await runMain(['plan', '--out', join(dir, 'out')], { cwd: dir })).code).toBe(0);
      const tpl = join('out', 'azuredeploy.json');
      const html = await runMain(['check', tpl, '--format', 'html,json', '--out-dir', 'reports', '--list', 'all'], { cwd: dir });
      expect(html.stderr).toMatch(/^il5ml check: \d+ verdicts/m);
      summary = (JSON.parse(readFileSync(join(dir, 'reports', 'azuredeploy.json'), 'utf8')) as { summary: typeof summary }).summary;
      // The subnets, read from the expanded template (not from the diagram code).
      const x = await runMain(['expand', tpl], { cwd: dir });
      const doc = JSON.parse(x.stdout) as { resources: { type: string; name: string; properties?: { subnets?: { name: string }[] } }[] };
      subnets = doc.resources
        .flatMap((r) => (r.type === 'Microsoft.Network/virtualNetworks' ? (r.properties?.subnets ?? []).map((s) => s.name) : r.type === 'Microsoft.Network/virtualNetworks/subnets' ? [r.name.split('/').pop() ?? ''] : []))
        .filter((n) => n);
      expect(subnets.length).toBeGreaterThan(0);
      mkdirSync(OUT, { recursive: true });
      // A fresh profile (the --user-data-dir flag, which playwright takes as this argument).
      browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'il5ml-chromium-')), {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1400, height: 1000 },
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('opens with no console error and no network request; counts, filters, search and the diagram work', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      const refused: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith('file:') || url.startsWith('data:')) await route.continue();
        else {
          refused.push(url);
          await route.abort();
        }
      });
      const file = join(dir, 'reports', 'azuredeploy.html');
      await page.goto(pathToFileURL(file).href);

      // Counts shown are the report's.
      for (const [verdict, n] of Object.entries(summary.byCompliance)) {
        expect(await page.textContent(`[data-count="${verdict}"]`)).toBe(String(n));
      }
      expect(await page.textContent('[data-count="total"]')).toBe(String(summary.total));
      const rows = page.locator('#results tbody tr');
      expect(await rows.count()).toBe(summary.total);
      await page.screenshot({ path: join(OUT, 'report-top.png') });

      // The verdict filter shows exactly the rows of that verdict.
      for (const verdict of ['NonCompliant', 'Compliant']) {
        await page.selectOption('#f-verdict', verdict);
        const n = summary.byCompliance[verdict] ?? -1;
        expect(await page.locator('#results tbody tr:not(.hidden)').count()).toBe(n);
        expect(await page.textContent('#shown')).toBe(`${n} of ${summary.total} shown`);
        const shown = await page.locator('#results tbody tr:not(.hidden) td:first-child').allTextContents();
        expect(new Set(shown)).toEqual(new Set(n ? [verdict] : []));
      }
      await page.selectOption('#f-verdict', '');
      // Search narrows to rows holding the text, case-insensitively.
      const sub = subnets[0] ?? '';
      await page.fill('#f-search', sub.toUpperCase());
      const hits = await page.locator('#results tbody tr:not(.hidden)').allTextContents();
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.length).toBeLessThan(summary.total);
      for (const t of hits) expect(t.toLowerCase()).toContain(sub.toLowerCase());
      await page.fill('#f-search', '');

      // The diagram is inline SVG naming every subnet.
      const svgText = (await page.locator('#network svg').textContent()) ?? '';
      for (const s of subnets) expect(svgText).toContain(s);
      await page.locator('#network').screenshot({ path: join(OUT, 'network.png') });
      await page.screenshot({ path: join(OUT, 'report-full.png'), fullPage: true });

      expect(errors).toEqual([]);
      expect(refused).toEqual([]);
      await page.close();
    }, 120_000);
  });
}
