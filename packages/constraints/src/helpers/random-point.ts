/** Seeded random points of a set. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireInteger } from '@sparsekit/tensor';
import type { Constraint, HasLmo, HasProject } from '../types.js';
import { setSpecOf } from '../internal/set-spec.js';

/**
 * Options of {@link randomPoint}.
 *
 * @example
 * ```ts
 * import type { RandomPointOptions } from '@sparsekit/constraints';
 * const o: RandomPointOptions = { seed: 7 };
 * ```
 */
export interface RandomPointOptions {
  /** Seed: same seed, same point. */
  readonly seed: number;
}

const uniform = (shape: number[], seed: number) => tf.randomUniform(shape, 0, 1, 'float32', seed);
const exponential = (shape: number[], seed: number) => tf.neg(tf.log(tf.sub(1, uniform(shape, seed))));

/**
 * A seeded random point of the set. Uniform on the L1, L2 and L∞ balls (Barthe–Guédon–Mendelson–
 * Naor: g/(‖g‖_p^p + E)^{1/p} with g_i of density ∝ e^{−|t|^p} and E ~ Exp(1); arXiv
 * math/0503650) and on the simplex (normalized exponentials). Other sets get the projection of
 * a standard Gaussian point, or the LMO vertex of one, which is feasible but not uniform.
 *
 * @example
 * ```ts
 * import { l1Ball, randomPoint } from '@sparsekit/constraints';
 * const x = randomPoint(l1Ball(2), [5], { seed: 1 });
 * ```
 */
export function randomPoint(
  c: Constraint & Partial<HasProject & HasLmo>,
  shape: readonly number[],
  options: RandomPointOptions,
): tf.Tensor {
  requireInteger('options.seed', options?.seed);
  shape.forEach((d, i) => requireInteger(`shape[${i}]`, d, 1));
  const s = [...shape];
  const seed = options.seed;
  const spec = setSpecOf(c);
  const r = spec?.radius ?? 1;
  const p = spec?.name === 'LpBall' ? (spec.params.p as number) : undefined;
  return tf.tidy(() => {
    if (spec?.name === 'L1Ball' || p === 1) {
      const g = tf.mul(exponential(s, seed), tf.sub(tf.mul(tf.step(tf.sub(uniform(s, seed + 1), 0.5)), 2), 1));
      return tf.mul(r, tf.div(g, tf.add(tf.sum(tf.abs(g)), exponential([], seed + 2))));
    }
    if (spec?.name === 'L2Ball' || p === 2) {
      const g = tf.randomNormal(s, 0, Math.SQRT1_2, 'float32', seed);
      return tf.mul(r, tf.div(g, tf.sqrt(tf.add(tf.sum(tf.square(g)), exponential([], seed + 2)))));
    }
    if (spec?.name === 'LinfBall' || p === Infinity) return tf.mul(r, tf.sub(tf.mul(uniform(s, seed), 2), 1));
    if (spec?.name === 'Simplex') {
      const e = exponential(s, seed);
      return tf.mul(r, tf.div(e, tf.sum(e)));
    }
    const g = tf.randomNormal(s, 0, 1, 'float32', seed);
    if (c.project) return c.project(g);
    if (c.lmo) return c.lmo(g);
    throw new SparsekitError({ argument: 'c', value: c.name, expected: 'a set with a projection or an LMO' });
  });
}
