/**
 * NHWC convolutions: Conv2D, FusedConv2D and both Conv2D gradients (im2col / col2im + sgemm in
 * the addon), and the depthwise convolution with both gradients (direct loops in the addon).
 * Geometry comes from tfjs's own computeConv2DInfo, so strides, same/valid/explicit padding,
 * dilation and dimRoundingMode mean exactly what they mean for the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '../addon.js';
import { planEpilogue } from './epilogue.js';
import { sizeOf, withFallback, type KernelArgs, type KernelContext, type KernelImpl } from './kernel-context.js';
import { allFloat32, allocateOutput, releaseOutput } from './tensor-data.js';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;
type ConvRole = 'x' | 'filter' | 'dy';
type AddonConv =
  | 'conv2d'
  | 'conv2dBackpropInput'
  | 'conv2dBackpropFilter'
  | 'depthwise'
  | 'depthwiseBackpropInput'
  | 'depthwiseBackpropFilter';

/** The addon's geometry vector (see kernels.h, sk_geom). */
function geometry(info: Conv2DInfo): Int32Array {
  return Int32Array.of(
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

interface ConvSpec {
  readonly depthwise: boolean;
  readonly op: AddonConv;
  /** Names of the two tensor inputs, in the order the addon takes them, and what they are. */
  readonly inputs: readonly [string, string];
  readonly roles: readonly [ConvRole, ConvRole];
  /** What the output is: the forward output, the input gradient or the filter gradient. */
  readonly output: 'y' | 'x' | 'filter';
  readonly fused?: boolean;
}

/** computeConv2DInfo for this kernel's inputs and attrs, or undefined when the layout is not NHWC. */
function convInfoFor(spec: ConvSpec, args: KernelArgs, t: Record<ConvRole, TensorInfo | undefined>): Conv2DInfo | undefined {
  const attrs = (args.attrs ?? {}) as Record<string, unknown>;
  const format = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  if (format !== 'NHWC' && format !== 'channelsLast') return undefined;
  const xShape = t.x?.shape ?? (attrs.inputShape as number[]);
  const filterShape = t.filter?.shape ?? (attrs.filterShape as number[]);
  if (!xShape || !filterShape || xShape.length !== 4 || filterShape.length !== 4) return undefined;
  const dilations = spec.output === 'y' || spec.depthwise ? ((attrs.dilations as number | [number, number] | undefined) ?? 1) : 1;
  try {
    return tf.backend_util.computeConv2DInfo(
      xShape as [number, number, number, number],
      filterShape as [number, number, number, number],
      attrs.strides as number | [number, number],
      dilations,
      attrs.pad as 'same',
      attrs.dimRoundingMode as 'round' | undefined,
      spec.depthwise,
      'channelsLast',
    );
  } catch {
    return undefined; // let the stock kernel report its own error
  }
}

function outputShape(spec: ConvSpec, info: Conv2DInfo): number[] {
  return spec.output === 'y' ? info.outShape : spec.output === 'x' ? info.inShape : info.filterShape;
}

function runConv(ctx: KernelContext, spec: ConvSpec, args: KernelArgs): TensorInfo | undefined {
  const first = args.inputs[spec.inputs[0]] as TensorInfo;
  const second = args.inputs[spec.inputs[1]] as TensorInfo;
  const bias = spec.fused ? ((args.inputs.bias as TensorInfo | null | undefined) ?? undefined) : undefined;
  const prelu = spec.fused ? ((args.inputs.preluActivationWeights as TensorInfo | null | undefined) ?? undefined) : undefined;
  if (!first || !second || !allFloat32([first, second, bias, prelu])) return undefined;
  const byRole: Record<ConvRole, TensorInfo | undefined> = { x: undefined, filter: undefined, dy: undefined };
  byRole[spec.roles[0]] = first;
  byRole[spec.roles[1]] = second;
  const info = convInfoFor(spec, args, byRole);
  if (!info || (byRole.dy && !sameShape(byRole.dy.shape, info.outShape))) return undefined;
  if (spec.depthwise && info.outChannels % info.inChannels !== 0) return undefined;
  const shape = outputShape(spec, info);
  if (sizeOf(shape) === 0 || sizeOf(first.shape) === 0 || sizeOf(second.shape) === 0) return undefined;
  const epilogue = spec.fused
    ? planEpilogue(args.attrs?.activation, args.attrs?.leakyreluAlpha, bias, prelu, shape)
    : { activation: 0, alpha: 0, biasMode: 0, preluMode: 0 };
  if (!epilogue) return undefined;
  const extra = [...(bias ? [bias] : []), ...(prelu && epilogue.preluMode ? [prelu] : [])];
  const frame = allocateOutput(ctx.kind, args.backend, shape);
  const views = frame.views([first, second, ...extra]);
  if (!views) {
    releaseOutput(ctx.kind, args.backend, frame);
    return undefined;
  }
  const out = views[views.length - 1];
  (ctx.addon[spec.op] as NativeAddon['conv2d'])(views[0], views[1], out, geometry(info));
  if (epilogue.biasMode || epilogue.activation) {
    const cols = shape[3];
    ctx.addon.epilogue(
      out,
      sizeOf(shape) / cols,
      cols,
      bias ? views[2] : null,
      epilogue.biasMode,
      epilogue.activation,
      epilogue.alpha,
      epilogue.preluMode ? views[bias ? 3 : 2] : null,
      epilogue.preluMode,
    );
  }
  return frame.info;
}

const SPECS: Readonly<Record<string, ConvSpec>> = {
  Conv2D: { depthwise: false, op: 'conv2d', inputs: ['x', 'filter'], roles: ['x', 'filter'], output: 'y' },
  FusedConv2D: { depthwise: false, op: 'conv2d', inputs: ['x', 'filter'], roles: ['x', 'filter'], output: 'y', fused: true },
  Conv2DBackpropInput: { depthwise: false, op: 'conv2dBackpropInput', inputs: ['dy', 'filter'], roles: ['dy', 'filter'], output: 'x' },
  Conv2DBackpropFilter: { depthwise: false, op: 'conv2dBackpropFilter', inputs: ['x', 'dy'], roles: ['x', 'dy'], output: 'filter' },
  DepthwiseConv2dNative: { depthwise: true, op: 'depthwise', inputs: ['x', 'filter'], roles: ['x', 'filter'], output: 'y' },
  DepthwiseConv2dNativeBackpropInput: {
    depthwise: true,
    op: 'depthwiseBackpropInput',
    inputs: ['dy', 'filter'],
    roles: ['dy', 'filter'],
    output: 'x',
  },
  DepthwiseConv2dNativeBackpropFilter: {
    depthwise: true,
    op: 'depthwiseBackpropFilter',
    inputs: ['x', 'dy'],
    roles: ['x', 'dy'],
    output: 'filter',
  },
};

/** Names of the convolution kernels this module provides. */
export const CONV_KERNELS: readonly string[] = Object.keys(SPECS);

/** The native implementation of convolution kernel `ctx.name`. */
export function convKernel(ctx: KernelContext): KernelImpl {
  const spec = SPECS[ctx.name];
  if (!spec) throw new Error(`no native convolution kernel named ${ctx.name}`);
  return withFallback(ctx, (args) => runConv(ctx, spec, args));
}
