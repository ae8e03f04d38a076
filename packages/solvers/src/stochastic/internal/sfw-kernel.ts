/**
 * State machine of the finite-sum stochastic Frank-Wolfe (Négiar et al. 2020, copt
 * `minimize_sfw`) for (1/n)Σ f(aᵢᵀx, bᵢ) over C. The dual memory αᵢ ≈ f'(aᵢᵀx, bᵢ)/n and the
 * aggregate r = Σ αᵢ aᵢ ≈ ∇F(x) live on the device; each iteration touches one batch of B rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import type { Constraint, HasLmo } from '../../types.js';
import type { PointwiseLoss } from '../../losses/pointwise-loss.js';
import type { BatchSampler } from './batch-sampler.js';
import { sfwStepSizes, type SfwVariant } from './sfw-step-sizes.js';

export interface SfwData {
  readonly A: tf.Tensor2D;
  readonly b: tf.Tensor1D;
  readonly loss: PointwiseLoss;
  readonly constraint: Constraint & HasLmo;
}

export interface SfwSettings {
  readonly variant: SfwVariant;
  readonly step: 'sublinear' | 'demyanov-rubinov';
  /** Smoothness of the full objective (needed by 'demyanov-rubinov'). */
  readonly lipschitz: number;
  readonly sampler: BatchSampler;
}

/** The kernel plus the last stochastic gap estimate (the loop's certificate). */
export interface SfwKernel extends SolverKernel {
  readonly batchesSeen: () => number;
}

type State = { x: tf.Tensor1D; r: tf.Tensor1D; alpha: tf.Tensor1D; fmem: tf.Tensor1D; sigma?: tf.Tensor1D };

function replace(state: State, next: Partial<State>): void {
  for (const key of Object.keys(next) as (keyof State)[]) {
    const t = next[key];
    if (t === undefined) continue;
    state[key]?.dispose();
    state[key] = tf.keep(t);
  }
}

/** One batch: new dual values for the batch rows, and the row block itself. */
function dualUpdate(data: SfwData, s: SfwSettings, state: State, idx: tf.Tensor1D, rho: number, lmoR: tf.Tensor1D | null) {
  const n = data.A.shape[0];
  const Ab = tf.gather(data.A, idx) as tf.Tensor2D;
  const bb = tf.gather(data.b, idx) as tf.Tensor1D;
  const oldAlpha = tf.gather(state.alpha, idx) as tf.Tensor1D;
  let z: tf.Tensor1D;
  let newAlpha: tf.Tensor1D;
  let sigma: tf.Tensor1D | undefined;
  if (s.variant === 'lf') {
    // Lu & Freund: average the batch's predictions at the FW vertex, σ_b ← σ_b + ρ(A_b s − σ_b).
    const oldSigma = tf.gather(state.sigma as tf.Tensor1D, idx) as tf.Tensor1D;
    z = tf.add(
      oldSigma,
      tf.mul(tf.sub(tf.reshape(tf.matMul(Ab, tf.reshape(lmoR as tf.Tensor1D, [-1, 1])), [-1]), oldSigma), rho),
    ) as tf.Tensor1D;
    sigma = tf.add(state.sigma as tf.Tensor1D, scatter(idx, tf.sub(z, oldSigma), n)) as tf.Tensor1D;
    newAlpha = tf.div(data.loss.derivatives(z, bb), n) as tf.Tensor1D;
  } else {
    z = tf.reshape(tf.matMul(Ab, tf.reshape(state.x, [-1, 1])), [-1]) as tf.Tensor1D;
    const target = tf.div(data.loss.derivatives(z, bb), n) as tf.Tensor1D;
    newAlpha = s.variant === 'mhk' ? (tf.add(oldAlpha, tf.mul(tf.sub(target, oldAlpha), rho)) as tf.Tensor1D) : target;
  }
  const delta = tf.sub(newAlpha, oldAlpha) as tf.Tensor1D;
  const oldF = tf.gather(state.fmem, idx);
  const newF = tf.div(data.loss.values(z, bb), n);
  return {
    Ab,
    delta,
    sigma,
    alpha: tf.add(state.alpha, scatter(idx, delta, n)) as tf.Tensor1D,
    fmem: tf.add(state.fmem, scatter(idx, tf.sub(newF, oldF), n)) as tf.Tensor1D,
  };
}

function scatter(idx: tf.Tensor1D, values: tf.Tensor, n: number): tf.Tensor1D {
  return tf.scatterND(tf.reshape(idx, [-1, 1]), values, [n]) as tf.Tensor1D;
}

const dot = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.mul(a, b));

/**
 * Builds the kernel from a feasible x0 (owned by the kernel from now on). Memories start at
 * zero as in copt; the per-sample loss memory starts at f(aᵢᵀx0, bᵢ)/n so the objective estimate
 * is meaningful from the first iteration.
 */
export function sfwKernel(data: SfwData, settings: SfwSettings, x0: tf.Tensor1D): SfwKernel {
  const n = data.A.shape[0];
  const state: State = tf.tidy(() => {
    const z0 = tf.reshape(tf.matMul(data.A, tf.reshape(x0, [-1, 1])), [-1]) as tf.Tensor1D;
    return {
      x: x0,
      r: tf.zerosLike(x0),
      alpha: tf.zeros([n]) as tf.Tensor1D,
      fmem: tf.div(data.loss.values(z0, data.b), n) as tf.Tensor1D,
      ...(settings.variant === 'lf' ? { sigma: z0 } : {}),
    };
  });
  const funs = new Float64Array(1);
  const certificates = Float64Array.of(Infinity);
  const steps = new Float64Array(1);
  funs[0] = tf.tidy(() => tf.sum(state.fmem).dataSync()[0]);
  let t = 0;
  return {
    get x() {
      return state.x;
    },
    funs,
    certificates,
    steps,
    batchesSeen: () => t,
    step(): StepOutcome {
      const idxArray = settings.sampler.next();
      const mRatio = n / idxArray.length;
      const { gamma: sublinear, rho } = sfwStepSizes(settings.variant, t, mRatio);
      const result = tf.tidy(() => advance(data, settings, state, tf.tensor1d(idxArray, 'int32'), { sublinear, rho, mRatio }));
      const [gap, fun, gamma] = result.summary;
      if (!Number.isFinite(gap) || !Number.isFinite(fun)) {
        tf.dispose(result.next);
        return { kind: 'nonfinite', message: `stochastic gap estimate ${gap}, objective estimate ${fun}` };
      }
      replace(state, result.next);
      t++;
      funs[0] = fun;
      // The estimate only stands for the whole sum once every sample has been visited.
      certificates[0] = settings.sampler.epochs >= 1 ? gap : Infinity;
      steps[0] = gamma;
      return { kind: 'ok' };
    },
    release() {
      tf.dispose([state.r, state.alpha, state.fmem, state.sigma ?? []]);
      return state.x;
    },
  };
}

/** The tensor work of one iteration; returns the next state and [gap, fun, γ] read once. */
function advance(data: SfwData, s: SfwSettings, state: State, idx: tf.Tensor1D, k: { sublinear: number; rho: number; mRatio: number }) {
  const { constraint } = data;
  const lmoR = s.variant === 'lf' ? (constraint.lmo(state.r) as tf.Tensor1D) : null;
  const up = dualUpdate(data, s, state, idx, k.rho, lmoR);
  const correction = tf.reshape(tf.matMul(up.Ab, tf.reshape(up.delta, [-1, 1]), true), [-1]) as tf.Tensor1D;
  const r = tf.add(state.r, correction) as tf.Tensor1D;
  // LF moves toward the vertex of the aggregate before this batch; SAGA adds the unbiased
  // correction (n/B − 1)·A_bᵀΔ (copt uses n − 1, right only for B = 1).
  const direction = s.variant === 'saga' ? tf.add(r, tf.mul(correction, k.mRatio - 1)) : r;
  const vertex = lmoR ?? (constraint.lmo(direction) as tf.Tensor1D);
  const estimateAt = s.variant === 'lf' ? state.r : r;
  const vertexForGap = s.variant === 'saga' ? (constraint.lmo(r) as tf.Tensor1D) : vertex;
  const gap = dot(estimateAt, tf.sub(state.x, vertexForGap));
  const d = tf.sub(vertex, state.x);
  const gamma =
    s.step === 'demyanov-rubinov'
      ? tf.clipByValue(
          tf.div(tf.neg(dot(s.variant === 'saga' ? direction : estimateAt, d)), tf.maximum(tf.mul(dot(d, d), s.lipschitz), 1e-30)),
          0,
          1,
        )
      : tf.scalar(k.sublinear);
  const x = tf.add(tf.mul(tf.sub(1, gamma), state.x), tf.mul(gamma, vertex)) as tf.Tensor1D;
  const summary = Array.from(tf.stack([gap, tf.sum(up.fmem), gamma]).dataSync());
  const next: Partial<State> = { x, r, alpha: up.alpha, fmem: up.fmem, ...(up.sigma ? { sigma: up.sigma } : {}) };
  for (const t of Object.values(next)) tf.keep(t as tf.Tensor);
  return { next, summary };
}
