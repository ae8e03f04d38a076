/**
 * Multi-threaded wasm (XNNPACK thread pool) in Node. Node-only: reached through the
 * `#platform` import's "node" condition, never from a browser bundle.
 *
 * tfjs-backend-wasm 4.22 turns threads off in Node (WASM_HAS_MULTITHREAD_SUPPORT is false whenever
 * IS_NODE is true, whatever the runtime supports). Forcing the flag on is not enough, for three reasons this module
 * handles, only while the backend initialises:
 *  1. Emscripten starts each pthread worker from a `blob:` URL (`URL.createObjectURL(new Blob(...))`),
 *     which Node's `Worker` rejects (ERR_WORKER_PATH). We substitute a Blob subclass that
 *     remembers its text and a `createObjectURL` that writes it to a private temp file.
 *  2. The worker evaluates the stringified module factory, whose body still refers to rollup's
 *     module-scope bindings (`require$$0..4` for fs/path/perf_hooks/os, `commonjsGlobal`) and
 *     tslib helpers (`__values`, `__read`, `__spreadArray`). A prelude defines them in the worker.
 *  3. The C++ side caps the pool at cores/2 (1 on a 2-core machine) whatever count is asked for,
 *     so `os.cpus()` reports at least 2·threads entries during initialisation.
 * After initialisation the pthread workers are unref'd (XNNPACK keeps them blocked on a condition
 * variable, which would otherwise stop Node from exiting).
 *
 * This depends on internals of tfjs-backend-wasm 4.22.0 (the version sparsekit pins), so other
 * versions are refused rather than half-working. Emscripten pre-allocates 8 workers; growing the
 * pool later would need the shims again, so at most 8 threads are allowed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Versions of tfjs-backend-wasm whose bundle layout the shims were verified against. */
export const THREADED_WASM_VERSIONS: readonly string[] = ['4.22.0'];

const FACTORY_PREFIX = 'var WasmBackendModuleThreadedSimd';

/** Worker prelude: rollup's module-scope bindings and the three tslib helpers the factory uses. */
function workerPrelude(mainScriptPath: string): string {
  return `"use strict";
globalThis.require$$0 = require('fs'); globalThis.require$$1 = require('path');
globalThis.require$$3 = require('perf_hooks'); globalThis.require$$4 = require('os');
globalThis.commonjsGlobal = globalThis;
globalThis.__values = function (o) { return o[Symbol.iterator]() };
globalThis.__read = function (o, n) { var it = o[Symbol.iterator](), out = [], s; while ((n === undefined || n-- > 0) && !(s = it.next()).done) out.push(s.value); return out };
globalThis.__spreadArray = function (to, from) { return to.concat(Array.prototype.slice.call(from)) };
URL.createObjectURL = function () { return ${JSON.stringify(mainScriptPath)} };
URL.revokeObjectURL = function () {};
`;
}

/** A fresh private directory for the two generated scripts; removed at exit if not before. */
function privateDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparsekit-wasm-threads-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Installs the three shims, returns a function that removes them and the generated scripts
 * (every pre-allocated worker has loaded them once the backend factory resolves). Internal:
 * used by the wasm loader around the backend factory only.
 */
export function installThreadShims(threads: number): () => void {
  const dir = privateDir();
  const OriginalBlob = globalThis.Blob;
  const originalCreate = URL.createObjectURL;
  const originalCpus = os.cpus;
  const texts = new WeakMap<Blob, string>();
  let mainScript: string | undefined;
  class TextBlob extends OriginalBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = (parts ?? []).every((p) => typeof p === 'string') ? (parts as string[]).join('') : undefined;
      if (text === undefined) return;
      texts.set(this, text);
      // The factory blob is posted to workers, never turned into a URL on this side: write it now.
      if (text.startsWith(FACTORY_PREFIX)) {
        mainScript = path.join(dir, 'wasm-factory.js');
        fs.writeFileSync(mainScript, text);
      }
    }
  }
  globalThis.Blob = TextBlob as typeof Blob;
  URL.createObjectURL = (blob: Blob) => {
    const text = texts.get(blob);
    if (text === undefined || mainScript === undefined) return originalCreate(blob);
    const file = path.join(dir, 'wasm-worker.js');
    fs.writeFileSync(file, workerPrelude(mainScript) + text);
    return file;
  };
  os.cpus = () => {
    const cpus = originalCpus.call(os);
    while (cpus.length < 2 * threads) cpus.push(cpus[0]);
    return cpus;
  };
  return () => {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreate;
    os.cpus = originalCpus;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

interface PThreadPool {
  runningWorkers: Array<{ unref(): void }>;
  unusedWorkers: Array<{ unref(): void }>;
}

/** Lets Node exit while XNNPACK's workers wait for work (internal, not re-exported). */
export function unrefWorkers(backend: unknown): void {
  const pool = (backend as { wasm?: { PThread?: PThreadPool } })?.wasm?.PThread;
  if (!pool) return;
  for (const worker of [...pool.runningWorkers, ...pool.unusedWorkers]) worker.unref();
}
