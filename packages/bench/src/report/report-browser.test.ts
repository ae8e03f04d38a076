import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReport } from './html.js';
import { EXPECTED_PLOTS, EXPECTED_TABLES, FIXTURE_METADATA, fixtureRecords } from './report-fixture.test-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the report in a real browser', () => {
  it('opens offline in headless Chromium without console errors and shows every plot', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      ctx.skip(`Chromium not found at ${CHROMIUM}: skipping the browser check (apt-get install -y chromium; .ci/run does it)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'bench-browser-'));
    const file = join(dir, 'report.html');
    const { html } = await buildReport(await fixtureRecords(), FIXTURE_METADATA);
    writeFileSync(file, html);
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request: ${r.url()}`));
      page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network: ${r.url()}`); });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(await page.locator('figure.plot > svg').count()).toBe(EXPECTED_PLOTS);
      expect(await page.locator('table').count()).toBe(EXPECTED_TABLES);
      const sizes = await page.locator('figure.plot > svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => r.width * r.height));
      expect(sizes.every((area) => area > 10_000)).toBe(true);
      // Lines of the convergence plots actually drawn (vega emits <path> for line marks).
      expect(await page.locator('figure.plot path').count()).toBeGreaterThan(EXPECTED_PLOTS);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
