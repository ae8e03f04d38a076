/**
 * Loading the compiled addon. It is built at install time (scripts/install.cjs); when the build
 * was skipped or failed, build/status.json says why and every caller gets that reason instead of
 * an addon, so sparsekit keeps running on the stock tfjs kernels.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The functions the C addon exports (all synchronous, all on Float32Array/Int32Array views). */
export interface NativeAddon {
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    aOffsets: Int32Array | null,
    bOffsets: Int32Array | null,
    batches: number,
  ): void;
  epilogue(
    c: Float32Array,
    rows: number,
    cols: number,
    bias: Float32Array | null,
    biasMode: number,
    activation: number,
    alpha: number,
    prelu: Float32Array | null,
    preluMode: number,
  ): void;
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, geometry: Int32Array): void;
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  depthwise(x: Float32Array, w: Float32Array, y: Float32Array, geometry: Int32Array): void;
  depthwiseBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  depthwiseBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  setThreads(n: number): void;
  getThreads(): number;
  blas(): string;
  /** Host kernels (float32 data, float64 accumulation), handed to `@sparsekit/tensor`'s `setHostKernels`. */
  l1BallRows(x: Float32Array, out: Float32Array, rows: number, cols: number, radii: Float64Array): void;
  simplexRows(x: Float32Array, out: Float32Array, rows: number, cols: number, radii: Float64Array): void;
  transposeTimes(X: Float32Array, rows: number, cols: number, v: Float64Array, out: Float64Array): void;
  firstPass(X: Float32Array, rows: number, cols: number, v: Float64Array, g: Float64Array, norm2: Float64Array): void;
  gatherColumns(X: Float32Array, rows: number, cols: number, columns: Int32Array, out: Float64Array): void;
  /**
   * One Adam step (tfjs's float32 arithmetic) over x, m, v, g into xOut, mOut, vOut (which may be
   * the inputs); constants: [β1, 1 − β1, β2, 1 − β2, 1 − β1^t, 1 − β2^t, ε, −lr].
   */
  adam(
    x: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    xOut: Float32Array,
    mOut: Float32Array,
    vOut: Float32Array,
    constants: Float32Array,
  ): void;
}

/** The addon, or why there is none. */
export type AddonLoad =
  | { readonly ok: true; readonly addon: NativeAddon; readonly path: string }
  | { readonly ok: false; readonly reason: string };

/** Environment variable: `0`, `false`, `off` or `no` disable the native kernels. */
export const NATIVE_ENV_VAR = 'SPARSEKIT_NATIVE';

const packageRoot = new URL('../', import.meta.url);
/** Where the install step puts the binary (node-gyp's Release directory). */
export const DEFAULT_ADDON_PATH = fileURLToPath(new URL('build/Release/sparsekit_native.node', packageRoot));

/**
 * True unless `SPARSEKIT_NATIVE` turns the native kernels off.
 *
 * @example
 * ```ts
 * import { nativeEnabledByEnv } from '@sparsekit/native';
 * nativeEnabledByEnv(); // false when SPARSEKIT_NATIVE=0
 * ```
 */
export function nativeEnabledByEnv(): boolean {
  const value = (typeof process !== 'undefined' ? process.env[NATIVE_ENV_VAR] : undefined)?.trim().toLowerCase();
  return !['0', 'false', 'off', 'no'].includes(value ?? '');
}

function buildReason(): string {
  try {
    const status = JSON.parse(fs.readFileSync(fileURLToPath(new URL('build/status.json', packageRoot)), 'utf8')) as { reason?: string };
    if (status.reason) return `the install step did not build it: ${status.reason}`;
  } catch {
    // No status file: the install step never ran (e.g. a copied node_modules).
  }
  return 'the addon is not built (run `npm rebuild @sparsekit/native`)';
}

const cache = new Map<string, AddonLoad>();

/**
 * Loads the addon from `path` (default: the one built at install). Never throws: a missing or
 * broken binary gives `{ ok: false, reason }`.
 *
 * @example
 * ```ts
 * import { loadAddon } from '@sparsekit/native';
 * const load = loadAddon();
 * console.log(load.ok ? load.addon.blas() : load.reason);
 * ```
 */
export function loadAddon(path: string = DEFAULT_ADDON_PATH): AddonLoad {
  const cached = cache.get(path);
  if (cached) return cached;
  let result: AddonLoad;
  if (!fs.existsSync(path)) {
    result = { ok: false, reason: path === DEFAULT_ADDON_PATH ? buildReason() : `no addon at ${path}` };
  } else {
    try {
      const addon = createRequire(import.meta.url)(path) as NativeAddon;
      result = { ok: true, addon, path };
    } catch (error) {
      result = { ok: false, reason: `the addon failed to load: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  cache.set(path, result);
  return result;
}
