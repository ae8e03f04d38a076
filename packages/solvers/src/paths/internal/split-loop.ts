/**
 * The Split LBI iteration (Huang, Sun, Xiong, Yao, NIPS 2016) for the squared loss
 * ℓ(β, γ) = (1/2n)‖y − Xβ‖² + ‖Dβ − γ‖²/(2ν):
 *   β ← β − κα∇_βℓ,  z ← z − α∇_γℓ = z + (α/ν)(Dβ − γ),  γ = κ·shrink(z).
 * It starts where the first γ entry can happen: β at the γ = 0 minimiser β_r (found by
 * conjugate gradients), z = (t0/ν)·Dβ_r with t0 = ν / max|Dβ_r| (largest group norm).
 */
import * as tf from '@tensorflow/tfjs';
import type { Operator } from './operator.js';
import { markEntries, recordGrid, tGrid, type Shrinkage } from './path-grid.js';

export interface SplitLoopInput extends Shrinkage {
  readonly x: tf.Tensor2D;
  /** X transposed, [p, n]. */
  readonly xT: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly d: Operator;
  readonly kappa: number;
  readonly alpha: number;
  readonly nu: number;
  readonly grid: { readonly nt: number; readonly trate: number; readonly tlist?: readonly number[] };
}

export interface SplitLoopOutput {
  readonly t: number[];
  readonly t0: number;
  readonly beta: Float32Array[];
  readonly gamma: Float32Array[];
  readonly gammaEntry: number[];
  readonly iterations: number;
  readonly finite: boolean;
}

/** ∇_β of the coupled loss at (β, γ). */
function gradBeta(inp: SplitLoopInput, beta: tf.Tensor2D, gamma: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = inp.x.shape[0];
    // Row-block × matrix products (faster on wasm than X^T·r); see lbi-loop.ts.
    const fit = tf.transpose(tf.matMul(tf.transpose(beta), inp.xT));
    const data = tf.div(tf.transpose(tf.matMul(tf.transpose(tf.sub(fit, inp.y)), inp.x)), n);
    const coupling = tf.div(inp.d.applyT(tf.sub(inp.d.apply(beta), gamma) as tf.Tensor2D), inp.nu);
    return tf.add(data, coupling) as tf.Tensor2D;
  });
}

/** β_r = argmin (1/2n)‖y − Xβ‖² + ‖Dβ‖²/(2ν) by conjugate gradients (float32). */
export function ridgeStart(inp: SplitLoopInput, maxIter = 1000, rtol = 1e-6): tf.Tensor2D {
  const p = inp.x.shape[1];
  const zero = tf.zeros([inp.d.rows, 1]) as tf.Tensor2D;
  let beta = tf.zeros([p, 1]) as tf.Tensor2D;
  let r = tf.tidy(() => tf.neg(gradBeta(inp, beta, zero))) as tf.Tensor2D;
  let dir = tf.clone(r) as tf.Tensor2D;
  let rr = tf.tidy(() => tf.sum(tf.square(r)).dataSync()[0]);
  const stop = rtol * rtol * rr;
  for (let k = 0; k < maxIter && rr > stop && rr > 0; k++) {
    const step = tf.tidy(() => {
      // A·dir = ∇(dir) − ∇(0) since the gradient is affine in β.
      const ad = tf.sub(gradBeta(inp, dir, zero), gradBeta(inp, tf.zerosLike(dir), zero));
      const a = rr / tf.sum(tf.mul(dir, ad)).dataSync()[0];
      return { beta: tf.add(beta, tf.mul(dir, a)) as tf.Tensor2D, r: tf.sub(r, tf.mul(ad, a)) as tf.Tensor2D };
    });
    const rrNew = tf.tidy(() => tf.sum(tf.square(step.r)).dataSync()[0]);
    const nextDir = tf.tidy(() => tf.add(step.r, tf.mul(dir, rrNew / rr))) as tf.Tensor2D;
    tf.dispose([beta, r, dir]);
    beta = step.beta;
    r = step.r;
    dir = nextDir;
    rr = rrNew;
  }
  tf.dispose([r, dir, zero]);
  return beta;
}

interface State {
  beta: tf.Tensor2D;
  z: tf.Tensor2D;
  gamma: tf.Tensor2D;
}

function advance(inp: SplitLoopInput, s: State): State {
  return tf.tidy(() => {
    const gb = gradBeta(inp, s.beta, s.gamma);
    const beta = tf.sub(s.beta, tf.mul(gb, inp.kappa * inp.alpha)) as tf.Tensor2D;
    const z = tf.add(s.z, tf.mul(tf.sub(inp.d.apply(s.beta), s.gamma), inp.alpha / inp.nu)) as tf.Tensor2D;
    return { beta, z, gamma: tf.mul(inp.shrink(z), inp.kappa) as tf.Tensor2D };
  });
}

/** Runs Split LBI; null when Dβ_r = 0 (no γ can ever enter). */
export function runSplitLoop(inp: SplitLoopInput): SplitLoopOutput | null {
  const m = inp.d.rows;
  const br = ridgeStart(inp);
  const dbr = inp.d.apply(br);
  const gmax = inp.maxGroupNorm(dbr);
  if (!(gmax > 0) || !Number.isFinite(gmax)) {
    tf.dispose([br, dbr]);
    return null;
  }
  const t0 = inp.nu / gmax;
  let s: State = { beta: br, z: tf.tidy(() => tf.mul(dbr, t0 / inp.nu)) as tf.Tensor2D, gamma: tf.zeros([m, 1]) };
  dbr.dispose();
  const t = tGrid(t0, inp.grid);
  const beta: Float32Array[] = [];
  const gamma: Float32Array[] = [];
  let k = 0;
  const brData = s.beta.dataSync() as Float32Array;
  while (k < t.length && t[k] <= t0) {
    beta.push(brData.slice());
    gamma.push(new Float32Array(m));
    k++;
  }
  let entry: tf.Tensor1D = tf.fill([m], -1);
  let iter = 0;
  let finite = true;
  const maxIter = Math.ceil((t[t.length - 1] - t0) / inp.alpha) + 1;
  for (; iter < maxIter && k < t.length; iter++) {
    const next = advance(inp, s);
    // The iterate after update `iter` carries the label t0 + (iter + 1)·α.
    const rec = recordGrid(t, k, t0, [iter * inp.alpha, (iter + 1) * inp.alpha], [s.beta, s.gamma], [next.beta, next.gamma], [beta, gamma]);
    k = rec.k;
    finite &&= rec.finite;
    const entered = tf.tidy(() => tf.notEqual(tf.reshape(next.gamma, [-1]), 0)) as tf.Tensor1D;
    entry = markEntries(entry, entered, t0 + (iter + 1) * inp.alpha);
    entered.dispose();
    tf.dispose([s.beta, s.z, s.gamma]);
    s = next;
    if (!finite) break;
  }
  const e = entry.dataSync();
  tf.dispose([entry, s.beta, s.z, s.gamma]);
  while (beta.length < t.length) {
    beta.push(beta[beta.length - 1].slice());
    gamma.push(gamma[gamma.length - 1].slice());
  }
  return { t, t0, beta, gamma, gammaEntry: Array.from(e, (v) => (v < 0 ? Infinity : v)), iterations: iter, finite };
}
