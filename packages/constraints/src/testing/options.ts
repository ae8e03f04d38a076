/**
 * Options of the constraint law suite ({@link constraintLaws}).
 */
import type { BackendName } from '@sparsekit/tensor';
import type { Tensor } from '@tensorflow/tfjs';
import type { Constraint, HasProx } from '../types.js';

/**
 * The constraint laws; each can be switched off by name (with a reason in your test).
 *
 * @example
 * ```ts
 * import type { LawName } from '@sparsekit/constraints/testing';
 * const skip: LawName[] = ['batched'];
 * ```
 */
export type LawName =
  | 'shape' // outputs keep the input shape
  | 'feasibility' // project, prox and lmo land in the set (isFeasible)
  | 'idempotence' // project(project(x)) = project(x)
  | 'nonexpansive' // firm non-expansiveness ‖p(x)−p(y)‖² ≤ ⟨p(x)−p(y), x−y⟩ (convex sets and penalties)
  | 'variational' // ⟨x−p, z−p⟩ ≤ 0 for feasible z (convex); ‖x−p‖ ≤ ‖x−z‖ (any set)
  | 'lmo' // ⟨g, lmo(g)⟩ ≤ ⟨g, z⟩ for feasible z and every listed vertex; zero gradient is finite and feasible
  | 'prox' // prox beats a numerical minimizer of ½‖z−x‖² + step·g(z)
  | 'moreau' // sets: ⟨x−p, p⟩ = support function in direction x−p; penalties: Moreau identity with `conjugate`
  | 'nonfinite' // NaN / ±Infinity inputs give a non-finite output (or throw SparsekitError), never a finite one
  | 'leaks' // no tensor leaks in any capability
  | 'batched'; // eachSlice(c) on stacked inputs equals a loop over slices

/**
 * A float64 copy of a tensor's data together with its shape, as the laws see it.
 *
 * @example
 * ```ts
 * import type { Point } from '@sparsekit/constraints/testing';
 * const valueF64 = (p: Point) => p.data.reduce((a, v) => a + Math.abs(v), 0);
 * ```
 */
export interface Point {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/**
 * Options of {@link constraintLaws}. Every field is optional; the defaults test a convex set or
 * penalty on small real inputs with 1,000 fast-check cases per law.
 *
 * @example
 * ```ts
 * import type { ConstraintLawsOptions } from '@sparsekit/constraints/testing';
 * const options: ConstraintLawsOptions = { shapes: [[4]], convex: false, numRuns: 1000 };
 * ```
 */
export interface ConstraintLawsOptions<C extends Constraint = Constraint> {
  /** Backends to run on; default `['cpu', 'wasm']`. */
  readonly backends?: readonly BackendName[];
  /** Input shapes (small: laws run many cases); default `[[5]]`. */
  readonly shapes?: readonly (readonly number[])[];
  /** Cases per law (generated in batches); default 1000, or `SPARSEKIT_LAW_RUNS` when set. */
  readonly numRuns?: number;
  /**
   * Check the laws through one batched (`eachSlice`) call per batch of cases instead of one call
   * per case; default true for this package's constraints (always pointwise for plugins). The
   * whole-tensor methods are still checked case by case by the shape, nonfinite, leaks and
   * batched laws.
   */
  readonly vectorize?: boolean;
  /** fast-check seed (same seed, same cases); default 42. */
  readonly seed?: number;
  /** Float32-honest tolerances used by the law comparisons; default rtol 1e-5, atol 1e-5. */
  readonly rtol?: number;
  readonly atol?: number;
  /** `false` for nonconvex sets (k-sparse, FAμST supports): skips the convex-only laws. */
  readonly convex?: boolean;
  /** Laws to skip, by name. */
  readonly skip?: readonly LawName[];
  /** Every vertex of the set for `shape` (flat arrays), for the brute-force LMO check. */
  readonly vertices?: (shape: readonly number[]) => readonly (readonly number[])[];
  /**
   * Extra feasible points for the LMO and variational laws (flat, row-major), drawn with the
   * given uniform generator. Projections of random points are always used as well.
   */
  readonly sampleFeasible?: (shape: readonly number[], uniform: () => number) => readonly number[];
  /** Float64 reference of the penalty value, used by the prox law (defaults to `c.value`). */
  readonly valueF64?: (x: Point) => number;
  /** Prox steps to test; default `[0.1, 1, 3]`. */
  readonly steps?: readonly number[];
  /** The conjugate penalty, for the Moreau identity x = prox_{γg}(x) + γ·prox_{g* over γ}(x/γ). */
  readonly conjugate?: (c: C) => Constraint & HasProx;
  /** Typical magnitude of random inputs; default 3. */
  readonly scale?: number;
  /** Builds the batched variant for the `batched` law; default `eachSlice` of this package. */
  readonly batched?: (c: C) => Constraint;
  /** Maps a raw random input to a valid one (e.g. symmetric matrices); default identity. */
  readonly prepare?: (x: Tensor) => Tensor;
}
