/**
 * Types of the Lagrangian machinery (after cooper, Gallego-Posada et al.): a constrained
 * minimization problem, its constraints and how each enters the primal and dual updates.
 */
import type * as tf from '@tensorflow/tfjs';

/** How a constraint enters the min–max problem. */
export type Formulation = 'lagrangian' | 'quadratic-penalty' | 'augmented-lagrangian';

/** A multiplier with one entry per violation entry, or a bank indexed by sample ids. */
export type MultiplierSpec =
  | { readonly kind: 'dense'; readonly init?: number }
  | { readonly kind: 'indexed'; readonly size: number; readonly init?: number };

/** One (vector) constraint: g(x) ≤ 0 ('ineq') or g(x) = 0 ('eq'). */
export interface ConstraintSpec {
  readonly kind: 'ineq' | 'eq';
  /** g(x), differentiable in the primal variables; any shape (one multiplier per entry). */
  violation(): tf.Tensor;
  /**
   * Non-differentiable g used only by the dual update (cooper's strict / proxy constraints),
   * e.g. an exact L0 count while `violation` is its expectation. Default: `violation`.
   */
  strictViolation?(): tf.Tensor;
  /** Indexed multipliers: int32 ids of the entries of g observed this step (same length as g). */
  indices?(): tf.Tensor1D;
  /** Default 'lagrangian'. */
  readonly formulation?: Formulation;
  /** Penalty coefficient c of the quadratic-penalty and augmented-Lagrangian terms. Default 1. */
  readonly penalty?: number;
  /** Default dense, initialised at 0. */
  readonly multiplier?: MultiplierSpec;
}

/** min loss(x) subject to the constraints. */
export interface ConstrainedProblem {
  loss(): tf.Scalar;
  readonly constraints: readonly ConstraintSpec[];
}

/** Update scheme of one `roll()`. */
export type GdaMode = 'simultaneous' | 'alternating' | 'alternatingDualPrimal' | 'extragradient';

/** Options of {@link LagrangianOptimizer}. */
export interface LagrangianOptimizerOptions {
  /** Any tfjs optimizer for the primal variables (SGD, Adam, DessiLbi, stochastic FW...). */
  readonly primal: tf.Optimizer;
  /** Variables the primal optimizer updates. Default: all trainable variables. */
  readonly primalVariables?: tf.Variable[];
  /** Dual step η of projected ascent λ ← max(0, λ + η·g). Default 0.01. */
  readonly dualLr?: number;
  readonly mode?: GdaMode;
  /** Reset λ to 0 for inequality entries that are satisfied (g ≤ 0). Default false. */
  readonly dualRestarts?: boolean;
}

/** What one `roll()` reports (numbers read after the step's forward pass). */
export interface RollOut {
  readonly loss: number;
  /** f + Σ formulation terms at the point where the primal gradient was taken. */
  readonly lagrangian: number;
  /** Violations g used by the dual update, per constraint. */
  readonly violations: Float32Array[];
}
