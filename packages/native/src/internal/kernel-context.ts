/** What every native kernel needs: the addon, which backend it serves, and the stock kernel to fall back on. */
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from '../addon.js';
import type { BackendKind } from './tensor-data.js';

export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

export type KernelImpl = (args: KernelArgs) => TensorInfo | TensorInfo[];

export interface KernelContext {
  readonly addon: NativeAddon;
  readonly kind: BackendKind;
  /** The stock kernel; absent when the backend has none (wasm has no Conv2DBackpropFilter). */
  readonly stock: KernelImpl | undefined;
  readonly name: string;
}

/** Runs the native path; when it declines (returns undefined), the stock kernel, or an error if there is none. */
export function withFallback(ctx: KernelContext, native: (args: KernelArgs) => TensorInfo | TensorInfo[] | undefined): KernelImpl {
  return (args) => {
    const out = native(args);
    if (out !== undefined) return out;
    if (ctx.stock) return ctx.stock(args);
    throw new Error(
      `${ctx.name}: this case (dtype, layout or shape) is not supported by the native kernel and the ${ctx.kind} backend has no stock kernel for it`,
    );
  };
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);
