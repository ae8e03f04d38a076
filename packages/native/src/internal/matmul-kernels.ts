/**
 * BatchMatMul and _FusedMatMul on the addon's sgemm. Batch dimensions broadcast numpy-style
 * (the addon takes one operand offset per output batch), so `[2, 1, m, k] × [3, k, n]` is exact.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { planEpilogue } from './epilogue.js';
import { sizeOf, withFallback, type KernelArgs, type KernelContext, type KernelImpl } from './kernel-context.js';
import { allFloat32, allocateOutput, releaseOutput } from './tensor-data.js';

interface MatmulPlan {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batches: number;
  readonly outShape: number[];
  readonly aOffsets: Int32Array | null;
  readonly bOffsets: Int32Array | null;
}

/** Element offset of each output batch's operand, broadcasting `operandBatch` onto `outBatch`. */
function batchOffsets(operandBatch: readonly number[], outBatch: readonly number[], matrixSize: number): Int32Array | null {
  const total = sizeOf(outBatch);
  if (operandBatch.length === outBatch.length && operandBatch.every((d, i) => d === outBatch[i])) return null;
  const offsets = new Int32Array(total);
  const shift = outBatch.length - operandBatch.length;
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let index = 0;
    let stride = 1;
    for (let axis = outBatch.length - 1; axis >= 0; axis--) {
      const coord = rest % outBatch[axis];
      rest = Math.floor(rest / outBatch[axis]);
      const own = axis - shift;
      if (own < 0) continue;
      if (operandBatch[own] !== 1) index += coord * stride;
      stride *= operandBatch[own];
    }
    offsets[flat] = index * matrixSize;
  }
  return offsets;
}

function planMatmul(a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): MatmulPlan | undefined {
  if (a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [kb, n] = transB ? [bc, br] : [br, bc];
  if (k !== kb) return undefined; // let the stock kernel raise its own message
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  let outBatch: number[];
  try {
    outBatch = tf.broadcast_util.assertAndGetBroadcastShape(aBatch, bBatch);
  } catch {
    return undefined;
  }
  const batches = sizeOf(outBatch);
  if (batches * m * n === 0 || sizeOf(a.shape) * sizeOf(b.shape) === 0 || sizeOf(a.shape) > 2 ** 31 - 1 || sizeOf(b.shape) > 2 ** 31 - 1)
    return undefined;
  return {
    m,
    n,
    k,
    batches,
    outShape: [...outBatch, m, n],
    aOffsets: batchOffsets(aBatch, outBatch, m * k),
    bOffsets: batchOffsets(bBatch, outBatch, k * n),
  };
}

function runMatmul(
  ctx: KernelContext,
  args: KernelArgs,
  extra: { bias?: TensorInfo; prelu?: TensorInfo; activation?: unknown; alpha?: unknown },
) {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const transA = !!args.attrs?.transposeA;
  const transB = !!args.attrs?.transposeB;
  if (!allFloat32([a, b, extra.bias, extra.prelu])) return undefined;
  const plan = planMatmul(a, b, transA, transB);
  if (!plan) return undefined;
  const epilogue = planEpilogue(extra.activation, extra.alpha, extra.bias, extra.prelu, plan.outShape);
  if (!epilogue) return undefined;
  const inputs = [a, b, ...(extra.bias ? [extra.bias] : []), ...(extra.prelu && epilogue.preluMode ? [extra.prelu] : [])];
  const frame = allocateOutput(ctx.kind, args.backend, plan.outShape);
  const views = frame.views(inputs);
  if (!views) {
    releaseOutput(ctx.kind, args.backend, frame);
    return undefined;
  }
  const out = views[views.length - 1];
  ctx.addon.gemm(transA, transB, plan.m, plan.n, plan.k, views[0], views[1], out, plan.aOffsets, plan.bOffsets, plan.batches);
  if (epilogue.biasMode || epilogue.activation) {
    const biasView = extra.bias ? views[2] : null;
    const preluView = epilogue.preluMode ? views[extra.bias ? 3 : 2] : null;
    ctx.addon.epilogue(
      out,
      plan.batches * plan.m,
      plan.n,
      biasView,
      epilogue.biasMode,
      epilogue.activation,
      epilogue.alpha,
      preluView,
      epilogue.preluMode,
    );
  }
  return frame.info;
}

/** The BatchMatMul kernel. */
export function batchMatMulKernel(ctx: KernelContext): KernelImpl {
  return withFallback(ctx, (args) => runMatmul(ctx, args, {}));
}

/** The _FusedMatMul kernel (what `tf.layers.dense` and `tf.fused.matMul` run). */
export function fusedMatMulKernel(ctx: KernelContext): KernelImpl {
  return withFallback(ctx, (args) => {
    const { bias, preluActivationWeights } = args.inputs as { bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    return runMatmul(ctx, args, {
      bias: bias ?? undefined,
      prelu: preluActivationWeights ?? undefined,
      activation: args.attrs?.activation,
      alpha: args.attrs?.leakyreluAlpha,
    });
  });
}
