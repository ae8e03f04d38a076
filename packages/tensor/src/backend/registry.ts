/**
 * The backend registry: which tfjs backends sparsekit knows, in which order 'auto' tries them,
 * and how each is loaded. Built-ins live in `builtin.ts`; third parties add their own.
 */
import { SparsekitError } from '../errors.js';
import { requireInteger } from '../validate.js';

/** What {@link backendInfo} reports about the active backend. */
export interface BackendInfo {
  readonly name: string;
  readonly simd: boolean;
  readonly threads: number;
  /** cpu/wasm: tfjs kernels replaced by BLAS-backed ones from `@sparsekit/native` (empty when none). */
  readonly native?: readonly string[];
  /** The BLAS behind {@link BackendInfo.native} and its thread count. */
  readonly blas?: string;
  /** Why the native kernels are not in use (not installed, not built, turned off). */
  readonly nativeReason?: string;
}

/**
 * Where the wasm backend finds its binaries: a folder URL or path ending in '/' that holds
 * `tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm` and `tfjs-backend-wasm-threaded-simd.wasm`,
 * or one URL per file (tfjs-backend-wasm's `setWasmPaths`).
 *
 * @example
 * ```ts
 * import { type WasmPaths } from '@sparsekit/tensor';
 * // In a page whose server hosts node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm under /wasm/:
 * const paths: WasmPaths = '/wasm/';
 * // then: await useBackend('wasm', { wasmPaths: paths });
 * ```
 */
export type WasmPaths =
  | string
  | {
      readonly 'tfjs-backend-wasm.wasm': string;
      readonly 'tfjs-backend-wasm-simd.wasm': string;
      readonly 'tfjs-backend-wasm-threaded-simd.wasm': string;
    };

/** Options passed to a backend loader (`native` and `blasThreads` apply to cpu and wasm, the rest to wasm; unknown keys are rejected). */
export interface BackendLoadOptions {
  /**
   * wasm: number of threads in [1, 8], or 'auto' for the available cores; default 1. In a browser
   * more than 1 needs a cross-origin-isolated page (SharedArrayBuffer).
   */
  readonly threads?: number | 'auto';
  /**
   * wasm: where its .wasm binaries are served from. Default: the installed package in Node, the
   * page's own folder in a browser (bundlers do not copy them: serve `dist/*.wasm` of
   * `@tensorflow/tfjs-backend-wasm` and pass their folder's URL).
   */
  readonly wasmPaths?: WasmPaths;
  /** cpu, wasm: use the BLAS-backed kernels of `@sparsekit/native` when installed (default true; SPARSEKIT_NATIVE=0 also turns them off). */
  readonly native?: boolean;
  /** BLAS threads for the native kernels; default OPENBLAS_NUM_THREADS, else all cores. */
  readonly blasThreads?: number;
}

/**
 * A backend sparsekit can select. `load` registers the backend with tfjs (dynamic imports go
 * here) and throws if it cannot; `install` tells users how to get it when its module is missing
 * (other failures are reported with their own message). A SparsekitError thrown by `load`
 * (e.g. naming a bad option) is returned as is.
 */
export interface BackendProvider {
  readonly name: string;
  /** Higher is tried first by 'auto'. Built-ins: tensorflow-gpu 400, tensorflow 300, wasm 200, cpu 100. */
  readonly priority: number;
  readonly install: string;
  load(options: BackendLoadOptions): Promise<void>;
  info(): Promise<Omit<BackendInfo, 'name'>>;
  /** Why the last initialisation by tfjs failed (tfjs itself only logs it), if known; a SparsekitError is returned as is. */
  lastFailure?(): Error | undefined;
  /** Info about the backend when it was started outside sparsekit (by `tf.setBackend`); default: no SIMD, 1 thread. */
  describeRunning?(): Omit<BackendInfo, 'name'>;
}

const providers = new Map<string, BackendProvider>();

/**
 * Registers (or replaces) a backend provider; returns a function that restores the previous one.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerBackendProvider } from '@sparsekit/tensor';
 * const undo = registerBackendProvider({
 *   name: 'my-cpu', priority: 50, install: 'it is built in',
 *   load: async () => { tf.registerBackend('my-cpu', () => tf.findBackendFactory('cpu')!()); },
 *   info: async () => ({ simd: false, threads: 1 }),
 * });
 * undo();
 * ```
 */
export function registerBackendProvider(provider: BackendProvider): () => void {
  if (typeof provider?.name !== 'string' || provider.name.length === 0 || provider.name === 'auto') {
    throw new SparsekitError({ argument: 'provider.name', value: provider?.name, expected: "a non-empty backend name other than 'auto'" });
  }
  requireInteger('provider.priority', provider.priority);
  if (typeof provider.load !== 'function' || typeof provider.info !== 'function') {
    throw new SparsekitError({ argument: 'provider', value: provider.name, expected: 'an object with load() and info() functions' });
  }
  const previous = providers.get(provider.name);
  providers.set(provider.name, provider);
  return () => {
    if (previous) providers.set(provider.name, previous);
    else providers.delete(provider.name);
  };
}

/** The provider registered under `name`, if any. */
export function findBackendProvider(name: string): BackendProvider | undefined {
  return providers.get(name);
}

/**
 * All registered providers, best first (the order 'auto' tries them in).
 *
 * @example
 * ```ts
 * import { backendProviders } from '@sparsekit/tensor';
 * backendProviders().map((p) => p.name); // => ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']
 * ```
 */
export function backendProviders(): BackendProvider[] {
  return [...providers.values()].sort((a, b) => b.priority - a.priority);
}
