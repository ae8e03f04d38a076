import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { fusedDense, SparsekitError, type FusedDenseActivation } from './index.js';
import { describeBackends, expectClose, expectNoLeaks } from './testing.js';

/** The same layer from stock unfused ops: the gradient oracle. */
function reference(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | undefined, activation: FusedDenseActivation): tf.Tensor2D {
  const z: tf.Tensor2D = bias === undefined ? tf.matMul(x, kernel) : tf.add(tf.matMul(x, kernel), bias);
  return activation === 'relu' ? tf.relu(z) : z;
}

function data() {
  const x = tf.randomNormal([7, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
  const kernel = tf.randomNormal([5, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
  const bias = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
  const weights = tf.randomNormal([7, 4], 0, 1, 'float32', 4) as tf.Tensor2D;
  return { x, kernel, bias, weights };
}

describeBackends(['cpu', 'wasm'], 'fusedDense', () => {
  for (const activation of ['linear', 'relu'] as const) {
    for (const withBias of [true, false]) {
      it(`${activation}, ${withBias ? 'with' : 'without'} bias: value and gradients equal the unfused ops`, () => {
        tf.tidy(() => {
          const { x, kernel, bias, weights } = data();
          const b = withBias ? bias : undefined;
          const ours = (xx: tf.Tensor, kk: tf.Tensor, bb: tf.Tensor) =>
            tf.sum(
              tf.mul(
                fusedDense({
                  x: xx as tf.Tensor2D,
                  kernel: kk as tf.Tensor2D,
                  bias: withBias ? (bb as tf.Tensor1D) : undefined,
                  activation,
                }),
                weights,
              ),
            );
          const theirs = (xx: tf.Tensor, kk: tf.Tensor, bb: tf.Tensor) =>
            tf.sum(
              tf.mul(reference(xx as tf.Tensor2D, kk as tf.Tensor2D, withBias ? (bb as tf.Tensor1D) : undefined, activation), weights),
            );
          expectClose(fusedDense({ x, kernel, bias: b, activation }), reference(x, kernel, b, activation), { rtol: 1e-5 });
          // without a bias the op has two inputs: differentiate with respect to those
          const args = withBias ? [x, kernel, bias] : [x, kernel];
          const wrap =
            (f: typeof ours) =>
            (...t: tf.Tensor[]) =>
              f(t[0], t[1], t[2] ?? bias);
          const got = tf.grads(wrap(ours))(args);
          const want = tf.grads(wrap(theirs))(args);
          for (let i = 0; i < args.length; i++) expectClose(got[i], want[i], { rtol: 1e-5 });
        });
      });
    }
  }

  it('runs fewer kernels under the tape than the unfused ReLU layer', async () => {
    const { x, kernel, bias, weights } = data();
    const count = async (f: (k: tf.Tensor) => tf.Tensor2D) => {
      const info = await tf.profile(() => tf.grad((k: tf.Tensor) => tf.sum(tf.mul(f(k), weights)))(kernel));
      return info.kernels.length;
    };
    const fused = await count((k) => fusedDense({ x, kernel: k as tf.Tensor2D, bias, activation: 'relu' }));
    const stock = await count((k) => reference(x, k as tf.Tensor2D, bias, 'relu'));
    expect(fused).toBeLessThan(stock);
    tf.dispose([x, kernel, bias, weights]);
  });

  it('upcasts integer inputs as tf.fused.matMul does, leaking nothing', async () => {
    const x = tf.tensor2d(
      [
        [1, 2],
        [3, -4],
      ],
      undefined,
      'int32',
    );
    const kernel = tf.tensor2d([
      [0.3, -0.7],
      [0.25, 0.5],
    ]);
    const bias = tf.tensor1d([0.1, 0.2]);
    const ours = fusedDense({ x, kernel, bias, activation: 'relu' });
    const theirs = tf.fused.matMul({ a: x, b: kernel, bias, activation: 'relu' });
    expect(ours.dtype).toBe('float32');
    expectClose(ours, theirs, { rtol: 1e-6 });
    await expectNoLeaks(() => fusedDense({ x, kernel, bias, activation: 'relu' }).dispose());
    tf.dispose([x, kernel, bias, ours, theirs]);
  });

  it('leaks nothing, forward or backward', async () => {
    const { x, kernel, bias, weights } = data();
    await expectNoLeaks(() => fusedDense({ x, kernel, bias, activation: 'relu' }).dispose());
    await expectNoLeaks(() => {
      const g = tf.grads((k: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(fusedDense({ x, kernel: k as tf.Tensor2D, bias: b as tf.Tensor1D, activation: 'relu' }), weights)),
      )([kernel, bias]);
      tf.dispose(g);
    });
    tf.dispose([x, kernel, bias, weights]);
  });
});

it('fusedDense rejects a bad activation or shapes, naming the argument', () => {
  const x = tf.zeros([2, 3]) as tf.Tensor2D;
  const kernel = tf.zeros([3, 4]) as tf.Tensor2D;
  const cases: [() => unknown, string][] = [
    [() => fusedDense({ x, kernel, activation: 'tanh' as FusedDenseActivation }), 'activation'],
    [() => fusedDense({ x: tf.zeros([3]) as unknown as tf.Tensor2D, kernel }), 'x'],
    [() => fusedDense({ x, kernel: tf.zeros([4, 4]) as tf.Tensor2D }), 'kernel'],
    [() => fusedDense({ x, kernel, bias: tf.zeros([3]) as tf.Tensor1D }), 'bias'],
  ];
  for (const [f, argument] of cases) {
    expect(f).toThrow(SparsekitError);
    try {
      f();
    } catch (e) {
      expect((e as SparsekitError).argument).toBe(argument);
    }
  }
  tf.dispose([x, kernel]);
});
