/**
 * The Node platform: binaries resolved from the installed tfjs-backend-wasm, threads through
 * the shims of node-wasm-threads.ts (tfjs turns wasm threads off in Node).
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { SparsekitError } from '../../errors.js';
import { installThreadShims, THREADED_WASM_VERSIONS, unrefWorkers } from './node-wasm-threads.js';
import type { BackendFactory, Platform, WasmModuleLike } from './types.js';

function threadedFactory(original: BackendFactory, threads: number): BackendFactory {
  return async () => {
    const restore = installThreadShims(threads);
    let backend: tf.KernelBackend;
    try {
      backend = await original();
    } finally {
      restore();
    }
    unrefWorkers(backend);
    return backend;
  };
}

export const platform: Platform = {
  name: 'node',
  cpuCount: () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length),
  async defaultWasmPaths() {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
  },
  async wasmFactory(wasm: WasmModuleLike, original: BackendFactory, threads: number) {
    if (threads > 1 && !THREADED_WASM_VERSIONS.includes(wasm.version_wasm)) {
      throw new SparsekitError({
        argument: 'threads',
        value: threads,
        code: 'unsupported',
        expected:
          `1: multi-threaded wasm in Node is verified with @tensorflow/tfjs-backend-wasm ${THREADED_WASM_VERSIONS.join(', ')} ` +
          `only (found ${wasm.version_wasm})`,
      });
    }
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
    return threads > 1 ? threadedFactory(original, threads) : original;
  },
  nodeBindingsUnavailable: undefined,
};
