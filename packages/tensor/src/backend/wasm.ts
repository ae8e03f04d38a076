/**
 * Loading the wasm backend in Node: binaries resolved from the installed package, SIMD on,
 * optionally multi-threaded (see wasm-threads.ts for what that takes in Node).
 *
 * tfjs initialises the wasm backend once per process and cannot change its thread count
 * afterwards, so the first `useBackend('wasm', { threads })` decides; a later request for a
 * different count is an error rather than a silent mismatch. Omitting `threads` accepts
 * whatever is running (1 thread if wasm was not initialised yet).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo, BackendLoadOptions } from './registry.js';
import { installThreadShims, resolveWasmThreads, THREADED_WASM_VERSIONS, unrefWorkers } from './wasm-threads.js';

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');
let wasmModule: WasmModule | undefined;
/** Thread count of the factory currently registered (set before the first initialisation). */
let plannedThreads = 1;

function initialisedBackend(): tf.KernelBackend | undefined {
  // Not tf.findBackend: for an async factory it would start initialising as a side effect.
  return tf.engine().registry.wasm;
}

/** Imports tfjs-backend-wasm, points it at its own .wasm files and plans the thread count. */
export async function loadWasmBackend(options: BackendLoadOptions = {}): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasmModule = wasm;
  if (!tf.findBackendFactory('wasm')) throw new Error('@tensorflow/tfjs-backend-wasm did not register the wasm backend');
  const requested = options.threads === undefined ? undefined : resolveWasmThreads(options.threads);
  if (initialisedBackend()) {
    const actual = wasm.getThreadsCount();
    if (requested !== undefined && requested !== actual) {
      throw new Error(`wasm is already initialised with ${actual} thread(s) in this process and tfjs cannot re-initialise it; ` +
        `request threads: ${requested} on the first useBackend('wasm') call`);
    }
    return;
  }
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  const threads = requested ?? plannedThreads;
  if (threads !== plannedThreads) planThreads(wasm, threads);
}

/** Re-registers the wasm factory so that the next initialisation uses `threads` threads. */
function planThreads(wasm: WasmModule, threads: number): void {
  if (threads > 1 && !THREADED_WASM_VERSIONS.includes(wasm.version_wasm)) {
    throw new Error(`multi-threaded wasm in Node is verified with @tensorflow/tfjs-backend-wasm ${THREADED_WASM_VERSIONS.join(', ')} only (found ${wasm.version_wasm})`);
  }
  const original = originalFactory ??= tf.findBackendFactory('wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
  wasm.setThreadsCount(threads);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', threads > 1 ? threadedFactory(original, threads) : original, WASM_PRIORITY);
  plannedThreads = threads;
}

// tfjs-backend-wasm registers its factory with priority 2; keep it so tf's own ordering is unchanged.
const WASM_PRIORITY = 2;
let originalFactory: (() => tf.KernelBackend | Promise<tf.KernelBackend>) | undefined;

function threadedFactory(original: () => tf.KernelBackend | Promise<tf.KernelBackend>, threads: number) {
  return async (): Promise<tf.KernelBackend> => {
    const restore = installThreadShims(threads);
    let backend: tf.KernelBackend;
    try {
      backend = await original();
    } finally {
      restore();
    }
    unrefWorkers(backend);
    const actual = wasmModule?.getThreadsCount();
    if (actual !== threads) throw new Error(`wasm started with ${actual} thread(s) instead of the ${threads} requested`);
    return backend;
  };
}

/** SIMD and thread count of the initialised wasm backend. */
export async function wasmInfo(): Promise<Omit<BackendInfo, 'name'>> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = wasmModule && initialisedBackend() ? wasmModule.getThreadsCount() : 1;
  return { simd, threads };
}
