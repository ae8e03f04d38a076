/** A 2-D convolution with hard-concrete L0 gates on its output channels or on every weight. */
import * as tf from '@tensorflow/tfjs';
import { requireInteger, SparsekitError } from '@sparsekit/tensor';
import { applyActivation, GATE_KEYS, rejectUnknownKeys, type L0GateOptions } from './internal/gate-config.js';
import { GatedLayer } from './internal/gated-layer.js';
import { channelGate } from './internal/channel-gate-kernel.js';
import { onHostBackend } from './internal/host-gates.js';

/** Options of {@link l0Conv2d} (channels-last, dilation 1). */
export interface L0Conv2dOptions extends L0GateOptions {
  readonly filters: number;
  readonly kernelSize: number | [number, number];
  readonly strides?: number | [number, number];
  readonly padding?: 'valid' | 'same';
}

function pair(argument: string, v: number | [number, number]): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2) throw new SparsekitError({ argument, value: v, expected: 'an integer >= 1 or a pair of them' });
  return [requireInteger(argument, p[0], 1), requireInteger(argument, p[1], 1)];
}

/**
 * y_c = z_c·act(conv(x, W)_c + b_c) with one gate per output channel ('structured', the default),
 * or y = act(conv(x, W ⊙ z) + b) with one gate per weight ('unstructured').
 *
 * Bias: a structured gate switches its whole channel, bias included, in training and in
 * evaluation alike, so a closed channel outputs exactly 0 and can be removed by `purge`. (AMLab's
 * `L0Conv2d` drops the bias in its training path and adds it at evaluation, so what is trained is
 * not what is evaluated.) Unstructured gates leave the bias ungated. The structured gate multiplies
 * after the activation, so a closed channel is exactly 0 whatever the activation.
 *
 * Training the kernel needs the `Conv2DBackpropFilter` kernel: cpu, or wasm with the native kernels
 * of `@sparsekit/native` installed (`useBackend`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { L0Conv2d } from '@sparsekit/models-l0';
 * const conv = new L0Conv2d({ filters: 8, kernelSize: 3, inputShape: [12, 12, 1], activation: 'relu' });
 * tf.sequential({ layers: [conv] });
 * conv.weightsPerGate(); // 9: one gate per output channel of a 3×3×1 kernel
 * ```
 */
export class L0Conv2d extends GatedLayer {
  static className = 'L0Conv2d';
  readonly filters: number;
  readonly kernelSizePair: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';

  constructor(config: L0Conv2dOptions) {
    rejectUnknownKeys('l0Conv2d', config, ['filters', 'kernelSize', 'strides', 'padding', ...GATE_KEYS]);
    super('l0Conv2d', config);
    this.filters = requireInteger('l0Conv2d.filters', config.filters, 1);
    this.kernelSizePair = pair('l0Conv2d.kernelSize', config.kernelSize);
    this.strides = pair('l0Conv2d.strides', config.strides ?? 1);
    this.padding = config.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') {
      throw new SparsekitError({ argument: 'l0Conv2d.padding', value: this.padding, expected: "'valid' or 'same'" });
    }
    if (this.options.activation === 'softmax') {
      throw new SparsekitError({
        argument: 'l0Conv2d.activation',
        value: 'softmax',
        expected: 'an elementwise activation (linear, relu, tanh, sigmoid)',
      });
    }
  }

  protected kernelShape(inputShape: number[]): number[] {
    if (inputShape.length !== 4) {
      throw new SparsekitError({
        argument: 'l0Conv2d input shape',
        value: inputShape,
        expected: 'rank 4 [batch, height, width, channels]',
        code: 'shape_mismatch',
      });
    }
    return [...this.kernelSizePair, inputShape[3], this.filters];
  }

  protected gateShape(kernelShape: number[]): number[] {
    return this.options.structure === 'structured' ? [this.filters] : kernelShape;
  }

  protected kernelFan(kernelShape: number[]): number {
    return kernelShape[0] * kernelShape[1] * kernelShape[3];
  }

  weightsPerGate(): number {
    return this.options.structure === 'structured' ? this.kernelSize() / this.filters : 1;
  }

  protected weightsPerRow(): number {
    return 1;
  }

  protected biasSize(): number {
    return this.filters;
  }

  protected sumPerGate(perWeight: tf.Tensor): tf.Tensor {
    return this.options.structure === 'structured' ? tf.sum(tf.reshape(perWeight, [-1, this.filters]), 0) : perWeight;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    const out = (n: number | null, k: number, s: number): number | null => {
      if (n === null) return null;
      return this.padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
    };
    const [kh, kw] = this.kernelSizePair;
    return [inputShape[0], out(inputShape[1], kh, this.strides[0]), out(inputShape[2], kw, this.strides[1]), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const training = kwargs['training'] === true;
      let w = this.kernel.read() as tf.Tensor4D;
      const structured = this.options.structure === 'structured';
      if (!structured) w = tf.mul(w, this.gates(training, w.shape)) as tf.Tensor4D;
      let y: tf.Tensor = tf.conv2d(x, w, this.strides, this.padding);
      if (this.bias) y = tf.add(y, this.bias.read());
      y = applyActivation(y, this.options.activation);
      if (structured) {
        const shape = this.options.sampling === 'example' ? [x.shape[0], 1, 1, this.filters] : [this.filters];
        if (training && onHostBackend()) {
          const { gate, slope } = this.hostSample(shape.reduce((p, q) => p * q, 1));
          return channelGate(y as tf.Tensor4D, this.logAlpha.read() as tf.Tensor1D, gate, slope, shape);
        }
        y = tf.mul(y, this.gates(training, shape));
      }
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSizePair,
      strides: this.strides,
      padding: this.padding,
      ...this.baseGateConfig(),
    };
  }
}

tf.serialization.registerClass(L0Conv2d);

/**
 * Creates an {@link L0Conv2d} layer.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l0Conv2d } from '@sparsekit/models-l0';
 * const conv = l0Conv2d({ filters: 20, kernelSize: 5, activation: 'relu', inputShape: [28, 28, 1] });
 * const model = tf.sequential({ layers: [conv, tf.layers.flatten(), tf.layers.dense({ units: 10 })] });
 * model.predict(tf.zeros([1, 28, 28, 1]));
 * ```
 */
export function l0Conv2d(options: L0Conv2dOptions): L0Conv2d {
  return new L0Conv2d(options);
}
