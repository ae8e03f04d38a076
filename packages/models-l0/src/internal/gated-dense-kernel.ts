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
import { readUnchanged, readVariablesInGradient, recordReads, type VariableReads } from './variable-reads.js';

const KERNEL = 'SparsekitL0GatedDense';
/** The same kernel when, on wasm, its gradient reads the layer's kernel variable instead of a saved copy. */
const KERNEL_OF_VARIABLE = 'SparsekitL0GatedDenseOfVariable';
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
  /** On wasm, the kernel variable the gradient reads instead of a saved copy (see `variable-reads.ts`). */
  readonly kernelVariable?: VariableReads;
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

type Mm = (p: Info, q: Info, ta: boolean, tb: boolean, shape: number[]) => Info;

/**
 * One gate per minibatch: with G = xᵀ·dz, ∂L/∂W = diag(z)·G and ∂L/∂log α_j = slope_j·Σ_o W_jo·G_jo,
 * so the input-sized product dz·Wᵀ is left to the input's gradient, which a first layer never asks for.
 */
function perBatch(backend: unknown, x: Info, kernel: Info, dz: Info, a: GateAttrs, mm: Mm): Info[] {
  const [k, n] = kernel.shape;
  const g = mm(x, dz, true, false, [k, n]);
  const z = upload(backend, a.gate, [k, 1]);
  const dKernel = call('Multiply', backend, { a: g, b: z });
  const wg = call('Multiply', backend, { a: kernel, b: g });
  const rows = call('Sum', backend, { x: wg }, { axis: [1], keepDims: false });
  const slope = upload(backend, a.slope, a.gateShape);
  const dLogAlpha = call('Multiply', backend, { a: rows, b: slope });
  release(backend, g, z, wg, rows, slope);
  return [dKernel, dLogAlpha, call('Identity', backend, { x: dz })];
}

/** One gate per example: ∂L/∂(x ⊙ z) = dz·Wᵀ is needed for log α anyway and is returned for the input's gradient. */
function perExample(backend: unknown, x: Info, kernel: Info, dz: Info, a: GateAttrs, mm: Mm): Info[] {
  const [m, k, n] = [x.shape[0], kernel.shape[0], kernel.shape[1]];
  const xg = gated(backend, x, a);
  const dKernel = mm(xg, dz, true, false, [k, n]);
  const dGated = mm(dz, kernel, false, true, [m, k]);
  const xdg = call('Multiply', backend, { a: x, b: dGated });
  const slope = upload(backend, a.slope, a.gateShape);
  const scaled = call('Multiply', backend, { a: xdg, b: slope });
  const dLogAlpha = call('Sum', backend, { x: scaled }, { axis: [0], keepDims: false });
  release(backend, xg, xdg, slope, scaled);
  return [dKernel, dLogAlpha, dGated];
}

/**
 * Outputs [dKernel, dLogAlpha, dz (per-batch gates: the pre-activation's gradient) or dGated
 * (per-example gates: the gradient of x ⊙ z), dBias?].
 */
function backward({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info[] {
  const { dy, x, kernel, y } = inputs as Record<string, Info>;
  const a = attrs as unknown as GateAttrs;
  let dz = dy;
  if (a.activation === 'relu') {
    const mask = call('Step', backend, { x: y }, { alpha: 0 });
    dz = call('Multiply', backend, { a: dy, b: mask });
    release(backend, mask);
  }
  const mm: Mm = (p, q, ta, tb, shape) =>
    view(
      call('BatchMatMul', backend, { a: view(p, [1, ...p.shape]), b: view(q, [1, ...q.shape]) }, { transposeA: ta, transposeB: tb }),
      shape,
    );
  const outs = (a.gateShape.length === 2 ? perExample : perBatch)(backend, x, kernel, dz, a, mm);
  if (a.hasBias) outs.push(call('Sum', backend, { x: dz }, { axis: [0], keepDims: false }));
  if (dz !== dy) release(backend, dz);
  return outs;
}

const registered = new Set<string>();

function ensureRegistered(backendName: string): void {
  if (registered.has(backendName)) return;
  tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: forward as tf.KernelFunc });
  tf.registerKernel({ kernelName: KERNEL_OF_VARIABLE, backendName, kernelFunc: forward as tf.KernelFunc });
  tf.registerKernel({ kernelName: GRAD, backendName, kernelFunc: backward as unknown as tf.KernelFunc });
  registered.add(backendName);
}

tf.registerGradient({
  kernelName: KERNEL,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, [x, kernel, y], attrs) => gatedDenseGrad(dy as tf.Tensor, x, kernel, y, attrs),
});

tf.registerGradient({
  kernelName: KERNEL_OF_VARIABLE,
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, [x, y], attrs) => {
    const [kernel] = readUnchanged((attrs as unknown as GateAttrs).kernelVariable!);
    return gatedDenseGrad(dy as tf.Tensor, x, kernel, y, attrs);
  },
});

function gatedDenseGrad(dy: tf.Tensor, x: tf.Tensor, kernel: tf.Tensor, y: tf.Tensor, attrs: tf.NamedAttrMap) {
  const a = attrs as unknown as GateAttrs;
  const inputs = { dy: dy as tf.Tensor, x, kernel, y } as unknown as tf.NamedTensorMap;
  const outs = tf.engine().runKernel(GRAD, inputs, attrs) as tf.Tensor[];
  const [dKernel, dLogAlpha, third, dBias] = outs;
  const z = () => tf.tensor(a.gate, a.gateShape);
  const grads: Record<string, () => tf.Tensor> = {
    // only when the tape needs it (not for a model's first layer); z broadcasts over the batch
    x: () => tf.mul(a.gateShape.length === 2 ? third : tf.matMul(third as tf.Tensor2D, kernel as tf.Tensor2D, false, true), z()),
    kernel: () => dKernel,
    logAlpha: () => dLogAlpha,
  };
  if (a.hasBias) grads.bias = () => dBias;
  return grads;
}

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
  const ofVariable = readVariablesInGradient([kernel]);
  const reads = ofVariable ? { kernelVariable: recordReads([kernel as tf.Variable]) } : {};
  const attrs = { activation, gate, slope, gateShape, hasBias: bias !== undefined, ...reads };
  return tf.engine().runKernel(ofVariable ? KERNEL_OF_VARIABLE : KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
