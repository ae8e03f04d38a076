import * as tf from '@tensorflow/tfjs';
import { Matrix, inverse } from 'ml-matrix';
import { expect, it } from 'vitest';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import {
  equilibrium,
  resolveActivation,
  resolveBackwardOptions,
  resolveFixedPointOptions,
  type BackwardOptions,
  type EquilibriumOptions,
  type FixedPointOptions,
} from './index.js';
import { contractiveMatrix, normals } from './internal/fixtures.js';

const [N, P, BATCH] = [8, 5, 4];

function options(activation: string, backward: BackwardOptions, forward: FixedPointOptions = { tol: 0, maxIter: 80 }): EquilibriumOptions {
  return {
    activation: resolveActivation(activation),
    forward: resolveFixedPointOptions('forward', forward),
    backward: resolveBackwardOptions(backward),
  };
}

function problem(kappa: number, seed: number) {
  const a = contractiveMatrix(N, kappa, seed);
  const b = normals(N, P, seed + 1, 0.5);
  const u = normals(BATCH, P, seed + 2);
  const bias = normals(1, N, seed + 3, 0.1);
  const w = normals(BATCH, N, seed + 4);
  return { a, b, u, bias: { values: bias.values, tensor: bias.tensor.reshape([N]) as tf.Tensor1D }, w };
}

type Problem = ReturnType<typeof problem>;

/** Gradients of L = Σ W ⊙ X(U, A, B, b) with respect to U, A, B, b. */
function gradients(p: Problem, o: EquilibriumOptions): number[][] {
  const g = tf.grads((u, a, b, bias) =>
    tf.sum(tf.mul(p.w.tensor, equilibrium(u as tf.Tensor2D, a as tf.Tensor2D, b as tf.Tensor2D, bias as tf.Tensor1D, o))),
  );
  const out = g([p.u.tensor, p.a.tensor, p.b.tensor, p.bias.tensor]);
  const values = out.map((t) => Array.from(t.dataSync()));
  tf.dispose(out);
  return values;
}

function relativeError(got: number[], want: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num += (got[i] - want[i]) ** 2;
    den += want[i] ** 2;
  }
  return Math.sqrt(num / den);
}

describeBackends(['cpu', 'wasm'], 'equilibrium', () => {
  it('with a linear φ equals the closed form X = (UBᵀ + b)(I − Aᵀ)⁻¹ computed in float64', () => {
    const p = problem(0.9, 10);
    const x = equilibrium(p.u.tensor, p.a.tensor, p.b.tensor, p.bias.tensor, options('linear', {}, { tol: 1e-7, maxIter: 1000 }));
    const [a, b, u] = [new Matrix(N, N), new Matrix(N, P), new Matrix(BATCH, P)];
    for (let i = 0; i < N * N; i++) a.set(Math.floor(i / N), i % N, p.a.values[i]);
    for (let i = 0; i < N * P; i++) b.set(Math.floor(i / P), i % P, Math.fround(p.b.values[i]));
    for (let i = 0; i < BATCH * P; i++) u.set(Math.floor(i / P), i % P, Math.fround(p.u.values[i]));
    const drive = u.mmul(b.transpose());
    for (let r = 0; r < BATCH; r++) for (let j = 0; j < N; j++) drive.set(r, j, drive.get(r, j) + Math.fround(p.bias.values[j]));
    const want = drive.mmul(inverse(Matrix.eye(N).sub(a.transpose()))).to1DArray();
    const got = Array.from(x.dataSync());
    const scale = Math.max(...want.map(Math.abs));
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5 * scale);
    x.dispose();
  });

  it.each(['tanh', 'relu', 'sigmoid', 'leakyRelu'])('%s: implicit gradients match unrolled autodiff to 1e-5 relative', (act) => {
    const p = problem(0.5, 20);
    const implicit = gradients(p, options(act, { method: 'implicit', solver: { tol: 0, maxIter: 80 } }));
    const unrolled = gradients(p, options(act, { method: 'unrolled' }));
    for (let k = 0; k < 4; k++) expect(relativeError(implicit[k], unrolled[k])).toBeLessThan(1e-5);
  });

  it('a long phantom gradient converges to the implicit one; the 1-step (JFB) gradient differs', () => {
    const p = problem(0.5, 30);
    const implicit = gradients(p, options('tanh', { solver: { tol: 0, maxIter: 80 } }));
    const phantom = gradients(p, options('tanh', { method: 'phantom', steps: 60 }));
    const jfb = gradients(p, options('tanh', { method: 'phantom', steps: 1 }));
    for (let k = 0; k < 4; k++) expect(relativeError(phantom[k], implicit[k])).toBeLessThan(1e-5);
    expect(relativeError(jfb[1], implicit[1])).toBeGreaterThan(1e-2);
  });

  it('implicit gradients match central finite differences along random directions (tanh, h = 1e-2)', () => {
    const p = problem(0.8, 40);
    const o = options('tanh', { solver: { tol: 0, maxIter: 200 } }, { tol: 0, maxIter: 200 });
    const grads = gradients(p, o);
    const inputs = [p.u.tensor, p.a.tensor, p.b.tensor, p.bias.tensor];
    const loss = (ts: tf.Tensor[]) =>
      tf.tidy(
        () =>
          tf
            .sum(tf.mul(p.w.tensor, equilibrium(ts[0] as tf.Tensor2D, ts[1] as tf.Tensor2D, ts[2] as tf.Tensor2D, ts[3] as tf.Tensor1D, o)))
            .dataSync()[0],
      );
    for (let k = 0; k < 4; k++) {
      // A unit direction, so that h is the actual step length.
      const dir = tf.tidy(() => {
        const r = normals(1, inputs[k].size, 50 + k).tensor;
        return tf.div(r, tf.norm(r)).reshape(inputs[k].shape);
      });
      const h = 1e-2;
      const shifted = (s: number) => loss(inputs.map((t, i) => (i === k ? tf.add(t, tf.mul(s * h, dir)) : t)));
      const fd = (shifted(1) - shifted(-1)) / (2 * h);
      const d = dir.dataSync();
      const analytic = grads[k].reduce((acc, g, i) => acc + g * d[i], 0);
      expect(Math.abs(fd - analytic)).toBeLessThan(2e-3 * Math.max(1, Math.abs(analytic)));
      dir.dispose();
    }
  });

  it.each(['implicit', 'phantom', 'unrolled'] as const)('%s forward and backward are leak-free', async (method) => {
    const p = problem(0.7, 60);
    const o = options('relu', { method, steps: 3 }, { tol: 1e-5, maxIter: 100 });
    await expectNoLeaks(() => {
      const g = tf.grads((u, a, b, bias) =>
        tf.sum(equilibrium(u as tf.Tensor2D, a as tf.Tensor2D, b as tf.Tensor2D, bias as tf.Tensor1D, o)),
      );
      tf.dispose(g([p.u.tensor, p.a.tensor, p.b.tensor, p.bias.tensor]));
      tf.dispose(tf.tidy(() => equilibrium(p.u.tensor, p.a.tensor, p.b.tensor, p.bias.tensor, o)));
    }, method);
  });

  it('reports forward and adjoint diagnostics per example', () => {
    const p = problem(0.9, 70);
    const seen: { forward?: number; backward?: number } = {};
    const o = {
      ...options('tanh', { solver: { method: 'anderson', tol: 1e-6 } }, { method: 'broyden', tol: 1e-5 }),
      onForward: (d: { residuals: Float32Array }) => {
        seen.forward = d.residuals.length;
        expect(Math.max(...d.residuals)).toBeLessThanOrEqual(1e-5);
      },
      onBackward: (d: { residuals: Float32Array }) => {
        seen.backward = d.residuals.length;
        expect(Math.max(...d.residuals)).toBeLessThanOrEqual(1e-6);
      },
    };
    tf.dispose(tf.grad((u) => tf.sum(equilibrium(u as tf.Tensor2D, p.a.tensor, p.b.tensor, p.bias.tensor, o)))(p.u.tensor));
    expect(seen).toEqual({ forward: BATCH, backward: BATCH });
  });
});
