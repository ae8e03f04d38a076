/**
 * Hard-concrete gates computed on the host. On the cpu and wasm backends tensor data already live
 * in host memory, so reading log α (one value per gate) and sampling there costs microseconds,
 * while the same sample on the device is a chain of small kernels forward and backward, each a
 * full tfjs dispatch with its tape bookkeeping.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@sparsekit/tensor';
import type { HardConcrete } from '../hard-concrete.js';

/** Backends whose tensors live in host memory: reading log α there is a copy, not a pipeline stall. */
const HOST_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

let hostPath = true;

/** True when the active backend keeps tensor data in host memory (and the host path is not switched off). */
export function onHostBackend(): boolean {
  return hostPath && HOST_BACKENDS.has(tf.getBackend());
}

/** Switches the host path off (true → on again), so tests and benchmarks can run the device path on cpu and wasm too. */
export function useHostPath(enabled: boolean): void {
  hostPath = enabled;
}

/** Logistic noise log u − log(1−u) for `size` uniforms u ~ U(eps, 1−eps), in float64. */
export function logisticNoise(rng: Rng, size: number, eps: number): Float64Array {
  const u = rng.uniformArray(size, { low: eps, high: 1 - eps });
  const noise = new Float64Array(size);
  for (let i = 0; i < size; i++) noise[i] = Math.log(u[i]) - Math.log1p(-u[i]);
  return noise;
}

/** A gate sample and its derivative in log α, both laid out like the sample. */
export interface HostGates {
  /** z = clamp(s(ζ−γ)+γ, 0, 1), s = σ((noise + log α)/β). */
  readonly gate: Float32Array;
  /** ∂z/∂log α = (ζ−γ)/β·s(1−s) where 0 < z < 1, else 0 (the clamp is flat there). */
  readonly slope: Float32Array;
}

/**
 * Gates for the given noise; log α (length m) is repeated along the sample (length a multiple of
 * m), as one sample per example repeats the per-feature log α. Computed in float64.
 */
export function hostGates(hc: HardConcrete, logAlpha: ArrayLike<number>, noise: ArrayLike<number>): HostGates {
  const m = logAlpha.length;
  const scale = hc.zeta - hc.gamma;
  const gate = new Float32Array(noise.length);
  const slope = new Float32Array(noise.length);
  for (let i = 0; i < noise.length; i++) {
    const s = 1 / (1 + Math.exp(-(noise[i] + logAlpha[i % m]) / hc.beta));
    const stretched = s * scale + hc.gamma;
    if (stretched >= 1) gate[i] = 1;
    else if (stretched > 0) {
      gate[i] = stretched;
      slope[i] = (scale / hc.beta) * s * (1 - s);
    } else if (!(stretched <= 0)) {
      // NaN log α gives a NaN gate (as the device path's clip does), never a silently closed one
      gate[i] = Number.NaN;
      slope[i] = Number.NaN;
    }
  }
  return { gate, slope };
}
