/**
 * sparsekit in a real browser: the page bundled by esbuild for `platform: 'browser'` runs in
 * headless Chromium, served from 127.0.0.1 (binaries included, nothing fetched from elsewhere),
 * solves a Lasso and takes a StochasticFrankWolfe step on the wasm backend; the answers are
 * checked against float64 references computed here.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '@sparsekit/tensor/testing';
import { buildPage } from './build-page.js';
import { pageProblems } from './problems.js';
import type { PageOutput } from './protocol.js';
import { serveFolder, type StaticServer } from './serve.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const problems = pageProblems();

let dir: string;
let server: StaticServer;
let context: BrowserContext;

/** Opens the page and waits (without a time limit: the test's own timeout is the only guard) for its result. */
async function openPage(query = ''): Promise<{ output: PageOutput; problems: string[] }> {
  const page = await context.newPage();
  const seen: string[] = [];
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(server.url)) seen.push(`request outside the local server: ${r.url()}`); });
  await page.goto(`${server.url}index.html${query}`);
  await page.waitForFunction(() => window.sparsekitResult !== undefined, undefined, { timeout: 0, polling: 100 });
  const output = (await page.evaluate(() => window.sparsekitResult)) as PageOutput;
  await page.close();
  return { output, problems: seen };
}

describe('the bundled page in headless Chromium (wasm backend)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return;
    dir = mkdtempSync(join(tmpdir(), 'sparsekit-browser-'));
    await buildPage(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'data.json'), JSON.stringify(problems.input));
    server = await serveFolder(join(dir, 'site'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS });
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('solves a Lasso and takes an SFW step on wasm with SIMD, matching float64 references', async (ctx) => {
    if (!existsSync(CHROMIUM)) ctx.skip(`Chromium not found at ${CHROMIUM}: the browser test needs it (apt-get install -y chromium; .ci/run does it)`);
    // A near-tie between the two largest gradient entries would let float32 rounding pick the other vertex.
    expect(problems.sfwMargin).toBeGreaterThan(1e-3);
    const { output, problems: seen } = await openPage();
    expect(seen).toEqual([]);
    if (output.kind !== 'solved') throw new Error(`the page did not solve: ${JSON.stringify(output)}`);
    expect(output.selected).toEqual({ name: 'wasm', simd: true, threads: 1 });
    expect(output.backend).toEqual(output.selected);
    expect(output.tfBackendAfter).toBe('wasm');
    expect(output.leakedTensors).toBe(0);
    if ('error' in output.lasso) throw new Error(`lasso returned a Left: ${output.lasso.error}`);
    expect(output.lasso.status).toBe('converged');
    const fStar = problems.references.lassoFStar;
    expect(Math.abs(output.lasso.fun - fStar) / fStar).toBeLessThan(1e-5);
    // The certificate bounds the true relative suboptimality.
    expect((output.lasso.fun - fStar) / fStar).toBeLessThanOrEqual(output.lasso.certificate + 1e-12);
    // Three float32 roundings per entry ((1 − γ)·w0, γ·s, their sum) on values of size ≤ 1.
    expectClose(Float32Array.from(output.sfw.w1), problems.references.sfwW1, { rtol: 1e-6, atol: 1e-6 });
    expect(server.requested.filter((p) => p.endsWith('.wasm'))).toEqual(['/wasm/tfjs-backend-wasm-simd.wasm']);
  });

  it('reports binaries it cannot fetch as such (no install advice), and tfjs then refuses ops instead of using another backend', async (ctx) => {
    if (!existsSync(CHROMIUM)) ctx.skip(`Chromium not found at ${CHROMIUM}: the browser test needs it (apt-get install -y chromium; .ci/run does it)`);
    const missing = `${server.url}missing/`;
    const { output } = await openPage(`?wasmPaths=${encodeURIComponent(missing)}`);
    if (output.kind !== 'backend-failed') throw new Error(`expected the wasm request to fail: ${JSON.stringify(output)}`);
    expect(output.argument).toBe('name');
    expect(output.message).toContain(`could not be fetched from ${missing}tfjs-backend-wasm-simd.wasm`);
    expect(output.message).toContain('wasmPaths');
    expect(output.message).not.toMatch(/npm install|not installed/);
    expect(output.op.ran).toBe(false);
    if (!output.op.ran) expect(output.op.error).toMatch(/backend 'wasm' has not yet been initialized/);
  });
});
