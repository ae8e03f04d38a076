/**
 * Thread counts for the wasm backend (browser-safe). How threads are started differs by platform:
 * browsers use tfjs-backend-wasm's own pthread support (it needs a cross-origin-isolated page);
 * Node needs the shims of `platform/node-wasm-threads.ts`.
 */
import { platform } from '#platform';
import { SparsekitError } from '../errors.js';

/**
 * Most wasm threads sparsekit starts: Emscripten's pre-allocated pthread pool in
 * tfjs-backend-wasm 4.22 (more would need workers created after initialisation).
 *
 * @example
 * ```ts
 * import { MAX_WASM_THREADS, useBackend } from '@sparsekit/tensor';
 * await useBackend('wasm', { threads: Math.min(4, MAX_WASM_THREADS) });
 * ```
 */
export const MAX_WASM_THREADS = 8;

/**
 * The thread count to initialise wasm with: a number in [1, 8], or 'auto' for the available
 * parallelism (capped at 8). Throws SparsekitError naming `threads` otherwise.
 *
 * @example
 * ```ts
 * import { resolveWasmThreads } from '@sparsekit/tensor';
 * resolveWasmThreads(2);      // => 2
 * resolveWasmThreads('auto'); // e.g. 2 on a 2-core machine
 * ```
 */
export function resolveWasmThreads(threads: number | 'auto'): number {
  if (threads === 'auto') return Math.max(1, Math.min(MAX_WASM_THREADS, platform.cpuCount()));
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new SparsekitError({ argument: 'threads', value: threads, expected: `an integer in [1, ${MAX_WASM_THREADS}] or 'auto'` });
  }
  return threads;
}
