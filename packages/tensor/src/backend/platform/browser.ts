/**
 * The browser (and any non-Node runtime) platform: no `node:` modules. tfjs-backend-wasm starts
 * its pthreads itself here, which needs SharedArrayBuffer, i.e. a cross-origin-isolated page.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '../../errors.js';
import type { BackendFactory, Platform, WasmModuleLike } from './types.js';

export const platform: Platform = {
  name: 'browser',
  cpuCount: () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1),
  // tfjs then fetches the binaries relative to the page (Emscripten's script directory).
  defaultWasmPaths: async () => undefined,
  async wasmFactory(_wasm: WasmModuleLike, original: BackendFactory, threads: number) {
    if (threads > 1 && !(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))) {
      throw new SparsekitError({
        argument: 'threads',
        value: threads,
        code: 'unsupported',
        expected:
          '1 in a page without SharedArrayBuffer (wasm threads need a cross-origin-isolated page: serve it with ' +
          'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
      });
    }
    return original;
  },
  nodeBindingsUnavailable: 'the tfjs-node backends run in Node only; in a browser use wasm (or cpu)',
};
