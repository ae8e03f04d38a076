/**
 * Registers the native kernels over the stock ones of the cpu and wasm backends, and puts the
 * stock ones back on request. tfjs looks kernels up on every call, so the swap takes effect at
 * once, gradients included (gradients are built from the same kernels).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { loadAddon, nativeEnabledByEnv, NATIVE_ENV_VAR, type NativeAddon } from './addon.js';
import { CONV_KERNELS, convKernel } from './internal/conv-kernels.js';
import { gatherKernel } from './internal/gather-kernel.js';
import type { KernelContext, KernelImpl } from './internal/kernel-context.js';
import { batchMatMulKernel, fusedMatMulKernel } from './internal/matmul-kernels.js';
import { hasOptimizerUpdates, OPTIMIZER_KERNELS, optimizerKernel } from './internal/optimizer-kernels.js';
import { hasProjectionRows, PROJECTION_KERNELS, projectionKernel, registerProjectionGradients } from './internal/projection-kernels.js';
import type { BackendKind } from './internal/tensor-data.js';

/**
 * Every kernel the addon registers, per backend: replacements of stock kernels, then kernels of
 * their own: the host projections of `@sparsekit/constraints` (L1 ball and simplex rows) and the
 * fused Adam step of `@sparsekit/solvers`.
 */
export const NATIVE_KERNELS: readonly string[] = [
  'BatchMatMul',
  '_FusedMatMul',
  ...CONV_KERNELS,
  'GatherV2',
  ...PROJECTION_KERNELS,
  ...OPTIMIZER_KERNELS,
];

/** Backends whose tensor storage the native kernels understand. */
export const NATIVE_BACKENDS: readonly BackendKind[] = ['cpu', 'wasm'];

/** Options of {@link installNativeKernels}. */
export interface NativeKernelOptions {
  /** Backends to patch; default both. */
  readonly backends?: readonly BackendKind[];
  /** BLAS threads (OpenBLAS); default: what the BLAS chose (OPENBLAS_NUM_THREADS, else all cores). */
  readonly threads?: number;
  /** Path of the compiled addon; default: the one built at install. */
  readonly addonPath?: string;
}

/** What is installed: `available: false` comes with the reason and leaves the stock kernels in place. */
export interface NativeKernelStatus {
  readonly available: boolean;
  readonly reason?: string;
  /** BLAS build string, e.g. "OpenBLAS 0.3.21 … (core Haswell)". */
  readonly blas?: string;
  readonly threads?: number;
  /** Kernel names currently native, per backend. */
  readonly kernels: Readonly<Record<string, readonly string[]>>;
}

interface Saved {
  readonly stock: KernelConfig | undefined;
}
const installed = new Map<string, Map<string, Saved>>();
let activeAddon: NativeAddon | undefined;
let lastReason: string | undefined;

const ALLOWED_OPTIONS = ['backends', 'threads', 'addonPath'];

function validate(options: NativeKernelOptions): void {
  for (const key of Object.keys(options)) {
    if (!ALLOWED_OPTIONS.includes(key))
      throw new Error(`options.${key}: expected one of ${ALLOWED_OPTIONS.join(', ')}, got an unknown option`);
  }
  for (const b of options.backends ?? []) {
    if (!NATIVE_BACKENDS.includes(b)) throw new Error(`backends: expected a subset of ['cpu', 'wasm'], got ${JSON.stringify(b)}`);
  }
  const t = options.threads;
  if (t !== undefined && (!Number.isInteger(t) || t < 1)) throw new Error(`threads: expected a positive integer, got ${t}`);
}

function implFor(ctx: KernelContext): KernelImpl {
  if (ctx.name === 'BatchMatMul') return batchMatMulKernel(ctx);
  if (ctx.name === '_FusedMatMul') return fusedMatMulKernel(ctx);
  if (ctx.name === 'GatherV2') return gatherKernel(ctx);
  if (PROJECTION_KERNELS.includes(ctx.name)) return projectionKernel(ctx);
  if (OPTIMIZER_KERNELS.includes(ctx.name)) return optimizerKernel(ctx);
  return convKernel(ctx);
}

function patchBackend(addon: NativeAddon, kind: BackendKind): void {
  const saved = installed.get(kind) ?? new Map<string, Saved>();
  installed.set(kind, saved);
  for (const name of NATIVE_KERNELS) {
    if (saved.has(name)) continue;
    if (PROJECTION_KERNELS.includes(name) && !hasProjectionRows(addon)) continue;
    if (OPTIMIZER_KERNELS.includes(name) && !hasOptimizerUpdates(addon)) continue;
    const stock = tf.getKernel(name, kind);
    const ctx: KernelContext = { addon, kind, name, stock: stock?.kernelFunc as KernelImpl | undefined };
    if (stock) tf.unregisterKernel(name, kind);
    // Keep the stock setup/dispose hooks: wasm kernels bind their wasm functions in setupFunc,
    // which tfjs runs again on every setBackend, and the fallback path needs them bound.
    tf.registerKernel({
      kernelName: name,
      backendName: kind,
      kernelFunc: implFor(ctx) as KernelConfig['kernelFunc'],
      setupFunc: stock?.setupFunc,
      disposeFunc: stock?.disposeFunc,
    });
    saved.set(name, { stock });
  }
}

/**
 * Registers the native kernels for the cpu and wasm backends (or `options.backends`). Returns
 * the resulting status; when the addon is unavailable (not built, or `SPARSEKIT_NATIVE=0`)
 * nothing is registered and the status says why. Idempotent. Throws on invalid options.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { installNativeKernels, restoreStockKernels } from '@sparsekit/native';
 * const status = installNativeKernels({ backends: ['cpu'] });
 * console.log(status.available ? status.kernels.cpu : status.reason);
 * tf.tidy(() => tf.matMul(tf.ones([4, 3]), tf.ones([3, 2])).print());
 * restoreStockKernels();
 * ```
 */
export function installNativeKernels(options: NativeKernelOptions = {}): NativeKernelStatus {
  validate(options);
  if (!nativeEnabledByEnv()) {
    lastReason = `${NATIVE_ENV_VAR}=${process.env[NATIVE_ENV_VAR]} turns the native kernels off`;
    return nativeKernelStatus();
  }
  const load = loadAddon(options.addonPath);
  if (!load.ok) {
    lastReason = load.reason;
    return nativeKernelStatus();
  }
  if (activeAddon && activeAddon !== load.addon) restoreStockKernels();
  activeAddon = load.addon;
  lastReason = undefined;
  if (options.threads !== undefined) load.addon.setThreads(options.threads);
  registerProjectionGradients();
  for (const kind of options.backends ?? NATIVE_BACKENDS) patchBackend(load.addon, kind);
  return nativeKernelStatus();
}

/**
 * Puts the stock kernels back (for `backends`, default all) exactly as they were registered.
 *
 * @example
 * ```ts
 * import { installNativeKernels, restoreStockKernels } from '@sparsekit/native';
 * installNativeKernels();
 * restoreStockKernels(['wasm']); // cpu stays native
 * restoreStockKernels();
 * ```
 */
export function restoreStockKernels(backends: readonly BackendKind[] = NATIVE_BACKENDS): void {
  for (const kind of backends) {
    const saved = installed.get(kind);
    if (!saved) continue;
    for (const [name, { stock }] of saved) {
      if (tf.getKernel(name, kind)) tf.unregisterKernel(name, kind);
      if (stock) tf.registerKernel(stock);
    }
    installed.delete(kind);
  }
  if (installed.size === 0) activeAddon = undefined;
}

/**
 * Which kernels are native right now, the BLAS and its thread count, or why there is no addon.
 *
 * @example
 * ```ts
 * import { nativeKernelStatus } from '@sparsekit/native';
 * nativeKernelStatus().kernels; // e.g. { cpu: ['BatchMatMul', …], wasm: […] } after installNativeKernels()
 * ```
 */
export function nativeKernelStatus(): NativeKernelStatus {
  const kernels = Object.fromEntries([...installed].map(([kind, saved]) => [kind, [...saved.keys()]]));
  if (!activeAddon) return { available: false, reason: lastReason ?? 'installNativeKernels() has not been called', kernels };
  return { available: true, blas: activeAddon.blas(), threads: activeAddon.getThreads(), kernels };
}

/**
 * Sets the BLAS thread count (OpenBLAS; other CBLAS libraries ignore it). Throws when the addon
 * is not loaded or `threads` is not a positive integer.
 *
 * @example
 * ```ts
 * import { installNativeKernels, setNativeThreads } from '@sparsekit/native';
 * if (installNativeKernels().available) setNativeThreads(1);
 * ```
 */
export function setNativeThreads(threads: number): void {
  validate({ threads });
  if (!activeAddon) throw new Error('setNativeThreads: the native kernels are not installed (call installNativeKernels() first)');
  activeAddon.setThreads(threads);
}
