/**
 * The common shape of the FAμST projectors (pyfaust `pyfaust.proj`).
 */
import type { ComplexTensor } from '@sparsekit/tensor';
import type { FeasibilityOptions, HasComplexProject, HasHostProject, ProjectableSet } from '../types.js';

/** Flags shared by the projectors, with pyfaust's meaning. */
export interface FaustFlags {
  /**
   * Divide the result by its Frobenius norm (pyfaust `normalized`). When the result is zero the
   * projector returns a unit-norm member of the set instead of NaN: the one-hot at the
   * lowest-index largest entry (every unit point is then equally near, or, under `pos`, that
   * one-hot is the nearest). Default: true for sp/splin/spcol/splincol/skperm/supp/blockdiag/
   * circ/toeplitz/hankel, false for constant/normcol/normlin, as in pyfaust.
   */
  readonly normalized?: boolean;
  /**
   * Set negative entries to zero before projecting (pyfaust `pos`). Real input only: ignored for
   * complex input, as in pyfaust. Default false.
   */
  readonly pos?: boolean;
}

/**
 * A FAμST projector: Euclidean projection onto a (mostly nonconvex) set of matrices, with
 * `prox(x, step) = project(x)`, the indicator as `value`, a membership test and complex
 * support (`projectComplex`, selection by modulus). Inputs are rank-2 tensors.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { sp, type FaustProjector } from '@sparsekit/constraints/faust';
 * const p: FaustProjector<'Sp', { k: number; normalized: boolean; pos: boolean }> = sp(2);
 * p.project(tf.tensor2d([[3, -1], [0, 4]])).arraySync(); // => [[0.6, 0], [0, 0.8]]
 * ```
 */
export interface FaustProjector<N extends string = string, P extends { normalized: boolean } = { normalized: boolean }>
  extends ProjectableSet,
    HasComplexProject,
    Partial<HasHostProject> {
  readonly name: N;
  readonly params: Readonly<P>;
  /** Membership test of a complex `{ re, im }` pair (same tolerances as `isFeasible`). */
  isFeasibleComplex(z: ComplexTensor, options?: FeasibilityOptions): boolean;
}
