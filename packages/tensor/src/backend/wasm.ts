/**
 * Loading the wasm backend in Node: binaries resolved from the installed package, SIMD on.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo, BackendLoadOptions } from './registry.js';

let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm') | undefined;

/** Imports tfjs-backend-wasm and points it at its own .wasm files (idempotent). */
export async function loadWasmBackend(options: BackendLoadOptions = {}): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasmModule = wasm;
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
  wasm.setWasmPaths(dir);
  if (options.threads !== undefined && options.threads !== 1) {
    throw new Error('multi-threaded wasm is not available yet in this build');
  }
  if (!tf.findBackendFactory('wasm')) throw new Error('@tensorflow/tfjs-backend-wasm did not register the wasm backend');
}

/** SIMD and thread count of the initialised wasm backend. */
export async function wasmInfo(): Promise<Omit<BackendInfo, 'name'>> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = wasmModule ? wasmModule.getThreadsCount() : 1;
  return { simd, threads };
}
