/**
 * tfjs kernels of their own (no stock counterpart) for the host projections of
 * `@sparsekit/constraints`: inputs x [B, n] and r [B] (float32), output [B, n], computed by the
 * addon's row kernels directly on the backend's memory (the wasm heap or the cpu backend's typed
 * arrays), so a projection costs no read-back and no upload. Their gradient is zero, as for the
 * host path they replace (a projection is applied to iterates, not differentiated through).
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '../addon.js';
import { withFallback, type KernelContext, type KernelImpl } from './kernel-context.js';
import { allFloat32, allocateOutput, inputViews, releaseOutput } from './tensor-data.js';

/** Kernel names, as `@sparsekit/constraints` looks them up. */
export const PROJECTION_KERNELS: readonly string[] = ['SparsekitL1BallRows', 'SparsekitSimplexRows'];

/**
 * Whether the loaded addon has the row projections: a build from before they existed lacks them,
 * and then the projection kernels are simply not registered (the host paths of
 * `@sparsekit/constraints` serve), instead of failing the whole installation.
 */
export function hasProjectionRows(addon: Partial<Pick<NativeAddon, 'l1BallRows' | 'simplexRows'>>): boolean {
  return typeof addon.l1BallRows === 'function' && typeof addon.simplexRows === 'function';
}

export function projectionKernel(ctx: KernelContext): KernelImpl {
  const { addon } = ctx;
  const run = ctx.name === 'SparsekitL1BallRows' ? addon.l1BallRows.bind(addon) : addon.simplexRows.bind(addon);
  return withFallback(ctx, ({ inputs, backend }) => {
    const { x, r } = inputs as { x?: TensorInfo; r?: TensorInfo };
    if (!x || !r || !allFloat32([x, r]) || x.shape.length !== 2 || r.shape.length !== 1 || r.shape[0] !== x.shape[0]) return undefined;
    const [rows, cols] = x.shape;
    // copied before the output exists: allocating on wasm may grow the heap and detach the view
    const radii = inputViews(ctx.kind, backend, [r])?.[0];
    if (!radii) return undefined;
    const r64 = Float64Array.from(radii);
    const frame = allocateOutput(ctx.kind, backend, [rows, cols]);
    const views = frame.views([x]);
    if (!views) {
      releaseOutput(ctx.kind, backend, frame);
      return undefined;
    }
    run(views[0], views[1], rows, cols, r64);
    return frame.info;
  });
}

let gradientsRegistered = false;

/** Zero gradients (once per process: tfjs keeps gradients in one global registry). */
export function registerProjectionGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  for (const kernelName of PROJECTION_KERNELS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x', 'r'],
      gradFunc: (_dy, saved) => ({ x: () => tf.zerosLike(saved[0]), r: () => tf.zerosLike(saved[1]) }),
    });
  }
}
