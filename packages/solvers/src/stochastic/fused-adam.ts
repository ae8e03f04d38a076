/**
 * Adam with one kernel per variable: tfjs's `AdamOptimizer` (same arithmetic, state, weights and
 * serialized form) whose update runs as the `SparsekitAdam` kernel that `@sparsekit/native`
 * registers for the cpu and wasm backends in Node. tfjs's own update costs 14 elementwise kernels
 * per variable (~0.3 ms of dispatch per step for an MLP's nine variables, plus nine passes over
 * every weight); the kernel makes one pass. Where the kernel is not registered (browsers, WebGL,
 * WebGPU, tfjs-node, installs without the addon) the update is tfjs's own.
 */
import { requireNonNegative, requirePositiveFloat32, SparsekitError } from '@sparsekit/tensor';
import * as tf from '@tensorflow/tfjs';

/** Name of the fused kernel, as `@sparsekit/native` registers it. */
const KERNEL = 'SparsekitAdam';

/** tfjs 4.22 AdamOptimizer's state (TypeScript-private there, the same objects here). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

function requireBeta(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1))
    throw new SparsekitError({ argument, value, expected: 'a number in [0, 1)' });
  return value;
}

/** The moment variable `i` of `moments`, created as tfjs creates it (zeros, not trainable, named `<variable>/<suffix>`). */
function momentOf(moments: AdamState['accumulatedFirstMoment'], i: number, name: string, value: tf.Variable, suffix: string): tf.Variable {
  moments[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
  return moments[i].variable;
}

/**
 * Adam (Kingma & Ba) as `tf.train.adam`, with the update fused into one native kernel per
 * variable on the cpu and wasm backends in Node when `@sparsekit/native` is installed (what
 * `useBackend` does by default). A drop-in `tf.AdamOptimizer`: same constructor and defaults
 * (learning rate 0.001, β1 0.9, β2 0.999, ε the backend's epsilon, 1e-7 on cpu and wasm), same
 * update bit for bit (the same float32 operations in the same order: m ← β1·m + (1 − β1)·g,
 * v ← β2·v + (1 − β2)·g², x ← x − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t)),
 * same state (`getWeights`/`setWeights`), serialized as tfjs's `Adam` (a saved model reloads
 * with a stock `AdamOptimizer` in the same state). From the second step the kernel keeps each
 * variable and moment under its dataId (on wasm writing the heap in place) when nothing else holds
 * that memory; tensors and arrays read from a variable before a step keep their values, as with
 * tfjs's update. Variables that are not float32 take tfjs's update. Throws a `SparsekitError` for a learning rate that is not a positive float32, a β
 * outside [0, 1) or a negative ε.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { FusedAdam } from '@sparsekit/solvers/stochastic';
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: new FusedAdam(0.01), loss: 'meanSquaredError' });
 * const h = await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 3, verbose: 0 });
 * h.history.loss.length; // => 3
 * ```
 */
export class FusedAdam extends tf.AdamOptimizer {
  constructor(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null) {
    requirePositiveFloat32('learningRate', learningRate);
    requireBeta('beta1', beta1);
    requireBeta('beta2', beta2);
    if (epsilon != null) requireNonNegative('epsilon', epsilon);
    super(learningRate, beta1, beta2, epsilon as number);
  }

  /** Whether the next update runs the fused kernel (it is registered for the active backend). */
  get fused(): boolean {
    return tf.getKernel(KERNEL, tf.getBackend()) !== undefined;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!this.fused) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const list = Array.isArray(variableGradients);
    const names = list ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        const m = momentOf(state.accumulatedFirstMoment, i, name, value, 'm');
        const v = momentOf(state.accumulatedSecondMoment, i, name, value, 'v');
        const gradient = list ? variableGradients[i].tensor : variableGradients[name];
        if (gradient == null) return;
        const [x1, m1, v1] = this.update(value, m, v, gradient, state);
        m.assign(m1);
        v.assign(v1);
        value.assign(x1);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  /** One variable's new value and moments: the kernel on float32 data, tfjs's chain of ops otherwise. */
  private update(x: tf.Variable, m: tf.Variable, v: tf.Variable, g: tf.Tensor, state: AdamState): tf.Tensor[] {
    if (x.dtype === 'float32' && g.dtype === 'float32' && tf.util.arraysEqual(x.shape, g.shape) && x.size > 0) {
      const inputs = { x, m, v, g, accBeta1: state.accBeta1, accBeta2: state.accBeta2 };
      const attrs = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate };
      return tf.engine().runKernel(KERNEL, inputs, attrs) as tf.Tensor[];
    }
    const m1 = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
    const v1 = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
    const mHat = tf.div(m1, tf.sub(1, state.accBeta1));
    const vHat = tf.div(v1, tf.sub(1, state.accBeta2));
    return [tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate), x), m1, v1];
  }
}
