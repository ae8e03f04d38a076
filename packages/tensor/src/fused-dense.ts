/**
 * A dense layer's product, bias and activation as one op with a written-out gradient.
 *
 * Under a gradient tape, `tf.fused.matMul` fuses only the linear activation: with ReLU it runs a
 * matMul, an add and a relu as three kernels, each a tape node that clones the tensors its
 * gradient needs (an `Identity` kernel per saved tensor). Training an MLP is then dominated by
 * that per-kernel bookkeeping, not by the products. This op runs one `_FusedMatMul` kernel forward
 * (under the tape too), records one tape node, and its gradient is the activation mask and the
 * three products, each computed only when the tape asks for it.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from './errors.js';

/** Activations whose gradient {@link fusedDense} writes out from the layer's output alone. */
export type FusedDenseActivation = 'linear' | 'relu';

/** Arguments of {@link fusedDense}. */
export interface FusedDenseArgs {
  /** Inputs, [batch, inFeatures]. */
  readonly x: tf.Tensor2D;
  /** Weights, [inFeatures, units] (the layout of `tf.layers.dense`'s kernel). */
  readonly kernel: tf.Tensor2D;
  /** Bias, [units]. Omit for none. */
  readonly bias?: tf.Tensor1D;
  /** Default `'linear'`. */
  readonly activation?: FusedDenseActivation;
}

const ACTIVATIONS: readonly FusedDenseActivation[] = ['linear', 'relu'];
const REAL_DTYPES: readonly tf.DataType[] = ['float32', 'int32', 'bool'];

/**
 * `activation(x · kernel + bias)` in one kernel, differentiable (first order) with respect to
 * x, kernel and bias. Values equal `tf.fused.matMul` with the same arguments; gradients equal the
 * unfused ops' to float32 rounding. At a ReLU kink (output exactly 0) the gradient is 0, as tfjs's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fusedDense } from '@sparsekit/tensor';
 * const x = tf.tensor2d([[1, -2]]);
 * const kernel = tf.tensor2d([[1, 0], [0, 1]]);
 * const y = fusedDense({ x, kernel, bias: tf.tensor1d([0, 1]), activation: 'relu' });
 * Array.from(y.dataSync()); // => [1, 0]
 * ```
 */
export function fusedDense({ x, kernel, bias, activation = 'linear' }: FusedDenseArgs): tf.Tensor2D {
  requireDenseArgs(x, kernel, bias, activation);
  if (x.dtype === 'float32' && kernel.dtype === 'float32' && (bias === undefined || bias.dtype === 'float32')) {
    return run(x, kernel, bias, activation);
  }
  // integer or boolean operands are upcast, as tf.fused.matMul and tf.layers.dense do
  return tf.tidy(() => {
    const f32 = <T extends tf.Tensor>(t: T): T => (t.dtype === 'float32' ? t : (tf.cast(t, 'float32') as T));
    return run(f32(x), f32(kernel), bias === undefined ? undefined : f32(bias), activation);
  });
}

function requireDenseArgs(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined, activation: string): void {
  if (!ACTIVATIONS.includes(activation as FusedDenseActivation)) {
    throw new SparsekitError({ argument: 'activation', value: activation, expected: `one of ${ACTIVATIONS.join(', ')}` });
  }
  if (!(x instanceof tf.Tensor) || x.rank !== 2) {
    throw new SparsekitError({ argument: 'x', value: x, code: 'shape_mismatch', expected: 'a rank-2 tensor [batch, inFeatures]' });
  }
  for (const [argument, t] of [
    ['x', x],
    ['kernel', kernel],
    ['bias', bias],
  ] as const) {
    if (t instanceof tf.Tensor && !REAL_DTYPES.includes(t.dtype)) {
      throw new SparsekitError({ argument, value: t.dtype, expected: `a tensor of dtype ${REAL_DTYPES.join(', ')}` });
    }
  }
  if (!(kernel instanceof tf.Tensor) || kernel.rank !== 2 || kernel.shape[0] !== x.shape[1]) {
    const expected = `a rank-2 tensor [${x.shape[1]}, units] (inFeatures of x)`;
    throw new SparsekitError({ argument: 'kernel', value: kernel, code: 'shape_mismatch', expected });
  }
  if (bias !== undefined && (!(bias instanceof tf.Tensor) || bias.rank !== 1 || bias.shape[0] !== kernel.shape[1])) {
    throw new SparsekitError({ argument: 'bias', value: bias, code: 'shape_mismatch', expected: `a rank-1 tensor [${kernel.shape[1]}]` });
  }
}

/**
 * A kernel of its own, so the gradient can be registered with one lazy function per input: the
 * tape then computes only the gradients it needs (not the first layer's input gradient, the
 * largest product of the backward pass). It forwards to the backend's `_FusedMatMul`.
 */
const KERNEL = 'SparsekitFusedDense';

/** Every backend's `_FusedMatMul` takes batched operands: rank-3 views of the same data, no copy. */
const batched = (t: tf.TensorInfo): tf.TensorInfo => ({ dataId: t.dataId, shape: [1, ...t.shape], dtype: t.dtype });

function registerFor(backendName: string): void {
  if (tf.getKernel('_FusedMatMul', backendName) === undefined) {
    throw new SparsekitError({
      argument: 'backend',
      value: backendName,
      code: 'unsupported',
      expected: 'a backend with a _FusedMatMul kernel',
    });
  }
  tf.registerKernel({
    kernelName: KERNEL,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      // looked up per call: @sparsekit/native installs and restores its own _FusedMatMul at run time
      const fused = tf.getKernel('_FusedMatMul', backendName)!;
      const { x, kernel, bias } = inputs as Record<string, tf.TensorInfo>;
      const fusedInputs: Record<string, tf.TensorInfo> = { a: batched(x), b: batched(kernel) };
      if (bias !== undefined) fusedInputs.bias = bias;
      const fusedAttrs = { transposeA: false, transposeB: false, activation: (attrs as { activation: string }).activation };
      const out = fused.kernelFunc({ inputs: fusedInputs, backend, attrs: fusedAttrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
      return { dataId: out.dataId, shape: [x.shape[0], kernel.shape[1]], dtype: out.dtype };
    },
  });
}

tf.registerGradient({
  kernelName: KERNEL,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, y] = saved as tf.Tensor2D[];
    const activation = (attrs as unknown as { activation: FusedDenseActivation }).activation;
    // dL/d(pre-activation): dy where the ReLU passed its input, 0 where it clipped (output ≤ 0)
    const dz = activation === 'relu' ? tf.mul(dy as tf.Tensor2D, tf.step(y)) : (dy as tf.Tensor2D);
    return {
      x: () => tf.matMul(dz, kernel, false, true),
      kernel: () => tf.matMul(x, dz, true, false),
      bias: () => tf.sum(dz, 0),
    };
  },
});

function run(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | undefined, activation: FusedDenseActivation): tf.Tensor2D {
  const backendName = tf.getBackend();
  if (tf.getKernel(KERNEL, backendName) === undefined) registerFor(backendName);
  const inputs: tf.NamedTensorMap = bias === undefined ? { x, kernel } : { x, kernel, bias };
  return tf.engine().runKernel(KERNEL, inputs, { activation } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
