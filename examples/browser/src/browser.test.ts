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
import { expectClose, skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { buildPage } from './build-page.js';
import { pageProblems } from './problems.js';
import type { PageOutput } from './protocol.js';
import { serveFolder, type StaticServer } from './serve.js';

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
const NO_CHROMIUM = `Chromium not found at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium; .ci/run does it)`;
const problems = pageProblems();

let dir: string;
let server: StaticServer;
let isolated: StaticServer;
let context: BrowserContext;

interface Visit {
  readonly query?: string;
  readonly from?: StaticServer;
  /** What navigator.hardwareConcurrency reports (tfjs-backend-wasm sizes its thread pool from it). */
  readonly cores?: number;
}

/** Opens the page and waits (without a time limit: the test's own timeout is the only guard) for its result. */
async function openPage({ query = '', from = server, cores }: Visit = {}): Promise<{ output: PageOutput; problems: string[] }> {
  const page = await context.newPage();
  if (cores !== undefined) {
    await page.addInitScript((n) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => n }), cores);
  }
  const seen: string[] = [];
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!/^(blob:|data:)/.test(r.url()) && !r.url().startsWith(from.url)) seen.push(`request outside the local server: ${r.url()}`);
  });
  await page.goto(`${from.url}index.html${query}`);
  await page.waitForFunction(() => window.sparsekitResult !== undefined, undefined, { timeout: 0, polling: 100 });
  const output = (await page.evaluate(() => window.sparsekitResult)) as PageOutput;
  await page.close();
  return { output, problems: seen };
}

/** The page solved on wasm with SIMD and `threads` threads, and its answers match the float64 references. */
function expectSolved(output: PageOutput, threads: number): void {
  if (output.kind !== 'solved') throw new Error(`the page did not solve: ${JSON.stringify(output)}`);
  expect(output.selected).toEqual({ name: 'wasm', simd: true, threads, native: [], nativeReason: 'native kernels need Node' });
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
}

describe('the bundled page in headless Chromium (wasm backend)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return;
    dir = mkdtempSync(join(tmpdir(), 'sparsekit-browser-'));
    await buildPage(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'data.json'), JSON.stringify(problems.input));
    server = await serveFolder(join(dir, 'site'));
    isolated = await serveFolder(join(dir, 'site'), { crossOriginIsolated: true });
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS });
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    await isolated?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('solves a Lasso and takes an SFW step on wasm with SIMD, matching float64 references', async (ctx) => {
    skipUnlessInstalled(ctx, existsSync(CHROMIUM) ? undefined : NO_CHROMIUM);
    // A near-tie between the two largest gradient entries would let float32 rounding pick the other vertex.
    expect(problems.sfwMargin).toBeGreaterThan(1e-3);
    const { output, problems: seen } = await openPage();
    expect(seen).toEqual([]);
    expectSolved(output, 1);
    if (output.kind === 'solved') {
      expect(output.tensorflowBackend).toBe(
        'name: expected a backend that loads here, got "tensorflow". Loading failed: the tfjs-node backends run in Node only; ' +
          'in a browser use wasm (or cpu)',
      );
    }
    expect(server.requested.filter((p) => p.endsWith('.wasm'))).toEqual(['/wasm/tfjs-backend-wasm-simd.wasm']);
  });

  it('reports binaries it cannot fetch (no install advice), and tfjs then refuses ops instead of using another backend', async (ctx) => {
    skipUnlessInstalled(ctx, existsSync(CHROMIUM) ? undefined : NO_CHROMIUM);
    const missing = `${server.url}missing/`;
    const { output } = await openPage({ query: `?wasmPaths=${encodeURIComponent(missing)}` });
    if (output.kind !== 'backend-failed') throw new Error(`expected the wasm request to fail: ${JSON.stringify(output)}`);
    expect(output.argument).toBe('name');
    expect(output.message).toContain(`could not be fetched from ${missing}tfjs-backend-wasm-simd.wasm`);
    expect(output.message).toContain('wasmPaths');
    expect(output.message).not.toMatch(/npm install|not installed/);
    expect(output.op.ran).toBe(false);
    if (!output.op.ran) expect(output.op.error).toMatch(/backend 'wasm' has not yet been initialized/);
  });

  it('asks for cross-origin isolation when threads are requested without SharedArrayBuffer; tfjs then refuses ops', async (ctx) => {
    skipUnlessInstalled(ctx, existsSync(CHROMIUM) ? undefined : NO_CHROMIUM);
    const { output } = await openPage({ query: '?threads=2' });
    if (output.kind !== 'backend-failed') throw new Error(`expected the threaded request to fail: ${JSON.stringify(output)}`);
    expect(output.argument).toBe('threads');
    expect(output.message).toMatch(/^threads: expected 1 in a page without SharedArrayBuffer .*Cross-Origin-Opener-Policy: same-origin/);
    expect(output.op.ran).toBe(false);
  });

  it('runs the threaded SIMD binary in a cross-origin-isolated page, 2 threads where enough cores are reported', async (ctx) => {
    skipUnlessInstalled(ctx, existsSync(CHROMIUM) ? undefined : NO_CHROMIUM);
    const one = await openPage({ query: '?threads=1', from: isolated });
    expect(one.problems).toEqual([]);
    expectSolved(one.output, 1);
    expect(isolated.requested.filter((p) => p.endsWith('.wasm'))).toEqual(['/wasm/tfjs-backend-wasm-threaded-simd.wasm']);
    // tfjs-backend-wasm uses about half the cores navigator.hardwareConcurrency reports: with 2, a second thread is
    // refused; with 8 reported (the machine may have fewer), 2 threads start.
    const refused = await openPage({ query: '?threads=2', from: isolated, cores: 2 });
    if (refused.output.kind !== 'backend-failed') throw new Error(`expected 2 threads on 2 cores to fail: ${JSON.stringify(refused)}`);
    expect(refused.output.message).toMatch(/^threads: expected at most 1: wasm started with 1 thread\(s\)/);
    const two = await openPage({ query: '?threads=2', from: isolated, cores: 8 });
    expect(two.problems).toEqual([]);
    expectSolved(two.output, 2);
  });
});
