/**
 * Atom dictionaries for active-set Frank-Wolfe (away-step and pairwise): a polytope described
 * by its vertices ("atoms"), with the iterate stored as convex weights over them. Weights are a
 * dense [B, K] tensor, so a batch of problems keeps one active set per example without JS
 * loops. Provided for the simplex, the L1 ball and an explicit vertex list.
 */
import * as tf from '@tensorflow/tfjs';
import { requirePositive, requireRank, SparsekitError } from '@sparsekit/tensor';
import type { Constraint, HasAtoms } from '@sparsekit/constraints';

/** One radius for every example, or one per example (batched problems, `eachSlice` radii). */
export type AtomRadius = number | readonly number[];

/** AtomRadius as a scalar or a [B, 1] column for B examples (checked against B). */
function radiusScale(radius: AtomRadius): (batch: number) => tf.Tensor {
  const values = typeof radius === 'number' ? [radius] : Array.from(radius);
  values.forEach((v) => requirePositive('radius', v));
  if (typeof radius === 'number') return () => tf.scalar(radius);
  return (batch) => {
    if (batch !== values.length)
      throw new SparsekitError({
        argument: 'radius',
        value: values.length,
        code: 'shape_mismatch',
        expected: `one radius per example (${batch})`,
      });
    return tf.tensor2d(values, [batch, 1]);
  };
}

/** A finite set of atoms v_1..v_K in ℝⁿ whose convex hull is the feasible set. */
export interface AtomDictionary {
  readonly name: string;
  /** Number of atoms for iterates with n entries per example. */
  count(n: number): number;
  /** Scores ⟨g_b, v_k⟩: [B, n] → [B, K]. */
  scores(grad: tf.Tensor2D): tf.Tensor2D;
  /** Σ_k w_bk v_k: [B, K] → [B, n]. */
  combine(weights: tf.Tensor2D): tf.Tensor2D;
  /** Convex weights representing x ([B, n] → [B, K]); throws when x is not representable. */
  decompose(x: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Atoms of the simplex {x ≥ 0, Σx = r}: the scaled unit vectors r·e_i.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { simplexAtoms } from '@sparsekit/solvers/full-batch';
 * simplexAtoms(1).combine(tf.tensor2d([[0.25, 0.75]])).arraySync(); // => [[0.25, 0.75]]
 * ```
 */
export function simplexAtoms(radius: AtomRadius = 1): AtomDictionary {
  const r = radiusScale(radius);
  return {
    name: 'Simplex',
    count: (n) => n,
    scores: (g) => tf.tidy(() => tf.mul(g, r(g.shape[0]))),
    combine: (w) => tf.tidy(() => tf.mul(w, r(w.shape[0]))),
    decompose: (x) => tf.tidy(() => tf.div(x, r(x.shape[0]))),
  };
}

/**
 * Atoms of the L1 ball {‖x‖₁ ≤ r}: ±r·e_i (atom i is +r·e_i, atom n+i is −r·e_i). An interior
 * x0 puts its slack weight half on +r·e_0 and half on −r·e_0, which cancel.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1BallAtoms } from '@sparsekit/solvers/full-batch';
 * l1BallAtoms(2).combine(tf.tensor2d([[0.5, 0, 0, 0.5]])).arraySync(); // => [[1, -1]]
 * ```
 */
export function l1BallAtoms(radius: AtomRadius = 1): AtomDictionary {
  const r = radiusScale(radius);
  return {
    name: 'L1Ball',
    count: (n) => 2 * n,
    scores: (g) => tf.tidy(() => tf.concat([g, tf.neg(g)], 1).mul(r(g.shape[0]))),
    combine: (w) =>
      tf.tidy(() => {
        const n = w.shape[1] / 2;
        return tf.sub(w.slice([0, 0], [-1, n]), w.slice([0, n], [-1, n])).mul(r(w.shape[0]));
      }),
    decompose: (x) =>
      tf.tidy(() => {
        const rr = r(x.shape[0]);
        const plus = tf.relu(x).div(rr);
        const minus = tf.relu(tf.neg(x)).div(rr);
        const slack = tf.relu(tf.sub(1, tf.add(plus.sum(1, true), minus.sum(1, true)))).mul(0.5);
        const first = tf.oneHot(tf.zeros([x.shape[0]], 'int32'), x.shape[1]).mul(slack);
        return tf.concat([plus.add(first), minus.add(first)], 1) as tf.Tensor2D;
      }),
  };
}

/**
 * Atoms given explicitly as the rows of `vertices` [K, n]. x0 must be one of the vertices unless
 * `initialWeights` ([B, K] or [K]) says how it is combined.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { polytopeAtoms } from '@sparsekit/solvers/full-batch';
 * const atoms = polytopeAtoms(tf.tensor2d([[0, 0], [1, 0], [0, 1]]));
 * atoms.combine(tf.tensor2d([[0, 0.5, 0.5]])).arraySync(); // => [[0.5, 0.5]]
 * ```
 */
export function polytopeAtoms(vertices: tf.Tensor2D, initialWeights?: tf.Tensor): AtomDictionary {
  requireRank('vertices', vertices, 2);
  return {
    name: 'Polytope',
    count: () => vertices.shape[0],
    scores: (g) => tf.matMul(g, vertices, false, true),
    combine: (w) => tf.matMul(w, vertices),
    decompose: (x) => {
      if (initialWeights) return tf.tidy(() => tf.broadcastTo(initialWeights, [x.shape[0], vertices.shape[0]]).clone() as tf.Tensor2D);
      return tf.tidy(() => {
        const dist = tf.sum(tf.square(tf.sub(x.expandDims(1), vertices.expandDims(0))), 2);
        const best = tf.argMin(dist, 1);
        if (dist.min(1).max().dataSync()[0] > 1e-6 * Math.max(1, vertices.abs().max().dataSync()[0] ** 2)) {
          throw new SparsekitError({
            argument: 'x0',
            value: x,
            expected: 'a vertex of the polytope, or pass initialWeights to polytopeAtoms',
          });
        }
        return tf.oneHot(best, vertices.shape[0]).toFloat() as tf.Tensor2D;
      });
    },
  };
}

/**
 * The atoms of a constraint that has the `HasAtoms` capability (`simplex`, `l1Ball`, `lpBall(1)`,
 * `polytope` of vectors, and `eachSlice` of them, whose per-slice radii become per-example
 * radii). `eachSlice` constraints need a batched problem (one slice per example), since a
 * product of polytopes is not one atom dictionary. Plugins implement `atoms()` to get the
 * active-set Frank-Wolfe variants.
 *
 * @example
 * ```ts
 * import { eachSlice, l1Ball } from '@sparsekit/constraints';
 * import { atomsFor } from '@sparsekit/solvers/full-batch';
 * atomsFor(eachSlice(l1Ball(1), { radius: [1, 2] }), true).name; // => 'L1Ball'
 * ```
 */
export function atomsFor(constraint: Constraint & Partial<HasAtoms>, batched = false): AtomDictionary {
  if (typeof constraint.atoms !== 'function') {
    throw new SparsekitError({
      argument: 'constraint',
      value: constraint.name,
      code: 'unsupported',
      expected:
        'a set with atoms() (simplex, l1Ball, polytope, or eachSlice of one) for active-set variants, or an explicit `atoms` option',
    });
  }
  const d = constraint.atoms();
  if (d.perSlice && !batched) {
    throw new SparsekitError({
      argument: 'constraint',
      value: constraint.name,
      code: 'unsupported',
      expected: 'a batched problem (batched: true, one slice per example) for active-set variants over eachSlice',
    });
  }
  if (d.kind === 'vertices') return polytopeAtoms(d.vertices);
  return d.kind === 'simplex' ? simplexAtoms(d.radius) : l1BallAtoms(d.radius);
}
