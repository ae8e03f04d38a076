import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { SparsekitError, tapeNode } from './index.js';
import { describeBackends, expectClose, expectNoLeaks } from './testing.js';

/** a·b summed, with a written gradient; `calls` counts which input gradients the tape asked for. */
function dotNode(a: tf.Tensor, b: tf.Tensor, calls: string[]): tf.Scalar {
  return tapeNode<tf.Scalar>({
    inputs: { a, b },
    forward: (save) => {
      save([a, b]);
      return tf.sum(tf.mul(a, b));
    },
    gradients: (dy, [sa, sb]) => ({
      a: () => {
        calls.push('a');
        return tf.mul(sb, dy);
      },
      b: () => {
        calls.push('b');
        return tf.mul(sa, dy);
      },
    }),
  });
}

describeBackends(['cpu', 'wasm'], 'tapeNode', () => {
  it('its gradient equals tf.grads of the same function from stock ops, chained through later ops', () => {
    tf.tidy(() => {
      const a = tf.tensor1d([1, -2, 3]);
      const b = tf.tensor1d([0.5, 4, -1]);
      const ours = (p: tf.Tensor, q: tf.Tensor) => tf.square(dotNode(p, q, []));
      const stock = (p: tf.Tensor, q: tf.Tensor) => tf.square(tf.sum(tf.mul(p, q)));
      expectClose(ours(a, b), stock(a, b), { rtol: 1e-6 });
      const [ga, gb] = tf.grads(ours)([a, b]);
      const [wa, wb] = tf.grads(stock)([a, b]);
      expectClose(ga, wa, { rtol: 1e-6 });
      expectClose(gb, wb, { rtol: 1e-6 });
    });
  });

  it('computes only the gradients the tape asks for', () => {
    tf.tidy(() => {
      const a = tf.tensor1d([1, 2]);
      const b = tf.tensor1d([3, 4]);
      const calls: string[] = [];
      const g = tf.grad((p: tf.Tensor) => dotNode(p, b, calls))(a);
      expectClose(g, [3, 4]);
      expect(calls).toEqual(['a']);
    });
  });

  it('leaks nothing: saved clones and intermediates are released with the tape', async () => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([3, 4]);
    await expectNoLeaks(() => dotNode(a, b, []).dispose());
    await expectNoLeaks(() =>
      tf
        .grads((p: tf.Tensor, q: tf.Tensor) => dotNode(p, q, []))([a, b])
        .forEach((t) => t.dispose()),
    );
    tf.dispose([a, b]);
  });

  it('rejects a non-tensor input or a missing function, naming the argument', () => {
    const a = tf.scalar(1);
    const forward = () => tf.scalar(0);
    const gradients = () => ({});
    expect(() => tapeNode({ inputs: { a, b: [1] as never }, forward, gradients })).toThrow(SparsekitError);
    expect(() => tapeNode({ inputs: { a, b: [1] as never }, forward, gradients })).toThrow(/inputs\.b/);
    expect(() => tapeNode({ inputs: { a }, forward: undefined as never, gradients })).toThrow(/forward/);
    expect(() => tapeNode({ inputs: { a }, forward, gradients: 1 as never })).toThrow(/gradients/);
    a.dispose();
  });
});
