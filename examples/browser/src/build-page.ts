/**
 * Bundles the page for browsers with esbuild and lays out a folder to serve: index.html, the
 * bundle, and the three .wasm binaries of tfjs-backend-wasm under wasm/ (bundlers do not copy
 * them; the page passes that folder as `wasmPaths`). `platform: 'browser'` resolves every
 * package with the "browser"/"default" conditions, so a `node:` import anywhere in the graph
 * fails the build.
 *
 * Run directly (`npm run build:page -w @sparsekit-examples/browser [outdir]`) to get a folder
 * you can serve with any static server.
 */
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

const HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>sparsekit in the browser</title></head>
<body><script type="module" src="./page.js"></script></body>
</html>
`;

/**
 * Writes the servable page into `outdir`. `fromSource` resolves the workspace packages to their
 * TypeScript sources (the `@sparsekit/source` condition) instead of their built dist/.
 */
export async function buildPage(outdir: string, { fromSource = true } = {}): Promise<esbuild.Metafile> {
  mkdirSync(join(outdir, 'wasm'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [join(here, 'page.ts')],
    outfile: join(outdir, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: fromSource ? ['@sparsekit/source'] : [],
    metafile: true,
    logLevel: 'silent',
  });
  writeFileSync(join(outdir, 'index.html'), HTML);
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const file of WASM_BINARIES) copyFileSync(join(wasmDir, file), join(outdir, 'wasm', file));
  return result.metafile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = resolve(process.argv[2] ?? 'page-dist');
  await buildPage(outdir);
  const { pageProblems } = await import('./problems.js');
  writeFileSync(join(outdir, 'data.json'), JSON.stringify(pageProblems().input));
  console.log(`page written to ${outdir}: serve it over http (not file://) and open index.html`);
}
