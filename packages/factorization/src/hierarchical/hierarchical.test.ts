import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { splincol } from '@sparsekit/constraints/faust';
import type { ComplexTensor } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { hierarchical, type HierarchicalResult } from './hierarchical.js';
import { presetOptions } from './presets.js';
import { dft64, dispose, hadamard64, read, relError, toTensor, type Dense64 } from '../faust/internal/reference.test-helpers.js';

function run(A: tf.Tensor | ComplexTensor, preset: Parameters<typeof hierarchical>[1]): HierarchicalResult {
  const res = hierarchical(A, preset);
  if (!isRight(res)) throw res.left;
  return res.right;
}

function errorAgainst(res: HierarchicalResult, ref: Dense64): number {
  const d = res.faust.toDense();
  const e = relError(read(d, ref.rows, ref.cols), ref);
  dispose(d);
  return e;
}

describeBackends(['cpu', 'wasm'], 'hierarchical', (backend) => {
  it("recovers Hadamard-32 with the 'hadamard' preset (5 factors, nnz 320) on the host engine", async () => {
    const ref = hadamard64(32, false);
    const A = toTensor(ref, false);
    const res = await expectNoLeaks(() => run(A, 'hadamard'));
    // float64 iterates (3e-16, as the float64 numpy prototype's 4.4e-16); the float32 factors returned add ~1e-8
    expect(errorAgainst(res, ref)).toBeLessThan(1e-6);
    expect(res.faust.numFactors()).toBe(5);
    expect(res.faust.nnzSum()).toBe(320);
    dispose(A);
  });

  it('recovers Hadamard-32 with the same settings on the tensor engine', async () => {
    const ref = hadamard64(32, false);
    const A = toTensor(ref, false);
    const preset = presetOptions('hadamard', 32, 32);
    if (!isRight(preset)) throw preset.left;
    const res = await expectNoLeaks(() => run(A, { ...preset.right, engine: 'tensor' }));
    // Every |H_ij| = 1, so splincol meets exact ties at every step and recovery depends on
    // how they fall (in float64, 1e-9 noise on H already gives 0.75). cpu: 4.9e-8 measured,
    // as numpy float32. wasm's matmul rounds 4× coarser (1.1e-7 vs 2.5e-8 on a 32×32 product),
    // which tips near-ties differently in the first split: 2.8e-6 measured, flat in the number
    // of iterations (a float32 floor of that path, not slow convergence).
    expect(errorAgainst(res, ref)).toBeLessThan(backend === 'cpu' ? 1e-6 : 1e-5);
    expect(res.faust.nnzSum()).toBe(320);
    dispose(A);
  });

  it("recovers the complex DFT-32 with the 'dft' support preset (< 1e-5)", () => {
    const ref = dft64(32, false);
    const A = toTensor(ref, true);
    const res = run(A, 'dft');
    expect(errorAgainst(res, ref)).toBeLessThan(1e-5);
    expect(res.faust.numFactors()).toBe(6);
    expect(res.faust.nnzSum()).toBe(352);
    dispose(A);
  });

  it('fails on Hadamard-16 with the left-to-right update order (the expected failure)', () => {
    const A = toTensor(hadamard64(16, false), false);
    const res = run(A, {
      factorConstraints: Array.from({ length: 3 }, () => splincol(2)),
      residualConstraints: Array.from({ length: 3 }, (_, i) => splincol(16 / 2 ** (i + 1))),
      local: { numIts: 30 },
      global: { numIts: 30 },
      updateOrder: 'L2R',
    });
    expect(res.relError).toBeGreaterThan(0.5);
    dispose(A);
  });

  it('returns Left for presets on sizes that are not powers of two, and for NaN', () => {
    const six = tf.ones([6, 6]);
    const nan = tf.fill([4, 4], NaN);
    expect(isLeft(hierarchical(six, 'hadamard'))).toBe(true);
    expect(isLeft(hierarchical(nan, 'hadamard'))).toBe(true);
    expect(() => hierarchical(tf.ones([4, 4]), 'fft' as never)).toThrow(/preset|hadamard/);
    dispose(six);
    dispose(nan);
  });
});

describeBackends(['cpu', 'wasm'], 'hierarchical with MHTP', () => {
  it('passes MHTP to every PALM4MSA run (pyfaust hierarchical_mhtp) and still recovers Hadamard-16', () => {
    const ref = hadamard64(16, false);
    const A = toTensor(ref, false);
    const res = run(A, {
      factorConstraints: Array.from({ length: 3 }, () => splincol(2)),
      residualConstraints: Array.from({ length: 3 }, (_, i) => splincol(16 / 2 ** (i + 1))),
      local: { numIts: 30 },
      global: { numIts: 30 },
      updateOrder: 'R2L',
      mhtp: { period: 10, numIts: 5 },
    });
    expect(res.relError).toBeLessThan(1e-6); // measured 0 (cpu) and 1.5e-7 (wasm)
    dispose(A);
  });
});
