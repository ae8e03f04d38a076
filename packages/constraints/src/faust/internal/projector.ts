/**
 * The one place where a FAμST projector is assembled from its core map: input checks, pyfaust's
 * `pos` pre-step and `normalized` post-step, complex support, prox = projection, and the
 * fixed-point feasibility test. Each projector file only supplies the core map.
 */
import * as tf from '@tensorflow/tfjs';
import type { ComplexTensor } from '@sparsekit/tensor';
import type { FeasibilityOptions } from '../../types.js';
import type { FaustProjector } from '../faust-projector.js';
import { SparsekitError, isComplexTensor } from '@sparsekit/tensor';
import { frobeniusNorm, modulus, positivePart, toParts } from './parts.js';
import { argmaxMask } from '../../internal/top-k-mask.js';

/** What a projector file provides. */
export interface ProjectorSpec<N extends string, P extends { normalized: boolean }> {
  readonly name: N;
  readonly params: P;
  /** Applies pyfaust's `pos` pre-step (zero the negative entries of real input). */
  readonly pos: boolean;
  /** Checks `x`'s shape against the parameters (k ≤ size, matching support, ...); throws. */
  readonly checkShape: (shape: [number, number]) => void;
  /**
   * The projection itself on the parts (`[re]` or `[re, im]`) after the `pos` step; `original`
   * holds the parts before it. Must return fresh tensors.
   */
  readonly core: (parts: tf.Tensor2D[], original: tf.Tensor2D[]) => tf.Tensor2D[];
  /**
   * A unit-norm feasible real matrix used by `normalized` when the core result is zero, chosen
   * from `score` (the pre-`pos` values for real `pos` input, the modulus otherwise).
   * Defaults to the one-hot at the lowest-index maximum of `score`.
   */
  readonly fallback?: (score: tf.Tensor2D) => tf.Tensor2D;
}

/** One-hot at the lowest-index maximum of `score`, optionally restricted to `allowed`. */
export function oneHotAtMax(score: tf.Tensor2D, allowed?: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const s = allowed ? tf.where(allowed, score, tf.fill(score.shape, -Infinity)) : score;
    return argmaxMask(tf.reshape(s, [1, -1]) as tf.Tensor2D).reshape(score.shape) as tf.Tensor2D;
  });
}

/** Validated parts of a real input (`x`) or a complex one (`z`). */
function partsOf(x: tf.Tensor | ComplexTensor, complex: boolean): tf.Tensor2D[] {
  const argument = complex ? 'z' : 'x';
  if (complex !== isComplexTensor(x)) {
    const expected = complex ? 'a { re, im } pair of tensors (use project for real tensors)' : 'a tf.Tensor (use projectComplex for { re, im } pairs)';
    throw new SparsekitError({ argument, value: x, expected });
  }
  return toParts(x, argument);
}

function run<N extends string, P extends { normalized: boolean }>(spec: ProjectorSpec<N, P>, parts: tf.Tensor2D[]): tf.Tensor2D[] {
  spec.checkShape(parts[0].shape);
  return tf.tidy(() => {
    const real = parts.length === 1;
    const pre = spec.pos && real ? positivePart(parts) : parts;
    const out = spec.core(pre as tf.Tensor2D[], parts);
    if (!spec.params.normalized) return out;
    // pyfaust divides by the Frobenius norm. A zero result has no direction; every unit point of
    // the set is then a nearest point (or, under `pos`, the one-hot at the largest entry is), so
    // a feasible fallback keeps the output in the set and free of NaN.
    const norm = frobeniusNorm(out);
    const score = (spec.pos && real ? parts[0] : modulus(parts)) as tf.Tensor2D;
    const fb = (spec.fallback ?? ((s: tf.Tensor2D) => oneHotAtMax(s)))(score);
    const nonzero = tf.greater(norm, 0);
    return out.map((p, i) => tf.where(nonzero, tf.divNoNan(p, norm), i === 0 ? fb : tf.zerosLike(p))) as tf.Tensor2D[];
  });
}

/** Largest |entry| of a real tensor or pair, read back (for the feasibility tolerance). */
function infNorm(parts: tf.Tensor[]): number {
  const m = tf.tidy(() => tf.max(modulus(parts)));
  const value = m.dataSync()[0];
  m.dispose();
  return value;
}

function isFeasibleParts<N extends string, P extends { normalized: boolean }>(
  spec: ProjectorSpec<N, P>, x: tf.Tensor | ComplexTensor, complex: boolean, options: FeasibilityOptions = {},
): boolean {
  const { rtol = 1e-5, atol = 1e-6 } = options;
  let parts: tf.Tensor2D[];
  try {
    parts = partsOf(x, complex);
    spec.checkShape(parts[0].shape);
  } catch {
    return false; // non-finite, wrong rank or shape: not a member
  }
  // The projection fixes exactly the points of the set, so membership is P(x) ≈ x, with a
  // tolerance relative to the input's magnitude (float32 rounding is relative too).
  const scale = infNorm(parts);
  const p = run(spec, parts);
  const excess = tf.tidy(() => {
    const gaps = p.map((q, i) => tf.sub(tf.abs(tf.sub(q, parts[i])), tf.add(atol * scale, tf.mul(rtol, tf.abs(parts[i])))));
    return tf.max(tf.stack(gaps.map((g) => tf.max(g))));
  });
  const worst = excess.dataSync()[0];
  excess.dispose();
  tf.dispose(p);
  return worst <= 0;
}

/**
 * Builds the public projector object from a spec.
 */
export function makeProjector<N extends string, P extends { normalized: boolean }>(spec: ProjectorSpec<N, P>): FaustProjector<N, P> {
  const params = Object.freeze({ ...spec.params });
  const project = (x: tf.Tensor): tf.Tensor => run(spec, partsOf(x, false))[0];
  return {
    name: spec.name,
    params,
    project,
    projectComplex: (z: ComplexTensor): ComplexTensor => {
      const [re, im] = run(spec, partsOf(z, true));
      return { re, im };
    },
    prox: (x: tf.Tensor) => project(x),
    isFeasible: (x: tf.Tensor, options?: FeasibilityOptions) => isFeasibleParts(spec, x, false, options),
    isFeasibleComplex: (z: ComplexTensor, options?: FeasibilityOptions) => isFeasibleParts(spec, z, true, options),
    value: (x: tf.Tensor) => {
      partsOf(x, false); // NaN/Infinity or a wrong rank throw, as for project
      return tf.scalar(isFeasibleParts(spec, x, false) ? 0 : Infinity);
    },
  };
}
