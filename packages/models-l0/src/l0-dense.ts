/** A dense layer with hard-concrete L0 gates on its input features or on every weight. */
import * as tf from '@tensorflow/tfjs';
import { fusedDense, requireInteger, SparsekitError } from '@sparsekit/tensor';
import { applyActivation, GATE_KEYS, rejectUnknownKeys, type L0GateOptions } from './internal/gate-config.js';
import { GatedLayer } from './internal/gated-layer.js';
import { gatedDense } from './internal/gated-dense-kernel.js';
import { onHostBackend } from './internal/host-gates.js';

/** Options of {@link l0Dense}. */
export interface L0DenseOptions extends L0GateOptions {
  /** Output units. */
  readonly units: number;
}

/**
 * y = act((x ⊙ z) W + b) with one gate per input feature ('structured', AMLab's `L0Dense`), or
 * y = act(x (W ⊙ z) + b) with one gate per weight ('unstructured'). The bias is not gated: with
 * every gate closed the layer outputs act(b). Training samples gates (per minibatch or per
 * example); evaluation uses the deterministic gate of `testGate`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { L0Dense } from '@sparsekit/models-l0';
 * const layer = new L0Dense({ units: 4, inputShape: [3], structure: 'unstructured' });
 * tf.sequential({ layers: [layer] });
 * layer.l0().fraction; // ≈ 0.83 at drop rate 0.5
 * ```
 */
export class L0Dense extends GatedLayer {
  static className = 'L0Dense';
  readonly units: number;
  private inputDim = 0;

  constructor(config: L0DenseOptions) {
    rejectUnknownKeys('l0Dense', config, ['units', ...GATE_KEYS]);
    super('l0Dense', config);
    this.units = requireInteger('l0Dense.units', config.units, 1);
  }

  protected kernelShape(inputShape: number[]): number[] {
    if (inputShape.length !== 2) {
      throw new SparsekitError({
        argument: 'l0Dense input shape',
        value: inputShape,
        expected: 'rank 2 [batch, features] (flatten first)',
        code: 'shape_mismatch',
      });
    }
    this.inputDim = inputShape[1];
    return [this.inputDim, this.units];
  }

  protected gateShape(kernelShape: number[]): number[] {
    return this.options.structure === 'structured' ? [kernelShape[0]] : kernelShape;
  }

  protected kernelFan(kernelShape: number[]): number {
    return kernelShape[0];
  }

  weightsPerGate(): number {
    return this.options.structure === 'structured' ? this.units : 1;
  }

  protected weightsPerRow(): number {
    return this.options.structure === 'structured' ? this.units : 1;
  }

  protected biasSize(): number {
    return this.units;
  }

  protected sumPerGate(perWeight: tf.Tensor): tf.Tensor {
    return this.options.structure === 'structured' ? tf.sum(perWeight, 1) : perWeight;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const training = kwargs['training'] === true;
      if (training && this.options.structure === 'structured' && onHostBackend()) return this.callHostGated(x);
      const w = this.kernel.read() as tf.Tensor2D;
      const [a, b] =
        this.options.structure === 'structured'
          ? [tf.mul(x, this.gates(training, this.options.sampling === 'example' ? [x.shape[0], this.inputDim] : [this.inputDim])), w]
          : [x, tf.mul(w, this.gates(training, w.shape))];
      const act = this.options.activation;
      const bias = this.bias?.read() as tf.Tensor1D | undefined;
      if (act === 'relu' || act === 'linear') return fusedDense({ x: a as tf.Tensor2D, kernel: b as tf.Tensor2D, bias, activation: act });
      const y = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
      return applyActivation(bias ? tf.add(y, bias) : y, act);
    });
  }

  /**
   * Training with input gates on cpu or wasm: the gates are sampled on the host and the gated
   * product, bias and ReLU run as one kernel with one gradient kernel (other activations follow it).
   */
  private callHostGated(x: tf.Tensor2D): tf.Tensor {
    const gateShape = this.options.sampling === 'example' ? [x.shape[0], this.inputDim] : [this.inputDim];
    const { gate, slope } = this.hostSample(gateShape.reduce((p, q) => p * q, 1));
    const act = this.options.activation;
    const fused = act === 'relu' || act === 'linear';
    const y = gatedDense({
      x,
      kernel: this.kernel.read() as tf.Tensor2D,
      bias: this.bias?.read() as tf.Tensor1D | undefined,
      logAlpha: this.logAlpha.read() as tf.Tensor1D,
      activation: fused ? act : 'linear',
      gate,
      slope,
      gateShape,
    });
    return fused ? y : applyActivation(y, act);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, ...this.baseGateConfig() };
  }
}

tf.serialization.registerClass(L0Dense);

/**
 * Creates an {@link L0Dense} layer.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l0Dense } from '@sparsekit/models-l0';
 * const model = tf.sequential({ layers: [
 *   l0Dense({ units: 300, inputShape: [784], activation: 'relu', lambda: 0.1, datasetSize: 60000, dropRate: 0.2 }),
 *   l0Dense({ units: 10, activation: 'softmax', lambda: 0.1, datasetSize: 60000 }),
 * ] });
 * model.predict(tf.zeros([2, 784])); // deterministic gates in evaluation
 * ```
 */
export function l0Dense(options: L0DenseOptions): L0Dense {
  return new L0Dense(options);
}
