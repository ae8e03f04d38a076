/**
 * Bias and activation of the fused kernels (_FusedMatMul, FusedConv2D), applied in place by the
 * addon. Only layouts that map onto one of its modes are taken; anything else falls back.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import { sizeOf } from './kernel-context.js';

/** Activation codes understood by the addon's epilogue. */
export const ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5, prelu: 6 };

/**
 * How a bias (or PReLU weights) tensor broadcasts onto a [rows, cols] output of shape `outShape`:
 * 0 absent, 1 scalar, 2 one value per column (shape [1, …, 1, cols]), 3 same shape as the output;
 * undefined for any other broadcast.
 */
export function broadcastMode(t: TensorInfo | undefined, outShape: readonly number[]): number | undefined {
  if (t === undefined) return 0;
  const n = sizeOf(t.shape);
  if (n === 1) return 1;
  const cols = outShape[outShape.length - 1];
  if (t.shape.length >= 1 && t.shape[t.shape.length - 1] === cols && n === cols && t.shape.length <= outShape.length) return 2;
  if (t.shape.length === outShape.length && t.shape.every((d, i) => d === outShape[i])) return 3;
  return undefined;
}

export interface EpiloguePlan {
  readonly activation: number;
  readonly alpha: number;
  readonly biasMode: number;
  readonly preluMode: number;
}

/** The addon's epilogue plan for these attrs, or undefined when the native path must decline. */
export function planEpilogue(
  activation: unknown,
  alpha: unknown,
  bias: TensorInfo | undefined,
  prelu: TensorInfo | undefined,
  outShape: readonly number[],
): EpiloguePlan | undefined {
  const code = ACTIVATIONS[typeof activation === 'string' ? activation : 'linear'];
  if (code === undefined) return undefined;
  const biasMode = broadcastMode(bias, outShape);
  const preluMode = code === ACTIVATIONS.prelu ? broadcastMode(prelu, outShape) : 0;
  if (biasMode === undefined || preluMode === undefined || (code === ACTIVATIONS.prelu && preluMode === 0)) return undefined;
  return { activation: code, alpha: typeof alpha === 'number' ? alpha : 0.2, biasMode, preluMode };
}
