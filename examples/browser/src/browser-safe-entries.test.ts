/**
 * Every public entry of the library packages bundles for browsers: esbuild with
 * `platform: 'browser'` (conditions "browser", "import", "default") fails on any `node:` import
 * reachable from the entry. Test helpers (`/testing`) import vitest and are Node-only by design,
 * and so is @sparsekit/bench (a CLI that writes result files); both are left out.
 */
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..', '..', 'packages');
const LIBRARIES = ['tensor', 'constraints', 'solvers', 'factorization', 'robust-stats', 'models-implicit', 'models-l0'];

/** The package's public entry specifiers: '.' and every explicit subpath except test helpers. */
function publicEntries(dirName: string): string[] {
  const file = join(packagesDir, dirName, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; exports: Record<string, unknown> };
  return Object.entries(pkg.exports)
    .filter(([key, target]) => target !== null && !key.includes('*') && key !== './package.json' && !/(^|\/)testing(\/|$)/.test(key))
    .map(([key]) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
}

async function bundleForBrowser(specifier: string): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir: here, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@sparsekit/source'],
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

describe('public entries are browser-safe', () => {
  for (const dirName of LIBRARIES) {
    for (const specifier of publicEntries(dirName)) {
      it(`${specifier} bundles for the browser without Node built-ins`, async () => {
        const metafile = await bundleForBrowser(specifier).catch((error: esbuild.BuildFailure) => {
          const errors = error.errors.map((e) => `${e.location?.file ?? ''}: ${e.text}`).join('\n');
          throw new Error(`${specifier} does not bundle for browsers:\n${errors}`);
        });
        const inputs = Object.keys(metafile.inputs);
        expect(inputs.filter((file) => /node-wasm-threads|platform\/node\.ts|node_modules\/(vitest|fast-check)\//.test(file))).toEqual([]);
        expect(inputs.some((file) => file.endsWith('platform/browser.ts')) || dirName !== 'tensor').toBe(true);
      });
    }
  }
});
