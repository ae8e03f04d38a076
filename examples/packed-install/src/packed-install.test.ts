/**
 * sparsekit as a user gets it: every package packed with `npm pack`, installed from the tarballs
 * into an empty folder (third-party dependencies from the registry), then used from there: every
 * public entry loads, a Lasso solves on wasm, CommonJS code loads it with import(), the bench CLI
 * runs, the installed packages bundle for browsers, and each package declares what its built code
 * imports. Installing takes about a minute, so nothing here has a time limit.
 */
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedPackages, installConsumer, packAll, PACKAGES, publicEntries, readPackageJson, sh, type PackageJson } from './consumer.js';
import { CJS_SMOKE, esmSmoke } from './smoke-scripts.js';

const UNTIMED = 0;
let dir: string;
let app: string;
const installed = new Map<string, { dir: string; pkg: PackageJson }>();

describe('installing sparsekit from packed tarballs into an empty folder', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sparsekit-packed-'));
    app = join(dir, 'app');
    const tarballs = await packAll(join(dir, 'tarballs'));
    expect(tarballs).toHaveLength(PACKAGES.length);
    await installConsumer(app, tarballs);
    for (const name of PACKAGES) {
      const packageDir = join(app, 'node_modules', '@sparsekit', name);
      installed.set(name, { dir: packageDir, pkg: readPackageJson(packageDir) });
    }
  }, UNTIMED);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each package declares every package its built code imports, fp-ts included where results are Either', () => {
    for (const [name, { dir: packageDir, pkg }] of installed) {
      const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
      const undeclared = [...importedPackages(packageDir)].filter(([imported]) => !declared.has(imported) && imported !== pkg.name);
      expect(
        undeclared.map(([imported, files]) => `${imported} (${files[0]})`),
        name,
      ).toEqual([]);
      if (importedPackages(packageDir).has('fp-ts')) expect(pkg.dependencies?.['fp-ts'], `${name} dependencies`).toBeDefined();
    }
  });

  it(
    'loads every public entry in Node and solves a Lasso on wasm (ESM)',
    async () => {
      const entries = [...installed.values()].flatMap(({ pkg }) => publicEntries(pkg));
      writeFileSync(join(app, 'smoke.mjs'), esmSmoke(entries));
      const out = JSON.parse((await sh(process.execPath, ['smoke.mjs'], app)).trim().split('\n').pop()!);
      expect(Object.keys(out.loaded).sort()).toEqual([...entries].sort());
      expect(out.backend).toMatchObject({ name: 'wasm', simd: true, threads: 1 });
      // The installed @sparsekit/native either built (its kernels are listed) or says why not.
      expect(out.backend.native.length > 0 || typeof out.backend.nativeReason === 'string').toBe(true);
      // X = I, n = 2: w_j = sign(y_j)·max(|y_j| − nλ, 0) = [0.8, 0].
      expect(out.lasso.status).toBe('converged');
      expect(out.lasso.x[0]).toBeCloseTo(0.8, 6);
      expect(out.lasso.x[1]).toBe(0);
    },
    UNTIMED,
  );

  it(
    'loads from CommonJS through import()',
    async () => {
      writeFileSync(join(app, 'smoke.cjs'), CJS_SMOKE);
      const out = JSON.parse((await sh(process.execPath, ['smoke.cjs'], app)).trim().split('\n').pop()!);
      expect(out.backend).toBe('cpu');
      // Projection of (3, 1) onto the unit L1 ball: soft-threshold at θ = 2 → (1, 0).
      expect(out.projected[0]).toBeCloseTo(1, 6);
      expect(out.projected[1]).toBe(0);
      // The READMEs promise require() only on Node versions with require(esm): 20.19+ and 22.12+.
      const [major, minor] = process.versions.node.split('.').map(Number);
      if ((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22) expect(out.viaRequire).toBe('function');
    },
    UNTIMED,
  );

  it(
    'runs the bench CLI from the installed bin',
    async () => {
      const listing = await sh(join(app, 'node_modules', '.bin', 'sparsekit-bench'), ['list', '--suite', 'quick'], app);
      expect(listing).toMatch(/^Suites/);
      expect(listing).toMatch(/\bsolvers\b/);
    },
    UNTIMED,
  );

  it(
    'bundles the installed library packages for browsers (their dist, default conditions; native and bench are Node-only)',
    async () => {
      const entries = PACKAGES.filter((name) => name !== 'bench' && name !== 'native').flatMap((name) =>
        publicEntries(installed.get(name)!.pkg),
      );
      const result = await esbuild.build({
        stdin: { contents: entries.map((e, i) => `export * as m${i} from '${e}';`).join('\n'), resolveDir: app, loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((file) => file.includes('@sparsekit/tensor/dist/backend/platform/browser.js'))).toBe(true);
      expect(inputs.filter((file) => file.includes('platform/node'))).toEqual([]);
    },
    UNTIMED,
  );
});
