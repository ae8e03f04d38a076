/**
 * Conversion of a feedforward network of dense layers into the equivalent implicit model:
 * the state stacks the hidden layers, last first, so A is strictly upper block-triangular
 * (nilpotent: Picard is exact after depth + 1 evaluations).
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { ImplicitLayer } from './implicit-layer.js';
import type { FixedPointOptions } from './solver-options.js';

interface DenseParts {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D | null;
  activation: string;
}

function denseParts(model: tf.Sequential): DenseParts[] {
  return model.layers.map((layer, i) => {
    const config = layer.getConfig();
    if (layer.getClassName() !== 'Dense') {
      throw new SparsekitError({
        argument: `model.layers[${i}]`,
        value: layer.getClassName(),
        code: 'unsupported',
        expected: 'Dense layers only',
      });
    }
    const [kernel, bias] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D | undefined];
    return { kernel, bias: bias ?? null, activation: String(config.activation) };
  });
}

const PHI: Record<string, string> = { relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' };

/** Places blocks into an all-zero [rows, cols] matrix; blocks are [rowOffset, colOffset, block]. */
function assemble(rows: number, cols: number, blocks: [number, number, tf.Tensor2D][]): tf.Tensor2D {
  return tf.tidy(() => {
    let m = tf.zeros([rows, cols]) as tf.Tensor2D;
    for (const [r, c, b] of blocks) {
      const [h, w] = b.shape;
      m = tf.add(
        m,
        tf.pad(b, [
          [r, rows - r - h],
          [c, cols - c - w],
        ]),
      ) as tf.Tensor2D;
    }
    return m;
  });
}

/**
 * Builds an implicit layer computing exactly what a `tf.sequential` of dense layers computes
 * (hidden activations relu, tanh, sigmoid or linear, all the same; the last layer's activation,
 * if any, is returned as `outputActivation` to apply after the layer). The layer's forward
 * solver defaults to Picard with `maxIter` = depth + 1 and tol 0, which is exact here. A may
 * exceed ‖A‖∞ ≤ κ: the model is well posed anyway (λ_pf(|A|) = 0), so do not `project()` it
 * unless you mean to change the function.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fromSequential } from '@sparsekit/models-implicit';
 * const mlp = tf.sequential({ layers: [tf.layers.dense({ units: 5, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 2 })] });
 * const { layer } = fromSequential(mlp);
 * const model = tf.sequential({ layers: [layer] });
 * (model.predict(tf.ones([1, 3])) as tf.Tensor).shape; // [1, 2]
 * ```
 */
export function fromSequential(
  model: tf.Sequential,
  options: { forward?: FixedPointOptions; name?: string } = {},
): { layer: ImplicitLayer; outputActivation: string } {
  const parts = denseParts(model);
  if (parts.length < 2)
    throw new SparsekitError({ argument: 'model.layers', value: parts.length, expected: 'at least two dense layers (one hidden)' });
  const hidden = parts.slice(0, -1);
  const out = parts[parts.length - 1];
  const phi = hidden[0].activation;
  if (!(phi in PHI) || hidden.some((h) => h.activation !== phi)) {
    throw new SparsekitError({
      argument: 'model',
      value: hidden.map((h) => h.activation),
      code: 'unsupported',
      expected: 'hidden layers sharing one of relu, tanh, sigmoid, linear',
    });
  }
  const sizes = hidden.map((h) => h.kernel.shape[1]);
  const n = sizes.reduce((s, v) => s + v, 0);
  const p = hidden[0].kernel.shape[0];
  const q = out.kernel.shape[1];
  // Hidden layer l sits at offset[l]; the last hidden layer comes first.
  const offset = sizes.map((_, l) => sizes.slice(l + 1).reduce((s, v) => s + v, 0));
  const weights = tf.tidy(() => {
    const a = assemble(
      n,
      n,
      hidden.slice(1).map((h, i) => [offset[i + 1], offset[i], h.kernel.transpose() as tf.Tensor2D]),
    );
    const b = assemble(n, p, [[offset[0], 0, hidden[0].kernel.transpose() as tf.Tensor2D]]);
    const c = assemble(q, n, [[0, offset[hidden.length - 1], out.kernel.transpose() as tf.Tensor2D]]);
    const bias = tf.concat(hidden.map((h) => h.bias ?? tf.zeros([h.kernel.shape[1]])).reverse()) as tf.Tensor1D;
    // Clones: the dense layers keep their own variables.
    return [a, b, c, tf.zeros([q, p]), bias, out.bias ? tf.clone(out.bias) : tf.zeros([q])];
  });
  const layer = new ImplicitLayer({
    units: q,
    hiddenUnits: n,
    activation: PHI[phi],
    inputShape: [p],
    name: options.name,
    forward: options.forward ?? { method: 'picard', maxIter: hidden.length + 1, tol: 0 },
  });
  tf.sequential({ layers: [layer] });
  layer.setWeights(weights);
  tf.dispose(weights);
  return { layer, outputActivation: out.activation };
}
