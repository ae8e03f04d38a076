/**
 * The one place where a FAμST projector is assembled from its core map: input checks, pyfaust's
 * `pos` pre-step and `normalized` post-step, complex support, prox = projection, and the
 * fixed-point feasibility test. Each projector file only supplies the core map, which works on
 * a batch of matrices ([B, m, n] parts): a single matrix is the batch B = 1, and `eachSlice` of
 * a projector is the same code on a real batch (vectorized, no JS loop over matrices).
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, isComplexTensor, type ComplexTensor } from '@sparsekit/tensor';
import type { FeasibilityOptions, HasHostProject, HostMatrix } from '../../types.js';
import type { FaustProjector } from '../faust-projector.js';
import { modulus, normalizeSlices, positivePart, toParts } from './parts.js';
import { argmaxMask } from '../../internal/top-k-mask.js';
import { propagateNonFinite } from '../../internal/checks.js';
import { projectHost, type HostCore } from './host-projection.js';

/** What a projector file provides. */
export interface ProjectorSpec<N extends string, P extends { normalized: boolean }> {
  readonly name: N;
  readonly params: P;
  /** Applies pyfaust's `pos` pre-step (zero the negative entries of real input). */
  readonly pos: boolean;
  /** Checks one matrix shape [m, n] against the parameters (k ≤ size, matching support, ...); throws. */
  readonly checkShape: (shape: [number, number]) => void;
  /**
   * The projection itself on batched parts (`[re]` or `[re, im]`, each [B, m, n]) after the `pos`
   * step; `original` holds the parts before it. Must return fresh tensors.
   */
  readonly core: (parts: tf.Tensor3D[], original: tf.Tensor3D[]) => tf.Tensor3D[];
  /**
   * A unit-norm feasible real matrix per slice, used by `normalized` when the core result is
   * zero, chosen from `score` [B, m, n] (the pre-`pos` values for real `pos` input, the modulus
   * otherwise). Defaults to the one-hot at the lowest-index maximum of `score`.
   */
  readonly fallback?: (score: tf.Tensor3D) => tf.Tensor3D;
  /**
   * The same core map on host arrays (float64), which gives the projector `projectHost`;
   * `allowed` restricts the one-hot fallback as `fallback` does.
   */
  readonly host?: { readonly core: HostCore; readonly allowed?: Uint8Array };
}

/** One-hot at the lowest-index (row-major) maximum of each [m, n] slice of `score`, optionally within `allowed` [m, n]. */
export function oneHotAtMax(score: tf.Tensor3D, allowed?: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, m, n] = score.shape;
    const s = allowed ? tf.where(tf.broadcastTo(allowed, score.shape), score, tf.fill(score.shape, -Infinity)) : score;
    return argmaxMask(tf.reshape(s, [b, m * n]) as tf.Tensor2D).reshape([b, m, n]) as tf.Tensor3D;
  });
}

/** Validated parts of a real input (`x`) or a complex one (`z`): rank 3 when batched, else 2. */
function partsOf(x: tf.Tensor | ComplexTensor, complex: boolean, batched: boolean): tf.Tensor[] {
  const argument = complex ? 'z' : 'x';
  if (complex !== isComplexTensor(x)) {
    const expected = complex
      ? 'a { re, im } pair of tensors (use project for real tensors)'
      : 'a tf.Tensor (use projectComplex for { re, im } pairs)';
    throw new SparsekitError({ argument, value: x, expected });
  }
  return toParts(x, argument, batched ? 3 : 2);
}

/** The projection of batched parts [B, m, n]. */
function run<N extends string, P extends { normalized: boolean }>(spec: ProjectorSpec<N, P>, parts: tf.Tensor3D[]): tf.Tensor3D[] {
  const [, m, n] = parts[0].shape;
  spec.checkShape([m, n]);
  return tf.tidy(() => runChecked(spec, parts).map((p) => propagateNonFinite(p, ...parts)) as tf.Tensor3D[]);
}

function runChecked<N extends string, P extends { normalized: boolean }>(spec: ProjectorSpec<N, P>, parts: tf.Tensor3D[]): tf.Tensor3D[] {
  const real = parts.length === 1;
  const pre = spec.pos && real ? positivePart(parts) : parts;
  const out = spec.core(pre as tf.Tensor3D[], parts);
  if (!spec.params.normalized) return out;
  // pyfaust divides by the Frobenius norm. A zero result has no direction; every unit point of
  // the set is then a nearest point (or, under `pos`, the one-hot at the largest entry is), so
  // a feasible fallback keeps the output in the set and free of NaN.
  const unit = normalizeSlices(out);
  // the fallback (a topk per matrix) only when some matrix came out zero: one scalar read
  if (tf.all(unit.nonzero).dataSync()[0] === 1) return unit.parts as tf.Tensor3D[];
  const score = (spec.pos && real ? parts[0] : modulus(parts)) as tf.Tensor3D;
  const fb = (spec.fallback ?? ((s: tf.Tensor3D) => oneHotAtMax(s)))(score);
  const nonzero = tf.broadcastTo(unit.nonzero, out[0].shape);
  return unit.parts.map((p, i) => tf.where(nonzero, p, i === 0 ? fb : tf.zerosLike(p))) as tf.Tensor3D[];
}

/** Runs on a single matrix (lifted to B = 1) or on a batch, returning parts of the input's rank. */
function apply<N extends string, P extends { normalized: boolean }>(
  spec: ProjectorSpec<N, P>,
  parts: tf.Tensor[],
  batched: boolean,
): tf.Tensor[] {
  if (batched) return run(spec, parts as tf.Tensor3D[]);
  const lifted = parts.map((p) => p.expandDims(0) as tf.Tensor3D);
  try {
    return tf.tidy(() => run(spec, lifted).map((p) => p.squeeze([0])));
  } finally {
    tf.dispose(lifted);
  }
}

/**
 * Membership of every matrix: P(x) ≈ x. The projection fixes exactly the points of the set, so
 * this is the test, with a tolerance relative to each matrix's magnitude (float32 rounding is
 * relative too). Non-finite, wrong rank or wrong shape: not members.
 */
function feasibleEach<N extends string, P extends { normalized: boolean }>(
  spec: ProjectorSpec<N, P>,
  x: tf.Tensor | ComplexTensor,
  complex: boolean,
  batched: boolean,
  options: FeasibilityOptions = {},
): boolean[] {
  const { rtol = 1e-5, atol = 1e-6 } = options;
  const lead: unknown = complex ? (x as Partial<ComplexTensor> | null)?.re : x;
  const size = batched && lead instanceof tf.Tensor && lead.rank > 0 ? lead.shape[0] : 1;
  let parts: tf.Tensor[];
  try {
    parts = partsOf(x, complex, batched);
    spec.checkShape(parts[0].shape.slice(-2) as [number, number]);
  } catch {
    return new Array<boolean>(size).fill(false);
  }
  const excess = tf.tidy(() => {
    const xs = parts.map((p) => (batched ? p : p.expandDims(0)) as tf.Tensor3D);
    const b = xs[0].shape[0];
    const scale = tf.max(modulus(xs).reshape([b, -1]), 1).reshape([b, 1, 1]);
    const gaps = run(spec, xs).map((q, i) => tf.sub(tf.abs(tf.sub(q, xs[i])), tf.add(tf.mul(atol, scale), tf.mul(rtol, tf.abs(xs[i])))));
    return tf.max(tf.stack(gaps.map((g) => tf.max(g.reshape([b, -1]), 1))), 0);
  });
  const worst = excess.dataSync();
  excess.dispose();
  return Array.from(worst, (w) => w <= 0);
}

/** The methods on one matrix (`batched` false) or on batches [B, m, n] (`eachSlice`). */
function methods<N extends string, P extends { normalized: boolean }>(spec: ProjectorSpec<N, P>, batched: boolean) {
  const project = (x: tf.Tensor): tf.Tensor => apply(spec, partsOf(x, false, batched), batched)[0];
  const isFeasibleEach = (x: tf.Tensor, options?: FeasibilityOptions) => feasibleEach(spec, x, false, batched, options);
  return {
    project,
    projectComplex: (z: ComplexTensor): ComplexTensor => {
      const [re, im] = apply(spec, partsOf(z, true, batched), batched);
      return { re, im };
    },
    prox: (x: tf.Tensor) => project(x),
    isFeasible: (x: tf.Tensor, options?: FeasibilityOptions) => isFeasibleEach(x, options).every(Boolean),
    isFeasibleEach,
    isFeasibleComplex: (z: ComplexTensor, options?: FeasibilityOptions) => feasibleEach(spec, z, true, batched, options).every(Boolean),
    value: (x: tf.Tensor) => {
      partsOf(x, false, batched); // a wrong rank throws, as for project
      return tf.scalar(isFeasibleEach(x).every(Boolean) ? 0 : Infinity);
    },
  };
}

/** Batched variants (`eachSlice`) of the projectors built here, keyed by the projector object. */
const batchedVariants = new WeakMap<object, object>();

/** The vectorized `eachSlice` variant of a FAμST projector of this package, if `c` is one. */
export function faustEachSlice(c: object): object | undefined {
  return batchedVariants.get(c);
}

/**
 * Builds the public projector object from a spec (and registers its `eachSlice` variant).
 */
export function makeProjector<N extends string, P extends { normalized: boolean }>(spec: ProjectorSpec<N, P>): FaustProjector<N, P> {
  const params = Object.freeze({ ...spec.params });
  const { isFeasibleEach: _whole, ...whole } = methods(spec, false);
  const host = spec.host;
  const hostMethod =
    host === undefined
      ? {}
      : {
          projectHost: (x: HostMatrix): HostMatrix =>
            projectHost({ pos: spec.pos, normalized: spec.params.normalized, checkShape: spec.checkShape, ...host }, x),
        };
  const projector = { name: spec.name, params, ...whole, ...hostMethod };
  batchedVariants.set(projector, { name: `EachSlice(${spec.name})`, params: { of: params }, ...methods(spec, true) });
  return projector;
}

/** {@link makeProjector} for a spec with a host core: the projector has `projectHost`. */
export function makeHostProjector<N extends string, P extends { normalized: boolean }>(
  spec: ProjectorSpec<N, P> & { readonly host: NonNullable<ProjectorSpec<N, P>['host']> },
): FaustProjector<N, P> & HasHostProject {
  return makeProjector(spec) as FaustProjector<N, P> & HasHostProject;
}
