/**
 * Plugin interfaces of @sparsekit/constraints.
 *
 * Capabilities are separate interfaces so that solvers can require exactly what they use
 * (`frankWolfe<C extends Constraint & HasLmo>`): pairing a solver with a constraint that lacks
 * the capability is a compile error, not a run-time surprise.
 */
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { ComplexTensor } from '@sparsekit/tensor';

/**
 * Every constraint or penalty: a name (PascalCase, e.g. `'L1Ball'`) and its parameters, kept
 * for printing, benchmarks and serialization.
 *
 * @example
 * ```ts
 * import type { Constraint } from '@sparsekit/constraints';
 * const c: Constraint = { name: 'HalfSpace', params: { offset: 1 } };
 * ```
 */
export interface Constraint {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * Linear minimization oracle: `lmo(g) = argmin_{s ∈ C} ⟨g, s⟩` (minimization convention, unlike
 * chop/copt which maximize). Returns one vertex with the shape of `g`: ties go to the lowest
 * index and a zero gradient gives a valid vertex, never NaN.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1Ball } from '@sparsekit/constraints';
 * l1Ball(2).lmo(tf.tensor([1, -3, 2])).arraySync(); // => [0, 2, 0]
 * ```
 */
export interface HasLmo {
  lmo(grad: Tensor): Tensor;
}

/**
 * Euclidean projection onto the set (for nonconvex sets: one of the nearest points, with ties
 * broken by lowest index). The output has the shape of `x`; `x` is not disposed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { linfBall } from '@sparsekit/constraints';
 * linfBall(1).project(tf.tensor([2, -0.5])).arraySync(); // => [1, -0.5]
 * ```
 */
export interface HasProject {
  project(x: Tensor): Tensor;
}

/**
 * Proximal operator of `step·g`: `argmin_z ½‖z − x‖² + step·g(z)`. For sets (`g` the
 * indicator) this is the projection, whatever the step.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1 } from '@sparsekit/constraints';
 * l1(1).prox(tf.tensor([2, -0.5]), 0.5).arraySync(); // => [1.5, 0]
 * ```
 */
export interface HasProx {
  prox(x: Tensor, step: number): Tensor;
}

/**
 * Penalty value `g(x)` as a scalar tensor; for sets, 0 inside and `Infinity` outside (with the
 * default feasibility tolerances).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1 } from '@sparsekit/constraints';
 * l1(2).value(tf.tensor([1, -3])).arraySync(); // => 8
 * ```
 */
export interface HasValue {
  value(x: Tensor): Scalar;
}

/**
 * Tolerances of a feasibility test: `x` is accepted when its violation is at most
 * `atol + rtol·scale`, where `scale` is the set's own size (e.g. the radius).
 */
export interface FeasibilityOptions {
  /** Relative tolerance; default 1e-5 (float32-honest). */
  readonly rtol?: number;
  /** Absolute tolerance; default 1e-6. */
  readonly atol?: number;
}

/**
 * Membership test with tolerances. Reads tensor data (synchronous), so keep it out of hot
 * loops. Non-finite entries are never feasible.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1Ball } from '@sparsekit/constraints';
 * l1Ball(1).isFeasible(tf.tensor([0.5, -0.5])); // => true
 * ```
 */
export interface HasIsFeasible {
  isFeasible(x: Tensor, options?: FeasibilityOptions): boolean;
}

/**
 * Per-slice feasibility, offered by batched constraints (`eachSlice`): one boolean per slice
 * along axis 0.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { eachSlice, l1Ball } from '@sparsekit/constraints';
 * eachSlice(l1Ball(1)).isFeasibleEach(tf.tensor([[0.5, 0], [2, 0]])); // => [true, false]
 * ```
 */
export interface HasIsFeasibleEach {
  isFeasibleEach(x: Tensor, options?: FeasibilityOptions): boolean[];
}

/**
 * Projection of complex inputs (L1/L2/L∞ balls, sparsity projectors: selection by modulus).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l2Ball } from '@sparsekit/constraints';
 * const p = l2Ball(1).projectComplex({ re: tf.tensor([3]), im: tf.tensor([4]) });
 * p.re.arraySync(); // => [0.6]
 * ```
 */
export interface HasComplexProject {
  projectComplex(z: ComplexTensor): ComplexTensor;
}

/**
 * A dense row-major matrix held in host memory, in float64: real (`im` null) or complex. The
 * currency of {@link HasHostProject}.
 *
 * @example
 * ```ts
 * import type { HostMatrix } from '@sparsekit/constraints';
 * const m: HostMatrix = { rows: 1, cols: 2, re: Float64Array.from([3, 4]), im: null };
 * ```
 */
export interface HostMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array | null;
}

/**
 * The same projection as `project` / `projectComplex`, on a matrix in host memory (float64,
 * fresh output, input untouched). Solvers that iterate on small matrices in plain JavaScript
 * (PALM4MSA on a few hundred rows, where per-op tensor dispatch would dominate) use it when every
 * block's set offers it. Same semantics as the tensor projection: same ties (lowest index), same
 * `pos` and `normalized` steps, NaN out for non-finite input.
 *
 * @example
 * ```ts
 * import { splin } from '@sparsekit/constraints/faust';
 * const p = splin(1, { normalized: false }).projectHost({ rows: 1, cols: 3, re: Float64Array.from([1, -3, 2]), im: null });
 * Array.from(p.re); // => [0, -3, 0]
 * ```
 */
export interface HasHostProject {
  projectHost(x: HostMatrix): HostMatrix;
}

/**
 * The same LMO as `lmo`, on a real gradient in host memory (float64, fresh output, input
 * untouched): `argmin_{s ∈ C} ⟨g, s⟩` with the same vertex as the tensor LMO (same ties, same
 * vertex for a zero gradient) and an all-NaN output when g holds NaN or ±Infinity. The matrix is
 * the gradient's shape as rows × cols (a vector is 1 × n). Frank-Wolfe runs its iteration on the
 * host with it on host-memory backends (cpu, wasm), where a small problem's time is the dispatch
 * of tensor ops, not arithmetic. Offered by whole-tensor `l1Ball`, `l2Ball` and `linfBall`.
 *
 * @example
 * ```ts
 * import { l1Ball } from '@sparsekit/constraints';
 * const s = l1Ball(2).lmoHost({ rows: 1, cols: 3, re: Float64Array.from([1, -3, 2]), im: null });
 * Array.from(s.re); // => [0, 2, 0]
 * ```
 */
export interface HasHostLmo {
  lmoHost(grad: HostMatrix): HostMatrix;
}

/**
 * Complex LMO: `argmin_{s ∈ C} Re⟨g, s⟩ = Σ Re(g)·Re(s) + Im(g)·Im(s)` (the real inner
 * product of ℂⁿ seen as ℝ²ⁿ, which is what a Wirtinger gradient pairs with).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { linfBall } from '@sparsekit/constraints';
 * const s = linfBall(1).lmoComplex({ re: tf.tensor([3]), im: tf.tensor([4]) });
 * s.re.arraySync(); // => [-0.6]
 * ```
 */
export interface HasComplexLmo {
  lmoComplex(grad: ComplexTensor): ComplexTensor;
}

/**
 * Either capability a proximal method can use: the prox of a penalty, or the projection of a
 * set (the prox of its indicator, whatever the step). Solvers that need a proximal map require
 * `Constraint & Proximable`; {@link proxOf} applies it.
 *
 * @example
 * ```ts
 * import { l1, linfBall, type Proximable } from '@sparsekit/constraints';
 * const maps: Proximable[] = [l1(0.1), linfBall(1)];
 * ```
 */
export type Proximable = HasProx | HasProject;

/**
 * The atoms of a polytope, for active-set Frank-Wolfe (away-step, pairwise): the scaled unit
 * vectors of a simplex {x ≥ 0, Σx = r}, the signed unit vectors ±r·eᵢ of an L1 ball, or explicit
 * vertices (rows of a [K, n] tensor owned by the constraint: do not dispose it). `perSlice` is
 * true for `eachSlice` constraints; `radius` then has one entry per slice.
 *
 * @example
 * ```ts
 * import type { AtomsDescription } from '@sparsekit/constraints';
 * const d: AtomsDescription = { kind: 'l1Ball', radius: 2, perSlice: false };
 * ```
 */
export type AtomsDescription =
  | { readonly kind: 'simplex' | 'l1Ball'; readonly radius: number | readonly number[]; readonly perSlice: boolean }
  | { readonly kind: 'vertices'; readonly vertices: Tensor2D; readonly perSlice: boolean };

/**
 * A set that is the convex hull of known atoms. Solvers that keep an active set of vertices ask
 * for this capability instead of guessing from the constraint's name; plugins that describe a
 * simplex, an L1 ball or an explicit polytope implement it to get away-step and pairwise FW.
 *
 * @example
 * ```ts
 * import { l1Ball } from '@sparsekit/constraints';
 * l1Ball(2).atoms(); // => { kind: 'l1Ball', radius: 2, perSlice: false }
 * ```
 */
export interface HasAtoms {
  atoms(): AtomsDescription;
}

/**
 * A norm ball {x : ‖x‖ ≤ radius} (‖·‖₁, ‖·‖₂ or ‖·‖∞ over the whole tensor, or over every slice
 * when `perSlice`, with one radius per slice).
 *
 * @example
 * ```ts
 * import type { NormBall } from '@sparsekit/constraints';
 * const b: NormBall = { norm: 'inf', radius: 0.1, perSlice: false };
 * ```
 */
export interface NormBall {
  readonly norm: 1 | 2 | 'inf';
  readonly radius: number | readonly number[];
  readonly perSlice: boolean;
}

/**
 * A set that says which norm ball it is: adversarial attacks read their perturbation ball from
 * it (and intersect it with the input box) instead of parsing the constraint's name. Implemented
 * by `l1Ball`, `l2Ball`, `linfBall` and their `eachSlice` versions.
 *
 * @example
 * ```ts
 * import { eachSlice, linfBall } from '@sparsekit/constraints';
 * eachSlice(linfBall(0.1), { radius: [0.1, 0.2] }).normBall(); // => { norm: 'inf', radius: [0.1, 0.2], perSlice: true }
 * ```
 */
export interface HasNormBall {
  normBall(): NormBall;
}

/**
 * A projectable set: projection (= prox), indicator value and feasibility test.
 *
 * @example
 * ```ts
 * import type { ProjectableSet } from '@sparsekit/constraints';
 * import { l2Ball } from '@sparsekit/constraints';
 * const c: ProjectableSet = l2Ball(1);
 * ```
 */
export type ProjectableSet = Constraint & HasProject & HasProx & HasValue & HasIsFeasible;

/**
 * A set with every capability: LMO, projection, prox, value and feasibility test. Most sets of
 * this package are `ConstraintSet`s.
 *
 * @example
 * ```ts
 * import type { ConstraintSet } from '@sparsekit/constraints';
 * import { l1Ball } from '@sparsekit/constraints';
 * const c: ConstraintSet = l1Ball(1);
 * ```
 */
export type ConstraintSet = ProjectableSet & HasLmo;

/**
 * A penalty `g`: prox of `step·g` and its value.
 *
 * @example
 * ```ts
 * import type { Penalty } from '@sparsekit/constraints';
 * import { l1 } from '@sparsekit/constraints';
 * const g: Penalty = l1(0.1);
 * ```
 */
export type Penalty = Constraint & HasProx & HasValue;
