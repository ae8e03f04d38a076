/**
 * Loading the wasm backend in Node and in browsers: binaries from `wasmPaths` (default: the
 * installed package in Node, the page's folder in a browser), SIMD when the runtime has it,
 * optionally multi-threaded (platform-specific, see platform/).
 *
 * tfjs initialises the wasm backend once per process (or page) and cannot change its thread
 * count or binary location afterwards, so the first `useBackend('wasm', ...)` decides; a later
 * request for something else is an error rather than a silent mismatch. Omitting an option
 * accepts whatever is running (1 thread and the default location if wasm was not initialised yet).
 */
import * as tf from '@tensorflow/tfjs';
import { platform } from '#platform';
import { SparsekitError } from '../errors.js';
import type { BackendFactory } from './platform/types.js';
import type { BackendInfo, BackendLoadOptions, WasmPaths } from './registry.js';
import { resolveWasmThreads } from './wasm-threads.js';

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');
let wasmModule: WasmModule | undefined;
/** tfjs-backend-wasm's own factory, captured before sparsekit wraps it. */
let originalFactory: BackendFactory | undefined;
/** Thread count and binary location of the factory currently registered. */
let planned: { threads: number; paths: string | undefined } | undefined;
/** Why the last initialisation failed (tfjs only logs it), for the error useBackend returns. */
let lastFailure: Error | undefined;

function initialisedBackend(): tf.KernelBackend | undefined {
  // Not tf.findBackend: for an async factory it would start initialising as a side effect.
  return tf.engine().registry.wasm;
}

/** Imports tfjs-backend-wasm, points it at its .wasm files and plans the thread count. */
export async function loadWasmBackend(options: BackendLoadOptions = {}): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasmModule = wasm;
  originalFactory ??= tf.findBackendFactory('wasm') ?? undefined;
  if (!originalFactory) throw new Error('@tensorflow/tfjs-backend-wasm did not register the wasm backend');
  const requested = options.threads === undefined ? undefined : resolveWasmThreads(options.threads);
  const paths = pathsKey(options.wasmPaths);
  if (initialisedBackend()) {
    checkRunning(wasm.getThreadsCount(), requested, paths);
    return;
  }
  // Pinned first, so that whatever fails below, tfjs does not fall back to another backend silently.
  register(tf.findBackendFactory('wasm') ?? originalFactory);
  const next = { threads: requested ?? planned?.threads ?? 1, paths: paths ?? planned?.paths ?? (await platform.defaultWasmPaths()) };
  if (planned && next.threads === planned.threads && next.paths === planned.paths) return;
  if (next.paths !== planned?.paths && next.paths !== undefined) applyPaths(wasm, options.wasmPaths ?? next.paths);
  wasm.setThreadsCount(next.threads);
  const factory = await platform.wasmFactory(wasm, originalFactory, next.threads);
  register(recordingFactory(factory, next.threads));
  planned = next;
}

function pathsKey(paths: WasmPaths | undefined): string | undefined {
  return paths === undefined || typeof paths === 'string' ? paths : JSON.stringify(paths);
}

function checkRunning(actual: number, requested: number | undefined, paths: string | undefined): void {
  if (requested !== undefined && requested !== actual) {
    throw new SparsekitError({
      argument: 'threads',
      value: requested,
      code: 'unsupported',
      expected:
        `${actual}, the count wasm is already initialised with in this process (tfjs cannot re-initialise it; ` +
        `request threads: ${requested} on the first useBackend('wasm') call)`,
    });
  }
  if (paths !== undefined && paths !== planned?.paths) {
    throw new SparsekitError({
      argument: 'wasmPaths',
      value: paths,
      code: 'unsupported',
      expected: `${planned?.paths ?? "tfjs's default location"}, where wasm is already initialised from (pass wasmPaths on the first call)`,
    });
  }
}

function applyPaths(wasm: WasmModule, paths: WasmPaths): void {
  try {
    wasm.setWasmPaths(paths);
  } catch (cause) {
    // tfjs-backend-wasm refuses new paths once an initialisation was aborted.
    throw new Error(
      `wasm failed to initialise earlier (${lastFailure?.message ?? 'see the console'}) and tfjs-backend-wasm cannot ` +
        `retry from another location in this process or page: ${(cause as Error).message}`,
    );
  }
}

// Above every other backend, so that once wasm was asked for, a failed initialisation makes tfjs
// throw at the next op ("backend 'wasm' has not yet been initialized") instead of silently
// running on the next best backend (webgl in a browser).
function register(factory: BackendFactory): void {
  const engine = tf.engine();
  if (engine.registryFactory['wasm']?.factory === factory && isTopPriority('wasm')) return;
  const others = Object.entries(engine.registryFactory)
    .filter(([name]) => name !== 'wasm')
    .map(([, entry]) => entry.priority);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, Math.max(2, ...others) + 1);
}

function isTopPriority(name: string): boolean {
  const entries = Object.entries(tf.engine().registryFactory);
  const own = tf.engine().registryFactory[name]?.priority ?? -Infinity;
  return entries.every(([other, entry]) => other === name || entry.priority < own);
}

function recordingFactory(factory: BackendFactory, threads: number): BackendFactory {
  return async () => {
    lastFailure = undefined;
    try {
      const backend = await factory();
      const actual = wasmModule?.getThreadsCount();
      if (actual !== threads) {
        throw new SparsekitError({
          argument: 'threads',
          value: threads,
          code: 'unsupported',
          expected:
            `at most ${actual}: wasm started with ${actual} thread(s), tfjs-backend-wasm sizing its pool from the ` +
            `${platform.cpuCount()} logical cores this runtime reports (about half of them)`,
        });
      }
      return backend;
    } catch (cause) {
      lastFailure = describeFailure(cause);
      throw cause;
    }
  };
}

function describeFailure(cause: unknown): Error {
  if (cause instanceof Error) return cause;
  const message = typeof cause === 'object' && cause !== null && 'message' in cause ? String(cause.message) : String(cause);
  if (!/serve the `\.wasm` file/.test(message)) return new Error(message.split('\n')[0]);
  return new Error(
    `the .wasm binary could not be fetched from ${binaryLocation()}: serve the .wasm files of ` +
      `@tensorflow/tfjs-backend-wasm (dist/*.wasm) and pass their folder's URL as useBackend('wasm', { wasmPaths })`,
  );
}

function binaryLocation(): string {
  const flags = tf.env().getFlags();
  const simd = flags['WASM_HAS_SIMD_SUPPORT'] === true;
  const file =
    simd && flags['WASM_HAS_MULTITHREAD_SUPPORT'] === true
      ? 'tfjs-backend-wasm-threaded-simd.wasm'
      : simd
        ? 'tfjs-backend-wasm-simd.wasm'
        : 'tfjs-backend-wasm.wasm';
  const paths = planned?.paths;
  if (paths === undefined) return `${file} next to the page`;
  if (!paths.startsWith('{')) return `${paths}${file}`;
  return (JSON.parse(paths) as Record<string, string>)[file] ?? file;
}

/** Why the last wasm initialisation failed, if it did. */
export function wasmFailure(): Error | undefined {
  return lastFailure;
}

/**
 * SIMD and thread count of the initialised wasm backend. tfjs-backend-wasm picks its binary from
 * the WASM_HAS_SIMD_SUPPORT (and WASM_HAS_MULTITHREAD_SUPPORT) flags it evaluates while
 * initialising, so the cached flag says whether the SIMD binary is the one running.
 */
export function wasmInfo(): Omit<BackendInfo, 'name'> {
  // Read from the running instance, so that a wasm backend started by tf.setBackend directly is described too.
  const instance = initialisedBackend() as { wasm?: { tfjs?: { getThreadsCount(): number } } } | undefined;
  const threads = instance?.wasm?.tfjs?.getThreadsCount();
  if (threads === undefined) return { simd: false, threads: 1 };
  return { simd: tf.env().getFlags()['WASM_HAS_SIMD_SUPPORT'] === true, threads };
}

/** Matmuls run once per process on a threaded wasm backend before it is handed to the user. */
const WARM_UP_CALLS = 12;
const WARM_UP_SIZE = 256;
let warmedUp = false;

/**
 * Settles the wasm thread pool: its first ~10 multi-threaded calls in a process run up to 10×
 * slower than later ones (workers starting and spinning up), which would land in the user's first
 * iterations and benchmarks. A no-op on 1 thread, on other backends and after the first call.
 */
export function warmUpWasmThreads(): void {
  if (warmedUp || tf.getBackend() !== 'wasm' || wasmInfo().threads <= 1) return;
  warmedUp = true;
  tf.tidy(() => {
    const a = tf.fill([WARM_UP_SIZE, WARM_UP_SIZE], 1 / WARM_UP_SIZE);
    let x: tf.Tensor = a;
    for (let i = 0; i < WARM_UP_CALLS; i++) x = tf.matMul(x, a);
    x.dataSync();
  });
}
