/**
 * Batched fixed-point solves x = f(x), one problem per row of x, with per-example residuals,
 * per-example iteration counts and the lowest-residual iterate of each example returned.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveFixedPointOptions, type FixedPointOptions, type ResolvedFixedPointOptions } from './solver-options.js';
import { picardStepper } from './internal/picard.js';
import { andersonStepper } from './internal/anderson.js';
import { broydenStepper } from './internal/broyden.js';
import type { Stepper } from './internal/stepper.js';

/**
 * Outcome of a fixed-point solve.
 *
 * @example
 * ```ts
 * import type { FixedPointResult } from '@sparsekit/models-implicit';
 * const show = (r: FixedPointResult) => `${r.nit} evaluations, worst residual ${Math.max(...r.residuals)}`;
 * ```
 */
export interface FixedPointResult {
  /** Lowest-residual iterate of each example, [batch, n]. Owned by the caller. */
  readonly x: tf.Tensor2D;
  /** Residual of each example at the returned iterate (Infinity if never finite). */
  readonly residuals: Float32Array;
  /** Evaluation at which each example first met the tolerance (maxIter if it never did). */
  readonly iterations: Int32Array;
  /** Evaluations of f used. */
  readonly nit: number;
  /** Every example met the tolerance. */
  readonly converged: boolean;
  /** Example-steps where the accelerated method fell back to a Picard step (singular or non-finite). */
  readonly fallbacks: number;
}

/** Per-example ‖f(x) − x‖∞ (abs) or that divided by ‖f(x)‖∞ (rel); NaN becomes Infinity. */
function residualsOf(fx: tf.Tensor2D, x: tf.Tensor2D, mode: 'abs' | 'rel'): Float32Array {
  const r = tf.tidy(() => {
    const abs = tf.max(tf.abs(tf.sub(fx, x)), 1);
    return mode === 'abs' ? abs : tf.div(abs, tf.maximum(tf.max(tf.abs(fx), 1), 1e-30));
  });
  const out = r.dataSync() as Float32Array;
  r.dispose();
  return out.map((v) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v));
}

class BestIterate {
  best: tf.Tensor2D;
  readonly residuals: Float32Array;
  readonly iterations: Int32Array;
  private done = 0;

  constructor(x0: tf.Tensor2D, maxIter: number) {
    this.best = tf.clone(x0);
    this.residuals = new Float32Array(x0.shape[0]).fill(Number.POSITIVE_INFINITY);
    this.iterations = new Int32Array(x0.shape[0]).fill(maxIter);
  }

  /** Records x if it improves some example; returns true once every example met tol. */
  update(x: tf.Tensor2D, r: Float32Array, k: number, tol: number): boolean {
    const better = Array.from(r, (v, i) => (v < this.residuals[i] ? 1 : 0));
    const improved = better.reduce<number>((s, b) => s + b, 0);
    if (improved > 0) this.keep(x, better, improved === better.length);
    for (let i = 0; i < r.length; i++) {
      if (better[i] === 1) this.residuals[i] = r[i];
      if (r[i] <= tol && this.iterations[i] > k) {
        this.iterations[i] = k;
        this.done++;
      }
    }
    return this.done === r.length;
  }

  /**
   * Takes x's rows where `better` is 1. When every row improved (the usual case of a contraction),
   * x itself is kept (a clone shares its buffer: no kernel); otherwise one select with a full
   * mask built on the host, since broadcasting a [batch, 1] mask costs a Tile kernel that is slow
   * on wasm for booleans.
   */
  private keep(x: tf.Tensor2D, better: number[], all: boolean): void {
    const [rows, cols] = x.shape;
    let next: tf.Tensor2D;
    if (all) next = tf.clone(x);
    else {
      const mask = new Uint8Array(rows * cols);
      better.forEach((b, i) => {
        if (b === 1) mask.fill(1, i * cols, (i + 1) * cols);
      });
      next = tf.tidy(() => tf.where(tf.tensor2d(mask, [rows, cols], 'bool'), x, this.best)) as tf.Tensor2D;
    }
    this.best.dispose();
    this.best = next;
  }
}

function stepperFor(o: ResolvedFixedPointOptions): Stepper {
  if (o.method === 'anderson') return andersonStepper(o);
  if (o.method === 'broyden') return broydenStepper(o);
  return picardStepper(o);
}

/**
 * Solves x = f(x) for every row of x0 with Picard (damped), Anderson or Broyden iterations.
 * Stops when every example meets the tolerance or after `maxIter` evaluations of f, and returns
 * each example's lowest-residual iterate: a solve that does not converge is a result with
 * `converged: false`, never an exception. Anderson and Broyden fall back to a Picard step for an
 * example whose small system is singular or whose update is not finite, so they never produce NaN
 * from finite data. `f` must return a new tensor and not keep its argument.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { solveFixedPoint } from '@sparsekit/models-implicit';
 * // x = cos(x), row by row: 0.739085...
 * const r = solveFixedPoint((x) => tf.cos(x), tf.zeros([2, 1]), { method: 'anderson', tol: 1e-6 });
 * r.converged; // true
 * r.x.dispose();
 * ```
 */
export function solveFixedPoint(f: (x: tf.Tensor2D) => tf.Tensor2D, x0: tf.Tensor2D, options: FixedPointOptions = {}): FixedPointResult {
  const o = resolveFixedPointOptions('options', options);
  return runFixedPoint(f, x0, o);
}

/** {@link solveFixedPoint} with options already resolved (no validation). */
export function runFixedPoint(f: (x: tf.Tensor2D) => tf.Tensor2D, x0: tf.Tensor2D, o: ResolvedFixedPointOptions): FixedPointResult {
  const tracker = new BestIterate(x0, o.maxIter);
  const stepper = stepperFor(o);
  let x = tf.clone(x0);
  let nit = 0;
  let converged = false;
  try {
    while (nit < o.maxIter) {
      const fx = tf.tidy(() => f(x));
      if ((nit + 1) % o.checkEvery === 0 || nit + 1 === o.maxIter)
        converged = tracker.update(x, residualsOf(fx, x, o.stopMode), nit, o.tol);
      nit++;
      if (converged || nit >= o.maxIter) {
        fx.dispose();
        break;
      }
      const next = stepper.next(x, fx);
      fx.dispose();
      x.dispose();
      x = next;
    }
  } finally {
    stepper.dispose();
  }
  const finite = tracker.residuals.some((v) => Number.isFinite(v));
  // Never finite (e.g. NaN data): hand back the last iterate so the NaN propagates visibly.
  const out = finite ? tracker.best : x;
  (finite ? x : tracker.best).dispose();
  return { x: out, residuals: tracker.residuals, iterations: tracker.iterations, nit, converged, fallbacks: stepper.fallbacks() };
}
