/**
 * Test support: backend setup, seeded data, and the native-vs-stock comparison with a float32
 * error bound. Kept local (no @sparsekit/tensor import) because tensor loads this package.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeEach, expect } from 'vitest';
import { loadAddon, nativeEnabledByEnv } from '../addon.js';
import { installNativeKernels, restoreStockKernels } from '../install.js';
import type { BackendKind } from './tensor-data.js';

export const BACKENDS: readonly BackendKind[] = ['cpu', 'wasm'];

export async function selectBackend(kind: BackendKind): Promise<void> {
  if (kind === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  }
  if (!(await tf.setBackend(kind))) throw new Error(`backend ${kind} did not initialise`);
  await tf.ready();
}

/** mulberry32: a small seeded generator for test data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomTensor(shape: number[], next: () => number): tf.Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => 2 * next() - 1),
    shape,
  );
}

/** Runs `f` with the stock kernels then with the native ones, on the current backend. */
export function stockAndNative<T>(kind: BackendKind, f: () => T): { stock: T; native: T } {
  restoreStockKernels([kind]);
  const stock = f();
  const status = installNativeKernels({ backends: [kind] });
  if (!status.available) throw new Error(`the addon is not available: ${status.reason}`);
  const native = f();
  return { stock, native };
}

/**
 * Asserts |actual − expected| ≤ 4·k·2⁻²⁴·bound + 1e-30 entrywise, where bound is Σ|terms| of each
 * entry (the absolute-value version of the same computation) and k the length of the longest sum:
 * the standard float32 accumulation bound, doubled because both sides round.
 */
export function expectWithinBound(actual: ArrayLike<number>, expected: ArrayLike<number>, bound: ArrayLike<number>, k: number): void {
  expect(actual.length).toBe(expected.length);
  const u = 2 ** -24;
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    const tol = 4 * Math.max(k, 1) * u * bound[i] + 1e-30;
    if (!(err <= tol) && err / tol > worst) [worst, worstAt] = [err / tol, i];
  }
  if (worstAt >= 0) {
    expect.fail(
      `entry ${worstAt}: ${actual[worstAt]} vs ${expected[worstAt]} (bound ${bound[worstAt]}, k ${k}): ${worst.toFixed(2)}× the tolerance`,
    );
  }
}

/** Asserts that `f` leaves the number of tensors and (on wasm) of allocated bytes unchanged. */
export function expectNoLeak(f: () => void): void {
  f(); // first call may allocate kernel caches
  const before = tf.memory();
  f();
  const after = tf.memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numBytes).toBe(before.numBytes);
}

/** Runs `f` with the native kernels installed on the current backend. */
export function withNative<T>(kind: BackendKind, f: () => T): T {
  const status = installNativeKernels({ backends: [kind] });
  if (!status.available) throw new Error(`the addon is not available: ${status.reason}`);
  return f();
}

/** Why the kernel tests cannot run here (addon not built, or SPARSEKIT_NATIVE=0), else undefined. */
export function addonMissing(): string | undefined {
  if (!nativeEnabledByEnv()) return 'SPARSEKIT_NATIVE turns the native kernels off';
  const load = loadAddon();
  return load.ok ? undefined : `${load.reason} (.ci/run installs libopenblas-dev and npm ci builds it)`;
}

/**
 * Skips every test of the enclosing suite, saying why, when the addon is not available; on CI
 * (`CI` set) a missing addon fails instead, since CI builds it (SPARSEKIT_NATIVE=0 still skips: it
 * is a deliberate switch). The rule of `skipUnlessInstalled` and `onCi` (@sparsekit/tensor/testing),
 * which this package cannot import (tensor depends on native).
 */
export function skipWithoutAddon(): void {
  const reason = addonMissing();
  const deliberate = !nativeEnabledByEnv();
  const ci = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());
  beforeEach((ctx) => {
    if (reason === undefined) return;
    if (ci && !deliberate) throw new Error(`${reason}. CI builds the addon, so its absence there is a broken install, not a skip.`);
    ctx.skip(reason);
  });
}
