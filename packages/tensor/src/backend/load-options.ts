/**
 * Checks the options of useBackend before any backend is touched: a typo or a bad value is a
 * programming error, so it throws a SparsekitError naming the option (not the backend), and
 * never turns into advice to install something.
 */
import { SparsekitError } from '../errors.js';
import type { BackendLoadOptions } from './registry.js';
import { resolveWasmThreads } from './wasm-threads.js';

const KNOWN_OPTIONS: readonly string[] = ['threads', 'wasmPaths', 'native', 'blasThreads'];
const WASM_BINARIES: readonly string[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Returns `options` (or `{}`), throwing a SparsekitError on unknown keys and malformed values. */
export function checkLoadOptions(options: unknown): BackendLoadOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SparsekitError({ argument: 'options', value: options, expected: `an object with optional keys ${KNOWN_OPTIONS.join(', ')}` });
  }
  const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.includes(key));
  if (unknown.length > 0) {
    const expected = `only the keys ${KNOWN_OPTIONS.join(', ')}; unknown: ${unknown.join(', ')}`;
    throw new SparsekitError({ argument: 'options', value: unknown, expected });
  }
  const { threads, wasmPaths, native, blasThreads } = options as BackendLoadOptions;
  if (threads !== undefined) resolveWasmThreads(threads);
  if (native !== undefined && typeof native !== 'boolean')
    throw new SparsekitError({ argument: 'native', value: native, expected: 'a boolean' });
  if (blasThreads !== undefined && !(Number.isInteger(blasThreads) && blasThreads >= 1)) {
    throw new SparsekitError({ argument: 'blasThreads', value: blasThreads, expected: 'a positive integer' });
  }
  if (wasmPaths !== undefined) checkWasmPaths(wasmPaths);
  return options as BackendLoadOptions;
}

function checkWasmPaths(paths: unknown): void {
  if (typeof paths === 'string') {
    if (paths.length > 0 && paths.endsWith('/')) return;
    const expected = "a folder URL or path ending in '/' (tfjs appends the file names)";
    throw new SparsekitError({ argument: 'wasmPaths', value: paths, expected });
  }
  const entries = typeof paths === 'object' && paths !== null ? Object.entries(paths) : [];
  const keys = entries.map(([key]) => key);
  const complete = keys.length === WASM_BINARIES.length && WASM_BINARIES.every((file) => keys.includes(file));
  if (!complete || entries.some(([, url]) => typeof url !== 'string' || url.length === 0)) {
    throw new SparsekitError({
      argument: 'wasmPaths',
      value: paths,
      expected: `a folder URL ending in '/', or an object mapping exactly ${WASM_BINARIES.join(', ')} to URLs`,
    });
  }
}
