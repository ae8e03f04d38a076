import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { bitrevIndices, bitrevPermutation, dft, randButterfly, wht } from './transforms.js';
import { inButterflySupport } from './internal/butterfly-factor.js';
import { dft64, dispose, hadamard64, read, relError } from '../faust/internal/reference.test-helpers.js';

describeBackends(['cpu', 'wasm'], 'transforms', () => {
  it('dft(N) = B₀⋯B_{n−1}·P equals numpy.fft.fft(eye(N)) with 2N·log₂N + N nonzeros', async () => {
    for (const N of [2, 4, 8, 32, 128]) {
      for (const normed of [false, true]) {
        const F = dft(N, { normed });
        expect(F.numFactors()).toBe(Math.log2(N) + 1);
        expect(F.nnzSum()).toBe(2 * N * Math.log2(N) + N);
        await expectNoLeaks(() => {
          const d = F.toDense();
          expect(relError(read(d, N, N), dft64(N, normed))).toBeLessThan(2e-7 * Math.log2(N));
          dispose(d);
        });
      }
    }
  });

  it('wht(N) is the Sylvester Hadamard matrix as a product of butterfly-supported factors', async () => {
    for (const N of [2, 8, 64]) {
      const n = Math.log2(N);
      const F = wht(N, { normed: false });
      expect(F.numFactors()).toBe(n);
      expect(F.nnzSum()).toBe(2 * N * n);
      await expectNoLeaks(() => {
        const d = F.toDense();
        expect(relError(read(d, N, N), hadamard64(N, false))).toBe(0);
        for (let level = 0; level < n; level++) {
          const s = F.factor(level) as tf.Tensor;
          const v = s.dataSync();
          for (let p = 0; p < N * N; p++) expect(v[p] !== 0).toBe(inButterflySupport(n, level, Math.floor(p / N), p % N));
          s.dispose();
        }
        dispose(d);
      });
      expect(wht(N).norm(2)).toBeCloseTo(1, 5);
    }
  });

  it('matches the published sizes: dft(1024) RCG 48.8, wht(1024) nnz 20480, wht(32) nnz 320', () => {
    expect(dft(1024).nnzSum()).toBe(21504);
    expect(dft(1024).rcg()).toBeCloseTo(48.76, 2);
    expect(wht(1024).nnzSum()).toBe(20480);
    expect(wht(32).nnzSum()).toBe(320);
  });

  it('builds the bit reversal and random butterflies on the butterfly supports', async () => {
    expect(bitrevIndices(8)).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
    await expectNoLeaks(() => {
      const x = tf.range(0, 8);
      const y = bitrevPermutation(8).apply(x) as tf.Tensor;
      expect(Array.from(y.dataSync())).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
      [x, y].forEach(dispose);
    });
    const R = randButterfly(16, { seed: 3, complex: true });
    expect(R.isComplex).toBe(true);
    expect(R.nnzSum()).toBe(2 * 16 * 4);
    expect(randButterfly(16, { seed: 3 }).norm('fro')).toBe(randButterfly(16, { seed: 3 }).norm('fro'));
    expect(randButterfly(16, { seed: 3 }).norm('fro')).not.toBe(randButterfly(16, { seed: 4 }).norm('fro'));
  });

  it('rejects sizes that are not powers of two', () => {
    for (const bad of [0, 1, 3, 12, 2.5, NaN]) expect(() => dft(bad)).toThrow(/power of two/);
    expect(() => wht(6)).toThrow(/N: expected a power of two/);
    expect(() => wht(8, { normed: 'yes' as never })).toThrow(/normed/);
  });
});
