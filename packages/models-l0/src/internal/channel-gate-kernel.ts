/**
 * Output-channel gates of a structured L0 conv layer in training, y ⊙ z, as one kernel under the
 * gradient tape with its gradient as one more kernel. The gates come from the host (see
 * `host-gates.ts`) with their slope ∂z/∂log α, as kernel attributes, so neither the gate sample
 * nor its gradient is a chain of device ops.
 */
import * as tf from '@tensorflow/tfjs';

const KERNEL = 'SparsekitL0ChannelGate';
const GRAD = 'SparsekitL0ChannelGateGrad';

interface GateAttrs {
  /** Gates, laid out as `gateShape`: [channels] (one per minibatch) or [batch, 1, 1, channels]. */
  readonly gate: Float32Array;
  /** ∂z/∂log α, laid out like `gate`. */
  readonly slope: Float32Array;
  readonly gateShape: number[];
}

type Info = tf.TensorInfo;
type Backend = { write(values: Float32Array, shape: number[], dtype: tf.DataType): object; disposeData(dataId: object): boolean };
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

function call(name: string, backend: unknown, inputs: Record<string, Info>, attrs: object = {}): Info {
  const k = tf.getKernel(name, tf.getBackend());
  if (k === undefined) throw new Error(`kernel ${name} is not registered for backend ${tf.getBackend()}`);
  return k.kernelFunc({ inputs, backend: backend as never, attrs: attrs as tf.NamedAttrMap }) as Info;
}

const upload = (backend: unknown, values: Float32Array, shape: number[]): Info => ({
  dataId: (backend as Backend).write(values, shape, 'float32') as Info['dataId'],
  shape,
  dtype: 'float32',
});
const release = (backend: unknown, ...ts: Info[]): void => ts.forEach((t) => (backend as Backend).disposeData(t.dataId));

function forward({ inputs, backend, attrs }: KernelArgs): Info {
  const a = attrs as unknown as GateAttrs;
  const z = upload(backend, a.gate, a.gateShape);
  const out = call('Multiply', backend, { a: inputs['y'] as Info, b: z });
  release(backend, z);
  return out;
}

/** Outputs [∂L/∂y = dy ⊙ z, ∂L/∂log α = slope ⊙ Σ(dy ⊙ y) over the axes the gate is shared by]. */
function backward({ inputs, backend, attrs }: KernelArgs): Info[] {
  const { dy, y } = inputs as Record<string, Info>;
  const a = attrs as unknown as GateAttrs;
  const z = upload(backend, a.gate, a.gateShape);
  const dY = call('Multiply', backend, { a: dy, b: z });
  const prod = call('Multiply', backend, { a: dy, b: y });
  const perExample = a.gateShape.length === 4;
  const summed = call('Sum', backend, { x: prod }, { axis: perExample ? [1, 2] : [0, 1, 2], keepDims: false });
  const slopeShape = perExample ? [a.gateShape[0], a.gateShape[3]] : a.gateShape;
  const slope = upload(backend, a.slope, slopeShape);
  const scaled = call('Multiply', backend, { a: summed, b: slope });
  const dLogAlpha = perExample ? call('Sum', backend, { x: scaled }, { axis: [0], keepDims: false }) : scaled;
  release(backend, z, prod, summed, slope);
  if (dLogAlpha !== scaled) release(backend, scaled);
  return [dY, dLogAlpha];
}

const registered = new Set<string>();

tf.registerGradient({
  kernelName: KERNEL,
  inputsToSave: ['y'],
  gradFunc: (dy, saved, attrs) => {
    const [dY, dLogAlpha] = tf.engine().runKernel(GRAD, { dy: dy as tf.Tensor, y: saved[0] }, attrs) as tf.Tensor[];
    return { y: () => dY, logAlpha: () => dLogAlpha };
  },
});

/** y ⊙ z for host-side gates z over the last axis of y ([batch, height, width, channels]), differentiable in y and log α. */
export function channelGate(
  y: tf.Tensor4D,
  logAlpha: tf.Tensor1D,
  gate: Float32Array,
  slope: Float32Array,
  gateShape: number[],
): tf.Tensor4D {
  const backendName = tf.getBackend();
  if (!registered.has(backendName)) {
    tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: forward as tf.KernelFunc });
    tf.registerKernel({ kernelName: GRAD, backendName, kernelFunc: backward as unknown as tf.KernelFunc });
    registered.add(backendName);
  }
  const attrs = { gate, slope, gateShape } as unknown as tf.NamedAttrMap;
  return tf.engine().runKernel(KERNEL, { y, logAlpha }, attrs) as tf.Tensor4D;
}
