import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { lasso } from '@sparsekit/solvers/sparse-glm';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { implicitLayer, simFit, simFromTeacher, wellPosedness, type SimResult } from './index.js';
import { normals } from './internal/fixtures.js';

function teacher(scale: number, activation: 'relu' | 'tanh' = 'relu'): tf.Sequential {
  const init = (seed: number) => tf.initializers.randomUniform({ minval: -scale, maxval: scale, seed });
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, activation, inputShape: [4], kernelInitializer: init(1), biasInitializer: init(2) }),
      tf.layers.dense({ units: 5, activation, kernelInitializer: init(3), biasInitializer: init(4) }),
      tf.layers.dense({ units: 3, kernelInitializer: init(5), biasInitializer: init(6) }),
    ],
  });
}

function studentOf(r: SimResult): tf.Sequential {
  const layer = implicitLayer({ units: 3, hiddenUnits: 11, activation: 'tanh', inputShape: [4], forward: { tol: 1e-7 } });
  const model = tf.sequential({ layers: [layer] });
  layer.setWeights([r.A, r.B, r.C, r.D, r.stateBias, r.bias]);
  return model;
}

describeBackends(['cpu', 'wasm'], 'SIM', () => {
  it('recovers a teacher whose ‖A‖∞ ≤ κ: the implicit student reproduces its logits', () => {
    // tanh states are not linear in u, so the regression has a unique solution: the teacher's.
    // |w| ≤ 0.15 keeps the teacher's rows of A (6 weights each) at L1 norm ≤ 0.9 < κ.
    const t = teacher(0.15, 'tanh');
    const u = normals(128, 4, 7).tensor;
    const r = simFromTeacher(t, u, { lambda: 1e-7, maxIter: 600, tol: 1e-7 });
    if (E.isLeft(r)) throw r.left;
    const student = studentOf(r.right);
    const [want, got] = [t.predict(u) as tf.Tensor, student.predict(u) as tf.Tensor];
    const err = tf.max(tf.abs(tf.sub(want, got))).dataSync()[0];
    const scale = tf.max(tf.abs(want)).dataSync()[0];
    expect(err).toBeLessThan(1e-2 * scale);
    tf.dispose([u, want, got, r.right.A, r.right.B, r.right.C, r.right.D, r.right.stateBias, r.right.bias]);
    student.dispose();
  });

  it('keeps every row of A in the κ ball even when the teacher does not', () => {
    const t = teacher(1);
    const u = normals(128, 4, 8).tensor;
    const r = simFromTeacher(t, u, { kappa: 0.3, lambda: 1e-4, maxIter: 50 });
    if (E.isLeft(r)) throw r.left;
    expect(wellPosedness(r.right.A).normInf).toBeLessThanOrEqual(0.3 * (1 + 1e-5));
    tf.dispose([u, r.right.A, r.right.B, r.right.C, r.right.D, r.right.stateBias, r.right.bias]);
  });

  it('unconstrained rows (C, D) equal the project Lasso solution', () => {
    const x = tf.relu(normals(200, 5, 9).tensor) as tf.Tensor2D;
    const u = normals(200, 3, 10).tensor;
    const y = tf.tidy(() =>
      tf.add(tf.matMul(x, tf.tensor2d([[1], [0], [-2], [0], [0.5]])), tf.mul(0.1, normals(200, 1, 11).tensor)),
    ) as tf.Tensor2D;
    const r = simFit(
      { states: x, preActivations: x, inputs: u, outputs: y },
      { lambda: 0.05, fitBias: false, maxIter: 1000, tol: 1e-7, threshold: 0 },
    );
    if (E.isLeft(r)) throw r.left;
    const ref = lasso({ X: tf.concat([x, u], 1) as tf.Tensor2D, y: y.reshape([200]) as tf.Tensor1D, lambda: 0.05 }, { tol: 1e-10 });
    if (E.isLeft(ref)) throw ref.left;
    const got = [...r.right.C.dataSync(), ...r.right.D.dataSync()];
    const want = Array.from(ref.right.x.dataSync());
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4);
    expect(want.filter((v) => v === 0).length).toBeGreaterThan(0);
    tf.dispose([x, u, y, ref.right.x, r.right.A, r.right.B, r.right.C, r.right.D, r.right.stateBias, r.right.bias]);
  });

  it('is leak-free and rejects mismatched data', async () => {
    const t = teacher(0.5);
    const u = normals(32, 4, 12).tensor;
    await expectNoLeaks(() => {
      const r = simFromTeacher(t, u, { maxIter: 20, rowBatch: 4 });
      if (E.isRight(r)) tf.dispose([r.right.A, r.right.B, r.right.C, r.right.D, r.right.stateBias, r.right.bias]);
    });
    const z = tf.zeros([31, 2]) as tf.Tensor2D;
    expect(() => simFit({ states: tf.zeros([32, 2]) as tf.Tensor2D, preActivations: z, inputs: u, outputs: z })).toThrow(
      /data\.preActivations/,
    );
    expect(() => simFit({ states: z, preActivations: z, inputs: z, outputs: z }, { kapa: 1 } as never)).toThrow(/options\.kapa/);
    tf.dispose([u, z]);
  });
});
