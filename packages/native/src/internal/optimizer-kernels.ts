/**
 * Fused optimizer updates as tfjs kernels of their own (no stock counterpart): one pass of the
 * addon per variable over the backend's own memory (the wasm heap or the cpu backend's typed
 * arrays) instead of tfjs's chain of elementwise kernels. `SparsekitAdam` takes x, m, v, g
 * (float32, one shape) and the scalars accBeta1 = β1^t, accBeta2 = β2^t as tfjs's AdamOptimizer
 * keeps them, and returns [x', m', v'] with the same bits as tfjs's update: new tensors on the first
 * step; from then on x, m and v updated under the same dataIds (their own tensors back, as tfjs's
 * Identity returns its input) when this kernel made their memory and nothing else holds it. Callers (the
 * `FusedAdam` optimizer of `@sparsekit/solvers`) look the kernel up and run it only on float32
 * inputs of one shape; anything else is refused here with an error, as there is no stock kernel
 * to fall back on.
 */
import { engine, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '../addon.js';
import { sizeOf, withFallback, type KernelContext, type KernelImpl } from './kernel-context.js';
import { allFloat32, allocateOutput, inputViews, releaseOutput } from './tensor-data.js';

/** Kernel names, as `@sparsekit/solvers` looks them up. */
export const OPTIMIZER_KERNELS: readonly string[] = ['SparsekitAdam'];

/** Whether the loaded addon has the fused updates (a build from before them lacks them: then they are not registered). */
export function hasOptimizerUpdates(addon: Partial<Pick<NativeAddon, 'adam'>>): boolean {
  return typeof addon.adam === 'function';
}

interface AdamInputs {
  x?: TensorInfo;
  m?: TensorInfo;
  v?: TensorInfo;
  g?: TensorInfo;
  accBeta1?: TensorInfo;
  accBeta2?: TensorInfo;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * The float32 constants of one step, each rounded as tfjs rounds it: scalars become float32
 * tensors (β1, 1 − β1 computed in float64 first, ε, −lr) and 1 − β^t is a float32 subtraction.
 */
function adamConstants(attrs: Record<string, unknown>, acc1: number, acc2: number): Float32Array {
  const beta1 = Number(attrs.beta1);
  const beta2 = Number(attrs.beta2);
  return Float32Array.of(beta1, 1 - beta1, beta2, 1 - beta2, 1 - acc1, 1 - acc2, Number(attrs.epsilon), -Number(attrs.learningRate));
}

/**
 * Memory this kernel allocated (its outputs' dataIds): only that is ever written in place. A
 * variable's first value may be an array the caller handed to `tf.tensor` (the cpu backend keeps
 * it without copying), which an update must not overwrite.
 */
const ownOutputs = new WeakSet<object>();

/**
 * Updates x, m, v in place and returns them (each with one more reference, as tfjs's Identity does)
 * when that is invisible: no gradient tape is recording, this kernel made their memory, each is held
 * by one tensor only (its variable: a clone or a saved reference raises the count) and no two share
 * it; else undefined.
 * On wasm every read out of the heap (`dataSync`, a slice, `tf.tensor` of it) is a copy, so the
 * heap is written in place. The cpu backend hands its own arrays out: a slice is a `subarray` view
 * under a new dataId (the count does not see it) and `dataSync` returns the array itself, so there
 * the step writes fresh arrays and swaps them in under the same dataIds, leaving the old ones to
 * whoever still reads them.
 */
function updateInPlace(
  ctx: KernelContext,
  backend: KernelBackend,
  t: Required<AdamInputs>,
  constants: Float32Array,
): TensorInfo[] | undefined {
  // A step taken while a gradient tape records (an update inside a differentiated function) keeps
  // nothing in place: a gradient reading the variable later must find it changed (a new dataId).
  if ((engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0) return undefined;
  const own = [t.x, t.m, t.v];
  const counts = backend as unknown as { refCount(dataId: object): number; incRef(dataId: object): void };
  if (!own.every((u) => ownOutputs.has(u.dataId) && counts.refCount(u.dataId) === 1)) return undefined;
  if (new Set([t.x.dataId, t.m.dataId, t.v.dataId, t.g.dataId]).size !== 4) return undefined;
  const views = inputViews(ctx.kind, backend, [t.x, t.m, t.v, t.g]);
  if (!views) return undefined;
  if (ctx.kind === 'cpu') {
    const fresh = [0, 1, 2].map(() => new Float32Array(views[0].length));
    ctx.addon.adam(views[0], views[1], views[2], views[3], fresh[0], fresh[1], fresh[2], constants);
    const data = (backend as unknown as CpuData).data;
    own.forEach((u, i) => (data.get(u.dataId)!.values = fresh[i]));
  } else ctx.addon.adam(views[0], views[1], views[2], views[3], views[0], views[1], views[2], constants);
  for (const u of own) counts.incRef(u.dataId);
  return own.map((u) => ({ dataId: u.dataId, shape: u.shape, dtype: u.dtype }));
}

/** The cpu backend's data map (tfjs 4.22 internals, as `tensor-data.ts` reads them). */
interface CpuData {
  data: { get(dataId: object): { values: unknown } | undefined };
}

export function optimizerKernel(ctx: KernelContext): KernelImpl {
  const { addon } = ctx;
  return withFallback(ctx, ({ inputs, backend, attrs }) => {
    const { x, m, v, g, accBeta1, accBeta2 } = inputs as AdamInputs;
    if (!x || !m || !v || !g || !accBeta1 || !accBeta2 || !allFloat32([x, m, v, g, accBeta1, accBeta2])) return undefined;
    if (![m, v, g].every((t) => sameShape(t.shape, x.shape)) || sizeOf(accBeta1.shape) !== 1 || sizeOf(accBeta2.shape) !== 1)
      return undefined;
    // read before any output exists: allocating on wasm may grow the heap and detach the views
    const acc = inputViews(ctx.kind, backend, [accBeta1, accBeta2]);
    if (!acc) return undefined;
    const constants = adamConstants(attrs ?? {}, acc[0][0], acc[1][0]);
    const inPlace = updateInPlace(ctx, backend, { x, m, v, g, accBeta1, accBeta2 }, constants);
    if (inPlace) return inPlace;
    const frames = [0, 1, 2].map(() => allocateOutput(ctx.kind, backend, [...x.shape]));
    const outputs = frames.map((f) => f.views([])?.[0]);
    const views = frames[2].views([x, m, v, g]);
    if (!views || outputs.some((o) => o === undefined)) {
      for (const f of frames) releaseOutput(ctx.kind, backend, f);
      return undefined;
    }
    try {
      addon.adam(views[0], views[1], views[2], views[3], outputs[0]!, outputs[1]!, outputs[2]!, constants);
    } catch (e) {
      for (const f of frames) releaseOutput(ctx.kind, backend, f);
      throw e;
    }
    const infos = frames.map((f) => f.info);
    for (const info of infos) ownOutputs.add(info.dataId);
    return infos;
  });
}
