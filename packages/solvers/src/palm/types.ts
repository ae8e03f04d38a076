/**
 * Types of PALM, the proximal alternating linearized minimization of Bolte, Sabach and Teboulle
 * (Math. Program. 2014) over real and complex blocks.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { ComplexTensor } from '@sparsekit/tensor';
import type { HasComplexProject } from '@sparsekit/constraints';
import type { Callback, Constraint, HasProx, HasValue, SolveStatus, Trace } from '../types.js';
import type { BlockValue } from './internal/block-value.js';

export type { BlockValue } from './internal/block-value.js';

/** A real block: its start and an optional constraint or penalty used through its prox. */
export interface RealBlock {
  readonly x0: Tensor;
  readonly constraint?: Constraint & HasProx & Partial<HasValue>;
}

/** A complex block: its start and an optional set used through its complex projection. */
export interface ComplexBlock {
  readonly x0: ComplexTensor;
  readonly constraint?: Constraint & HasComplexProject;
}

/** One block of variables. */
export type PalmBlock = RealBlock | ComplexBlock;

/**
 * The smooth coupling H(x₁, …, x_J) and how to differentiate it block by block. Real blocks
 * can rely on tfjs autodiff of `objective`; complex blocks need `gradient`, which returns the
 * gradient with respect to (Re x_j, Im x_j), i.e. 2·∂H/∂x̄_j (for ½‖A − B‖² that is the usual
 * Aᴴ(A − B)-type expression).
 */
export interface PalmProblem {
  readonly blocks: readonly PalmBlock[];
  /** H as a scalar (for the trace, the monotonicity check and autodiff of real blocks). */
  objective(blocks: readonly BlockValue[]): Scalar;
  /** ∇_j H at the current blocks. Default: autodiff of `objective` (real blocks only). */
  gradient?(blocks: readonly BlockValue[], j: number): BlockValue;
  /**
   * Lipschitz constant of ∇_j H in x_j with the other blocks fixed. Default: power iteration on
   * gradient differences (exact when H is quadratic in each block, as in factorizations).
   */
  lipschitz?(blocks: readonly BlockValue[], j: number): number;
  /** Hook run after every sweep (e.g. PALM4MSA's λ update, held in a closure). */
  afterSweep?(blocks: readonly BlockValue[], sweep: number): void;
}

/** What PALM passes to the callback. Blocks are borrowed: do not dispose them. */
export interface PalmState {
  readonly nit: number;
  readonly blocks: readonly BlockValue[];
  readonly fun: number;
  readonly elapsedMs: number;
}

/** Options of {@link palm}. */
export interface PalmOptions {
  /** Number of sweeps over all blocks. Default 100. */
  readonly maxIter?: number;
  /** Stop when |Ψ_k − Ψ_{k−1}| ≤ tol·max(1, |Ψ_k|). Default 0 (run every sweep, as PALM4MSA). */
  readonly tol?: number;
  /** Step 1/(margin·L_j). Default 1.001 (PALM4MSA). Must be > 1 for the descent guarantee. */
  readonly margin?: number;
  /** Block update order within a sweep. Default 0, 1, …, J−1. */
  readonly order?: readonly number[];
  readonly timeLimitMs?: number;
  readonly callback?: Callback<PalmState>;
  /** Record a {@link PalmTrace} (Ψ, certificate, step and Lipschitz constants after every sweep). Default false. */
  readonly trace?: boolean;
}

/** Result of {@link palm}. Blocks are fresh tensors owned by the caller. */
export interface PalmResult {
  readonly blocks: BlockValue[];
  /** Ψ = H + Σ g_j at the returned blocks. */
  readonly fun: number;
  readonly nit: number;
  readonly status: SolveStatus;
  /** True exactly when status is 'converged', as for every solver of this package. */
  readonly success: boolean;
  readonly message: string;
  /** Relative change of Ψ over the last sweep. */
  readonly certificate: number;
  readonly trace?: PalmTrace;
}

/**
 * The opt-in record of a PALM run, one entry per sweep (length nit): the shared {@link Trace}
 * (`step` is the mean of the block steps 1/(margin·L_j)) plus every block's Lipschitz constant.
 */
export interface PalmTrace extends Trace {
  readonly lipschitz: number[][];
}
