/**
 * The differentiable equilibrium X = φ(XAᵀ + UBᵀ + b) of a batch U (batch-first: U is
 * [batch, p], X is [batch, n], A is [n, n], B is [n, p]), with the gradient methods of
 * {@link BackwardOptions}. A, B and b are explicit inputs so that gradients reach them (a
 * `tf.customGrad` body runs with the tape off and gives closed-over variables no gradient).
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivationSpec } from './activation.js';
import type { ResolvedBackwardOptions } from './backward-options.js';
import { runFixedPoint, type FixedPointResult } from './fixed-point.js';
import type { ResolvedFixedPointOptions } from './solver-options.js';

/** Diagnostics of one solve: the {@link FixedPointResult} without its tensor. */
export type SolveDiagnostics = Omit<FixedPointResult, 'x'>;

/**
 * What {@link equilibrium} needs besides its tensors.
 *
 * @example
 * ```ts
 * import { resolveActivation, resolveBackwardOptions, resolveFixedPointOptions, type EquilibriumOptions } from '@sparsekit/models-implicit';
 * const o: EquilibriumOptions = {
 *   activation: resolveActivation('tanh'),
 *   forward: resolveFixedPointOptions('forward', {}),
 *   backward: resolveBackwardOptions({}),
 * };
 * ```
 */
export interface EquilibriumOptions {
  readonly activation: ActivationSpec;
  readonly forward: ResolvedFixedPointOptions;
  readonly backward: ResolvedBackwardOptions;
  /** Called after every forward solve (not for 'unrolled', which reports its own residual too). */
  readonly onForward?: (d: SolveDiagnostics) => void;
  /** Called after every adjoint solve ('implicit' only). */
  readonly onBackward?: (d: SolveDiagnostics) => void;
}

function diagnostics(r: FixedPointResult): SolveDiagnostics {
  return { residuals: r.residuals, iterations: r.iterations, nit: r.nit, converged: r.converged, fallbacks: r.fallbacks };
}

/** Solves the forward fixed point with the tape off; returns X (owned by the caller). */
function solveState(u: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D, o: EquilibriumOptions): tf.Tensor2D {
  const drive = tf.tidy(() => tf.add(tf.matMul(u, b, false, true), bias)) as tf.Tensor2D;
  const x0 = tf.zeros([u.shape[0], a.shape[0]]) as tf.Tensor2D;
  // Transposed once per solve: a plain product is faster than transposeB in every iteration on wasm.
  const at = tf.transpose(a) as tf.Tensor2D;
  try {
    const r = runFixedPoint((x) => o.activation.fn(tf.add(tf.matMul(x, at), drive)) as tf.Tensor2D, x0, o.forward);
    o.onForward?.(diagnostics(r));
    return r.x;
  } finally {
    tf.dispose([drive, x0, at]);
  }
}

/** Adjoint V = D⊙(VA) + D⊙G, then the four input gradients [∂U, ∂A, ∂B, ∂b]. */
function adjointGradients(dy: tf.Tensor2D, saved: tf.Tensor[], o: EquilibriumOptions): tf.Tensor[] {
  const [x, u, a, b, bias] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  return tf.tidy(() => {
    const d = o.activation.derivative(tf.add(tf.add(tf.matMul(x, a, false, true), tf.matMul(u, b, false, true)), bias));
    const dg = tf.mul(d, dy) as tf.Tensor2D;
    const r = runFixedPoint((v) => tf.add(tf.mul(d, tf.matMul(v, a)), dg) as tf.Tensor2D, dg, o.backward.solver);
    o.onBackward?.(diagnostics(r));
    const v = r.x;
    return [tf.matMul(v, b), tf.matMul(v, x, true, false), tf.matMul(v, u, true, false), tf.sum(v, 0)];
  });
}

type Inputs = [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];

function implicitOp(o: EquilibriumOptions, withGradient: boolean): (...inputs: Inputs) => tf.Tensor2D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [u, a, b, bias, save] = args as [...Inputs, tf.GradSaveFunc];
    const x = solveState(u, a, b, bias, o);
    if (withGradient) save([x, u, a, b, bias]);
    return {
      value: x,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        withGradient
          ? adjointGradients(dy as tf.Tensor2D, saved, o)
          : [tf.zerosLike(u), tf.zerosLike(a), tf.zerosLike(b), tf.zerosLike(bias)],
    };
  }) as unknown as (...inputs: Inputs) => tf.Tensor2D;
}

function mapStep(x: tf.Tensor2D, u: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D, o: EquilibriumOptions): tf.Tensor2D {
  return o.activation.fn(tf.add(tf.add(tf.matMul(x, a, false, true), tf.matMul(u, b, false, true)), bias)) as tf.Tensor2D;
}

function damped(x: tf.Tensor2D, fx: tf.Tensor2D, tau: number): tf.Tensor2D {
  return tau === 1 ? fx : (tf.add(tf.mul(1 - tau, x), tf.mul(tau, fx)) as tf.Tensor2D);
}

/** Picard steps with the tape on until the forward tolerance or maxIter (for 'unrolled'). */
function unrolled(u: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D, o: EquilibriumOptions): tf.Tensor2D {
  let x = tf.zeros([u.shape[0], a.shape[0]]) as tf.Tensor2D;
  for (let k = 0; k < o.forward.maxIter; k++) {
    const fx = mapStep(x, u, a, b, bias, o);
    const r = tf.tidy(() => tf.max(tf.abs(tf.sub(fx, x))));
    const worst = r.dataSync()[0];
    r.dispose();
    x = damped(x, fx, o.forward.damping);
    if (worst <= o.forward.tol) break;
  }
  return x;
}

/**
 * The equilibrium state X of U, differentiable with respect to U, A, B and b by the method in
 * `o.backward`. Call it inside `tf.tidy` (or a layer's call): intermediate tensors of the
 * 'phantom' and 'unrolled' methods are released by the enclosing scope.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { equilibrium, resolveActivation, resolveBackwardOptions, resolveFixedPointOptions } from '@sparsekit/models-implicit';
 * const o = { activation: resolveActivation('tanh'), forward: resolveFixedPointOptions('forward', {}), backward: resolveBackwardOptions({}) };
 * const a = tf.tensor2d([[0, 0.5], [0.25, 0]]);
 * const b = tf.eye(2) as tf.Tensor2D;
 * const g = tf.grad((u: tf.Tensor) => equilibrium(u as tf.Tensor2D, a, b, tf.zeros([2]), o).sum());
 * g(tf.tensor2d([[1, -1]])).shape; // [1, 2]
 * ```
 */
export function equilibrium(u: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D, o: EquilibriumOptions): tf.Tensor2D {
  if (o.backward.method === 'implicit') return implicitOp(o, true)(u, a, b, bias);
  if (o.backward.method === 'unrolled') return unrolled(u, a, b, bias, o);
  let x = implicitOp(o, false)(u, a, b, bias);
  for (let k = 0; k < o.backward.steps; k++) x = damped(x, mapStep(x, u, a, b, bias, o), o.backward.damping);
  return x;
}
