import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { buildReport } from './html.js';
import { EXPECTED_BARS, EXPECTED_PLOTS, EXPECTED_TABLES, FIXTURE_METADATA, fixtureRecords } from './report-fixture.test-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('the report in a real browser', () => {
  it('opens offline in headless Chromium without console errors and shows every plot', async (ctx) => {
    skipUnlessInstalled(
      ctx,
      existsSync(CHROMIUM)
        ? undefined
        : `Chromium not found at ${CHROMIUM}: the browser check needs it (apt-get install -y chromium; .ci/run does it)`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'bench-browser-'));
    const file = join(dir, 'report.html');
    const { html } = await buildReport(await fixtureRecords(), FIXTURE_METADATA);
    writeFileSync(file, html);
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request: ${r.url()}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network: ${r.url()}`);
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(await page.locator('figure.plot > svg').count()).toBe(EXPECTED_PLOTS);
      expect(await page.locator('table').count()).toBe(EXPECTED_TABLES);
      const sizes = await page
        .locator('figure.plot > svg')
        .evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => r.width * r.height));
      expect(sizes.every((area) => area > 10_000)).toBe(true);
      // Every chart draws its marks: bars with a visible area, lines through at least two points.
      const marks = await page.locator('figure.plot > svg').evaluateAll((svgs) =>
        svgs.map((svg) => {
          const box = (e: Element): DOMRect => (e as SVGGraphicsElement).getBBox();
          const bars = Array.from(svg.querySelectorAll('[aria-roledescription="bar"]'))
            .map(box)
            .map((b) => [b.width, b.height]);
          const lines = Array.from(svg.querySelectorAll('[aria-roledescription="line mark"]')).map(
            (l) => ((l as SVGPathElement).getAttribute('d') ?? '').split(/[ML]/).filter((s) => s.trim() !== '').length,
          );
          return { title: svg.getAttribute('aria-label') ?? '', bars, lines };
        }),
      );
      const broken = marks.flatMap((m, i) => [
        ...(m.bars.length + m.lines.length === 0 ? [`plot ${i + 1} draws nothing`] : []),
        ...m.bars.filter(([w, h]) => !(w > 0 && h > 0)).map(([w, h]) => `plot ${i + 1}: bar ${w}×${h}`),
        ...m.lines.filter((n) => n < 2).map((n) => `plot ${i + 1}: line with ${n} points`),
      ]);
      expect(broken).toEqual([]);
      expect(marks.reduce((n, m) => n + m.bars.length, 0)).toBe(EXPECTED_BARS);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
