/**
 * A structured L0 dense layer in training, act((x ⊙ z) W + b), as one kernel under the gradient
 * tape, with its gradient (kernel, bias, log α and the gated input's) as one more kernel.
 *
 * The gates z come from the host (see `host-gates.ts`), with their slope ∂z/∂log α, as kernel
 * attributes: the tape then records one node per layer instead of the gate sample's, the mask
 * product's and the product's, bias's and ReLU's nodes, each with its own saved-tensor clones.
 * Inside, the kernels run the backend's own Multiply, `_FusedMatMul`, BatchMatMul, Step and Sum
 * directly (no dispatch through the engine, no tape).
 */
import * as tf from '@tensorflow/tfjs';

const KERNEL = 'SparsekitL0GatedDense';
const GRAD = 'SparsekitL0GatedDenseGrad';

/** Kernel attributes: activation and the host-side gate sample. */
interface GateAttrs {
  readonly activation: 'linear' | 'relu';
  /** Gates, [features] (one per minibatch) or [batch, features] (one per example). */
  readonly gate: Float32Array;
  /** ∂z/∂log α, laid out like `gate`. */
  readonly slope: Float32Array;
  readonly gateShape: number[];
  readonly hasBias: boolean;
}

type Info = tf.TensorInfo;
// Backend internals: a kernel's backend object (cpu or wasm) with the data methods every backend has.
type Backend = {
  write(values: Float32Array, shape: number[], dtype: tf.DataType): object;
  disposeData(dataId: object, force?: boolean): boolean;
};

/** Runs the backend's registered kernel directly (no engine dispatch). */
function call(name: string, backend: unknown, inputs: Record<string, Info>, attrs: object = {}): Info {
  const k = tf.getKernel(name, tf.getBackend());
  if (k === undefined) throw new Error(`kernel ${name} is not registered for backend ${tf.getBackend()}`);
  return k.kernelFunc({ inputs, backend: backend as never, attrs: attrs as tf.NamedAttrMap }) as Info;
}

const view = (t: Info, shape: number[]): Info => ({ dataId: t.dataId, shape, dtype: t.dtype });
const release = (backend: unknown, ...ts: Info[]): void => ts.forEach((t) => (backend as Backend).disposeData(t.dataId));

function upload(backend: unknown, values: Float32Array, shape: number[]): Info {
  return { dataId: (backend as Backend).write(values, shape, 'float32') as Info['dataId'], shape, dtype: 'float32' };
}

/** x ⊙ z on the backend. */
function gated(backend: unknown, x: Info, attrs: GateAttrs): Info {
  const z = upload(backend, attrs.gate, attrs.gateShape);
  const xg = call('Multiply', backend, { a: x, b: z });
  release(backend, z);
  return xg;
}

function forward({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const { x, kernel, bias } = inputs as Record<string, Info>;
  const a = attrs as unknown as GateAttrs;
  const xg = gated(backend, x, a);
  const [m, n] = [x.shape[0], kernel.shape[1]];
  const fusedInputs: Record<string, Info> = { a: view(xg, [1, ...xg.shape]), b: view(kernel, [1, ...kernel.shape]) };
  if (bias !== undefined) fusedInputs.bias = bias;
  const out = call('_FusedMatMul', backend, fusedInputs, { transposeA: false, transposeB: false, activation: a.activation });
  release(backend, xg);
  return view(out, [m, n]);
}

/** Outputs [dKernel, dLogAlpha, dGated (the gradient of x ⊙ z), dBias?]. */
function backward({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info[] {
  const { dy, x, kernel, y } = inputs as Record<string, Info>;
  const a = attrs as unknown as GateAttrs;
  const [m, k, n] = [x.shape[0], x.shape[1], kernel.shape[1]];
  let dz = dy;
  if (a.activation === 'relu') {
    const mask = call('Step', backend, { x: y }, { alpha: 0 });
    dz = call('Multiply', backend, { a: dy, b: mask });
    release(backend, mask);
  }
  const xg = gated(backend, x, a);
  const mm = (p: Info, q: Info, ta: boolean, tb: boolean, shape: number[]): Info =>
    view(
      call('BatchMatMul', backend, { a: view(p, [1, ...p.shape]), b: view(q, [1, ...q.shape]) }, { transposeA: ta, transposeB: tb }),
      shape,
    );
  const dKernel = mm(xg, dz, true, false, [k, n]);
  const dGated = mm(dz, kernel, false, true, [m, k]);
  release(backend, xg);
  // ∂L/∂log α_j = Σ_examples x ⊙ dGated ⊙ ∂z/∂log α (the slope repeats per example when sampled per example)
  const xdg = call('Multiply', backend, { a: x, b: dGated });
  const slope = upload(backend, a.slope, a.gateShape);
  const perExample = a.gateShape.length === 2;
  const first = perExample
    ? call('Multiply', backend, { a: xdg, b: slope })
    : call('Sum', backend, { x: xdg }, { axis: [0], keepDims: false });
  const dLogAlpha = perExample
    ? call('Sum', backend, { x: first }, { axis: [0], keepDims: false })
    : call('Multiply', backend, { a: first, b: slope });
  release(backend, xdg, slope, first);
  const outs = [dKernel, dLogAlpha, dGated];
  if (a.hasBias) outs.push(call('Sum', backend, { x: dz }, { axis: [0], keepDims: false }));
  if (dz !== dy) release(backend, dz);
  return outs;
}

const registered = new Set<string>();

function ensureRegistered(backendName: string): void {
  if (registered.has(backendName)) return;
  tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: forward as tf.KernelFunc });
  tf.registerKernel({ kernelName: GRAD, backendName, kernelFunc: backward as unknown as tf.KernelFunc });
  registered.add(backendName);
}

tf.registerGradient({
  kernelName: KERNEL,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, y] = saved;
    const a = attrs as unknown as GateAttrs;
    const inputs = { dy: dy as tf.Tensor, x, kernel, y } as unknown as tf.NamedTensorMap;
    const outs = tf.engine().runKernel(GRAD, inputs, attrs) as tf.Tensor[];
    const [dKernel, dLogAlpha, dGated, dBias] = outs;
    const grads: Record<string, () => tf.Tensor> = {
      // only when the tape needs it (not for a model's first layer): z broadcasts over the batch
      x: () => tf.mul(dGated, tf.tensor(a.gate, a.gateShape)),
      kernel: () => dKernel,
      logAlpha: () => dLogAlpha,
    };
    if (a.hasBias) grads.bias = () => dBias;
    return grads;
  },
});

/** Arguments of {@link gatedDense}. */
export interface GatedDenseArgs {
  readonly x: tf.Tensor2D;
  readonly kernel: tf.Tensor2D;
  readonly bias?: tf.Tensor1D;
  /** The layer's log α ([features]): its gradient is the gates' slope times the gated input's gradient. */
  readonly logAlpha: tf.Tensor1D;
  readonly activation: 'linear' | 'relu';
  readonly gate: Float32Array;
  readonly slope: Float32Array;
  readonly gateShape: number[];
}

/** act((x ⊙ z) W + b), differentiable in x, W, b and log α (through the given slope). */
export function gatedDense({ x, kernel, bias, logAlpha, activation, gate, slope, gateShape }: GatedDenseArgs): tf.Tensor2D {
  ensureRegistered(tf.getBackend());
  const inputs: tf.NamedTensorMap = bias === undefined ? { x, kernel, logAlpha } : { x, kernel, bias, logAlpha };
  const attrs = { activation, gate, slope, gateShape, hasBias: bias !== undefined };
  return tf.engine().runKernel(KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
