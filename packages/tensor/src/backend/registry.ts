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
}

/** Options passed to a backend loader (only some backends honour them). */
export interface BackendLoadOptions {
  /** wasm: number of threads, or 'auto' for all cores; default 1 (see wasm-threads.ts). */
  readonly threads?: number | 'auto';
}

/**
 * A backend sparsekit can select. `load` registers the backend with tfjs (dynamic imports go
 * here) and throws if it cannot; `install` tells users how to get it when it is missing.
 */
export interface BackendProvider {
  readonly name: string;
  /** Higher is tried first by 'auto'. Built-ins: tensorflow-gpu 400, tensorflow 300, wasm 200, cpu 100. */
  readonly priority: number;
  readonly install: string;
  load(options: BackendLoadOptions): Promise<void>;
  info(): Promise<Omit<BackendInfo, 'name'>>;
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
