/**
 * Fused optimizer updates as tfjs kernels of their own (no stock counterpart): one pass of the
 * addon per variable over the backend's own memory (the wasm heap or the cpu backend's typed
 * arrays) instead of tfjs's chain of elementwise kernels. `SparsekitAdam` takes x, m, v, g
 * (float32, one shape) and the scalars accBeta1 = β1^t, accBeta2 = β2^t as tfjs's AdamOptimizer
 * keeps them, and returns [x', m', v'] with the same bits as tfjs's update. Callers (the
 * `FusedAdam` optimizer of `@sparsekit/solvers`) look the kernel up and run it only on float32
 * inputs of one shape; anything else is refused here with an error, as there is no stock kernel
 * to fall back on.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
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
    const frames = [0, 1, 2].map(() => allocateOutput(ctx.kind, backend, [...x.shape]));
    const outputs = frames.map((f) => f.views([])?.[0]);
    const views = frames[2].views([x, m, v, g]);
    if (!views || outputs.some((o) => o === undefined)) {
      for (const f of frames) releaseOutput(ctx.kind, backend, f);
      return undefined;
    }
    addon.adam(views[0], views[1], views[2], views[3], outputs[0]!, outputs[1]!, outputs[2]!, constants);
    return frames.map((f) => f.info);
  });
}
