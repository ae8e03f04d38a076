/**
 * AMLab's layer penalty Σ_j P_j·(c + ½·wd·‖w_j‖²)/N + ½·wd·‖b‖²/N, P_j = σ(log α_j + shift), as one
 * kernel computed on the host in float64, with its written-out gradient:
 *   ∂/∂log α_j = P_j(1 − P_j)·(c + ½·wd·‖w_j‖²)/N,  ∂/∂w_k = wd·P_{g(k)}·w_k/N,  ∂/∂b = wd·b/N.
 * On the device the same penalty is about ten kernels per layer forward and as many backward.
 */
import * as tf from '@tensorflow/tfjs';
import { readUnchanged, readVariablesInGradient, recordReads, type VariableReads } from './variable-reads.js';

/** One kernel name per input set, so the tape saves (clones) only the inputs that are there. */
const VARIANTS = {
  SparsekitL0Penalty: ['logAlpha'],
  SparsekitL0PenaltyDecay: ['logAlpha', 'kernel'],
  SparsekitL0PenaltyDecayBias: ['logAlpha', 'kernel', 'bias'],
} as const;
type Variant = keyof typeof VARIANTS;
/**
 * The same kernels when, on wasm, every input is a variable (a layer's own weights): the gradient
 * reads the variables, passed as an attribute, and the tape saves no copy (see `variable-reads.ts`).
 */
const OF_VARIABLES = 'OfVariables';
type KernelName = Variant | `${Variant}${typeof OF_VARIABLES}`;

/** Penalty constants; weight k belongs to gate ⌊k / inner⌋ mod gates (dense rows, conv output channels or single weights). */
export interface PenaltyAttrs {
  /** −β·log(−γ/ζ): P(z ≠ 0) = σ(log α + shift). */
  readonly shift: number;
  /** λ·(weights per gate)/N. */
  readonly perGate: number;
  /** wd/N (0: the kernel and bias are not inputs). */
  readonly decay: number;
  readonly inner: number;
}

type Data = ArrayLike<number>;
type Backend = { readSync(dataId: object): Data; write(values: Float32Array, shape: number[], dtype: tf.DataType): object };
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** ‖w_j‖² per gate (float64). */
function squaresPerGate(w: Data, gates: number, inner: number): Float64Array {
  const sq = new Float64Array(gates);
  for (let k = 0; k < w.length; k++) sq[Math.floor(k / inner) % gates] += w[k] * w[k];
  return sq;
}

function value(la: Data, w: Data | undefined, b: Data | undefined, a: PenaltyAttrs): number {
  const sq = w === undefined ? undefined : squaresPerGate(w, la.length, a.inner);
  let total = 0;
  for (let j = 0; j < la.length; j++) total += sigmoid(la[j] + a.shift) * (a.perGate + (sq ? 0.5 * a.decay * sq[j] : 0));
  if (b !== undefined) for (let i = 0; i < b.length; i++) total += 0.5 * a.decay * b[i] * b[i];
  return total;
}

function registerFor(kernelName: KernelName, backendName: string): void {
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as Backend;
      const read = (t: tf.TensorInfo | undefined) => (t === undefined ? undefined : be.readSync(t.dataId));
      const { logAlpha, kernel, bias } = inputs as Record<string, tf.TensorInfo>;
      const v = value(read(logAlpha)!, read(kernel), read(bias), attrs as unknown as PenaltyAttrs);
      return { dataId: be.write(new Float32Array([v]), [], 'float32') as tf.DataId, shape: [], dtype: 'float32' };
    },
  });
}

/** The gradient, on the host too: each input's piece only when the tape asks for it. */
function gradients(
  dy: number,
  laShape: number[],
  la: Float32Array,
  w: Float32Array | undefined,
  b: Float32Array | undefined,
  a: PenaltyAttrs,
) {
  const gates = la.length;
  const p = new Float64Array(gates);
  for (let j = 0; j < gates; j++) p[j] = sigmoid(la[j] + a.shift);
  const logAlpha = () => {
    const sq = w === undefined ? undefined : squaresPerGate(w, gates, a.inner);
    const g = new Float32Array(gates);
    for (let j = 0; j < gates; j++) g[j] = dy * p[j] * (1 - p[j]) * (a.perGate + (sq ? 0.5 * a.decay * sq[j] : 0));
    return tf.tensor(g, laShape);
  };
  const kernel = (shape: number[]) => {
    const src = w as Float32Array;
    const g = new Float32Array(src.length);
    for (let k = 0; k < src.length; k++) g[k] = dy * a.decay * p[Math.floor(k / a.inner) % gates] * src[k];
    return tf.tensor(g, shape);
  };
  const bias = () => {
    const src = b as Float32Array;
    const g = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) g[i] = dy * a.decay * src[i];
    return tf.tensor(g, [src.length]);
  };
  return { logAlpha, kernel, bias };
}

for (const [kernelName, inputsToSave] of Object.entries(VARIANTS)) {
  tf.registerGradient({ kernelName, inputsToSave: [...inputsToSave], gradFunc: penaltyGrad });
  tf.registerGradient({
    kernelName: kernelName + OF_VARIABLES,
    inputsToSave: [],
    gradFunc: (dy, _saved, attrs) => penaltyGrad(dy, readUnchanged((attrs as unknown as { variables: VariableReads }).variables), attrs),
  });
}

function penaltyGrad(dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap): Record<string, () => tf.Tensor> {
  const a = attrs as unknown as PenaltyAttrs;
  const [la, w, b] = saved;
  const host = (t: tf.Tensor | undefined) => t?.dataSync() as Float32Array | undefined;
  const g = gradients((dy as tf.Tensor).dataSync()[0], la.shape, host(la)!, host(w), host(b), a);
  const out: Record<string, () => tf.Tensor> = { logAlpha: g.logAlpha };
  if (w !== undefined) out.kernel = () => g.kernel(w.shape);
  if (b !== undefined) out.bias = g.bias;
  return out;
}

/**
 * The penalty of one layer as a scalar, differentiable in log α (and, with weight decay, in the
 * kernel and bias). `kernel` and `bias` are given only when `decay` > 0.
 */
export function hostPenalty(
  logAlpha: tf.Tensor,
  kernel: tf.Tensor | undefined,
  bias: tf.Tensor | undefined,
  attrs: PenaltyAttrs,
): tf.Scalar {
  const backendName = tf.getBackend();
  const variant: Variant =
    kernel === undefined ? 'SparsekitL0Penalty' : bias === undefined ? 'SparsekitL0PenaltyDecay' : 'SparsekitL0PenaltyDecayBias';
  const inputs: tf.NamedTensorMap = { logAlpha };
  if (kernel !== undefined) inputs.kernel = kernel;
  if (bias !== undefined) inputs.bias = bias;
  const variables = Object.values(inputs);
  const ofVariables = readVariablesInGradient(variables);
  const name: KernelName = ofVariables ? `${variant}${OF_VARIABLES}` : variant;
  if (tf.getKernel(name, backendName) === undefined) registerFor(name, backendName);
  const kernelAttrs = ofVariables ? { ...attrs, variables: recordReads(variables) } : attrs;
  return tf.engine().runKernel(name, inputs, kernelAttrs as unknown as tf.NamedAttrMap) as tf.Scalar;
}
