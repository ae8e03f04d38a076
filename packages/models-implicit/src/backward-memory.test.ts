import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends } from '@sparsekit/tensor/testing';
import { equilibrium, resolveActivation, resolveBackwardOptions, resolveFixedPointOptions, type BackwardOptions } from './index.js';
import { contractiveMatrix, normals } from './internal/fixtures.js';

const [N, P, BATCH] = [32, 16, 64];
/** Bytes of one [batch, n] float32 state. */
const STATE_BYTES = BATCH * N * 4;

/**
 * Peak tensor bytes above the start during one gradient of Σ W ⊙ X with exactly `k` forward
 * evaluations (tolerance 0; the contraction rate 0.95 keeps the residual above 0 that long).
 */
async function peakOfGradient(backward: BackwardOptions, k: number): Promise<{ peak: number; nit: number[] }> {
  const a = contractiveMatrix(N, 0.95, 1).tensor;
  const b = normals(N, P, 2, 0.5).tensor;
  const u = normals(BATCH, P, 3).tensor;
  const w = normals(BATCH, N, 4).tensor;
  const bias = tf.zeros([N]) as tf.Tensor1D;
  const nit: number[] = [];
  const fixed = { tol: 0, maxIter: k };
  const o = {
    activation: resolveActivation('tanh'),
    forward: resolveFixedPointOptions('forward', fixed),
    backward: resolveBackwardOptions(backward.method === 'implicit' ? { ...backward, solver: fixed } : backward),
    onForward: (d: { nit: number }) => nit.push(d.nit),
  };
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    const g = tf.grads((uu, aa, bb) => tf.sum(tf.mul(w, equilibrium(uu as tf.Tensor2D, aa as tf.Tensor2D, bb as tf.Tensor2D, bias, o))));
    tf.dispose(g([u, a, b]));
  });
  tf.dispose([a, b, u, w, bias]);
  return { peak: info.peakBytes - before, nit };
}

describeBackends(['cpu', 'wasm'], 'backward memory', () => {
  it('implicit and phantom gradients keep the same peak memory for 10 and 40 forward steps; unrolled grows with the steps', async () => {
    for (const backward of [{ method: 'implicit' }, { method: 'phantom', steps: 1 }] as BackwardOptions[]) {
      const short = await peakOfGradient(backward, 10);
      const long = await peakOfGradient(backward, 40);
      expect([short.nit[0], long.nit[0]]).toEqual([10, 40]);
      expect(long.peak).toBe(short.peak);
    }
    const short = await peakOfGradient({ method: 'unrolled' }, 10);
    const long = await peakOfGradient({ method: 'unrolled' }, 40);
    // The tape keeps every step's pre-activation and state: at least two [batch, n] tensors per extra step.
    expect(long.peak - short.peak).toBeGreaterThanOrEqual(30 * 2 * STATE_BYTES);
  });
});
