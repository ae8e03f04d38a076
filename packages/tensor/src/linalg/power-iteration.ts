/**
 * Top singular pairs by power iteration with deflation, for real and complex matrices with
 * leading batch axes. Runs entirely in tfjs ops (every backend, including wasm), one matvec
 * with A and one with A^H per iteration; the start vectors come from the seeded JS RNG, so
 * results do not depend on the backend's random generator.
 */
import * as tf from '@tensorflow/tfjs';
import { isComplexTensor, parts, type ComplexTensor } from '../complex/complex-tensor.js';
import { SparsekitError } from '../errors.js';
import { complexOps, realOps, type Vec, type VectorOps } from '../internal/vector-ops.js';
import { createRng } from '../random/create-rng.js';
import { requireInteger, requirePositive } from '../validate.js';

/** Options of {@link topSingularPairs} (and of {@link spectralNorm} with `method: 'power'`). */
export interface PowerIterationOptions {
  /** Number of pairs, largest first (default 1, at most min(m, n)). */
  readonly k?: number;
  /**
   * Stop a pair when ‖P(A^H u) − σ v‖ ≤ tol · σ₁ in every batch entry (P projects out the
   * pairs already found) (default 1e-5: about what
   * float32 matvecs can certify; σ₁ is the largest singular value, so small σₖ are judged
   * relative to ‖A‖₂, the accuracy float32 can deliver for them).
   */
  readonly tol?: number;
  /** Iterations per pair (default 500). Not converging is reported, not thrown. */
  readonly maxIter?: number;
  /** Seed of the random start vectors (default 0). */
  readonly seed?: number;
}

/** Result of {@link topSingularPairs}: A·v[:, j] = s[j]·u[:, j] for each pair j. */
export interface SingularPairs<T extends tf.Tensor | ComplexTensor> {
  /** Singular values, shape [...batch, k], largest first. */
  readonly s: tf.Tensor;
  /** Left singular vectors as columns, [...batch, m, k] (zero where s is 0). */
  readonly u: T;
  /** Right singular vectors as columns, [...batch, n, k]. */
  readonly v: T;
  /** Iterations used for each pair. */
  readonly iterations: number[];
  /** Whether every pair met the tolerance in every batch entry within maxIter. */
  readonly converged: boolean;
}

interface PairState<V extends Vec> {
  sigma: tf.Tensor3D;
  u: V;
  v: V;
  iterations: number;
  converged: boolean;
}

/**
 * The k largest singular values and vectors of a real or complex matrix (or a batch of them,
 * `[...batch, m, n]`), by power iteration on A^H A with deflation against the pairs already
 * found. Convergence per pair is geometric with ratio (σ_{j+1}/σ_j)²; close singular values
 * converge slowly (raise maxIter), equal ones give some vector of their common subspace.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { topSingularPairs } from '@sparsekit/tensor';
 * const a = tf.tensor2d([[3, 0], [0, 1], [0, 0]]);
 * const { s, u, v, converged } = topSingularPairs(a, { k: 2 }); // s ≈ [3, 1]
 * ```
 */
export function topSingularPairs(a: tf.Tensor, options?: PowerIterationOptions): SingularPairs<tf.Tensor>;
export function topSingularPairs(a: ComplexTensor, options?: PowerIterationOptions): SingularPairs<ComplexTensor>;
export function topSingularPairs(
  a: tf.Tensor | ComplexTensor,
  options: PowerIterationOptions = {},
): SingularPairs<tf.Tensor | ComplexTensor> {
  const { re, im } = parts(a, 'A');
  if (re.rank < 2)
    throw new SparsekitError({ argument: 'A', value: re, code: 'shape_mismatch', expected: 'a tensor of rank >= 2 ([...batch, m, n])' });
  // Power iteration on NaN data returns NaN pairs that look converged: one read rules it out.
  if (!tf.tidy(() => tf.all(tf.isFinite(im === null ? re : tf.concat([re.flatten(), im.flatten()]))).dataSync()[0])) {
    throw new SparsekitError({ argument: 'A', value: 'non-finite values', code: 'non_finite', expected: 'finite entries' });
  }
  const [m, n] = re.shape.slice(-2);
  const batchShape = re.shape.slice(0, -2);
  const batch = batchShape.reduce((x, y) => x * y, 1);
  const k = requireInteger('k', options.k ?? 1, 1, Math.min(m, n));
  const tol = requirePositive('tol', options.tol ?? 1e-5);
  const maxIter = requireInteger('maxIter', options.maxIter ?? 500, 1);
  const seed = options.seed ?? 0;
  const rng = createRng(seed);
  const samples = () => Float32Array.from(rng.normalArray(batch * n));
  const settings = { k, tol, maxIter, batch, n, samples };
  if (isComplexTensor(a)) {
    const flat = { re: tf.reshape(a.re, [batch, m, n]) as tf.Tensor3D, im: tf.reshape(a.im, [batch, m, n]) as tf.Tensor3D };
    const ops = complexOps(flat);
    try {
      return assemble(ops, iteratePairs(ops, settings), batchShape, [m, n]);
    } finally {
      ops.release();
      flat.re.dispose();
      flat.im.dispose();
    }
  }
  const flat = tf.reshape(re, [batch, m, n]) as tf.Tensor3D;
  const ops = realOps(flat);
  try {
    return assemble(ops, iteratePairs(ops, settings), batchShape, [m, n]);
  } finally {
    ops.release();
    flat.dispose();
  }
}

interface Settings {
  k: number;
  tol: number;
  maxIter: number;
  batch: number;
  n: number;
  samples: () => Float32Array;
}

function iteratePairs<V extends Vec>(ops: VectorOps<V>, settings: Settings): PairState<V>[] {
  const pairs: PairState<V>[] = [];
  let scale: Float32Array | undefined;
  for (let j = 0; j < settings.k; j++) {
    const pair = iterateOne(
      ops,
      settings,
      pairs.map((p) => p.v),
      scale,
    );
    scale ??= pair.sigma.dataSync() as Float32Array;
    pairs.push(pair);
  }
  return pairs;
}

/** Power iteration for one pair; returns a consistent triple (A v = σ u for the returned v). */
function iterateOne<V extends Vec>(ops: VectorOps<V>, settings: Settings, found: V[], scale: Float32Array | undefined): PairState<V> {
  let v = tf.tidy(() => {
    let z = ops.fromSamples(settings.samples, [settings.batch, settings.n, 1]);
    for (const q of found) z = ops.removeComponent(z, q);
    return ops.scale(z, tf.divNoNan(1, ops.norm(z)) as tf.Tensor3D);
  }) as V;
  for (let it = 1; ; it++) {
    const step = tf.tidy(() => {
      const w = ops.apply(v);
      const sigma = ops.norm(w);
      const u = ops.scale(w, tf.divNoNan(1, sigma) as tf.Tensor3D);
      let z = ops.applyAdjoint(u);
      // Residual of the deflated operator: float32 leaves ~eps·σ₁/σⱼ of the found directions in
      // u, which A^H amplifies by σ₁; projecting first keeps small σⱼ certifiable.
      for (const q of found) z = ops.removeComponent(z, q);
      const residual = ops.norm(ops.sub(z, ops.scale(v, sigma)));
      const next = ops.scale(z, tf.divNoNan(1, ops.norm(z)) as tf.Tensor3D);
      return { sigma, u, next, residual };
    }) as { sigma: tf.Tensor3D; u: V; next: V; residual: tf.Tensor3D };
    const residual = step.residual.dataSync();
    const sigma = step.sigma.dataSync();
    step.residual.dispose();
    const converged = residual.every((r, b) => r <= settings.tol * (scale ? scale[b] : sigma[b]));
    if (converged || it >= settings.maxIter) {
      ops.dispose(step.next);
      return { sigma: step.sigma, u: step.u, v, iterations: it, converged };
    }
    ops.dispose(v);
    ops.dispose(step.u);
    step.sigma.dispose();
    v = step.next;
  }
}

function assemble<V extends Vec>(ops: VectorOps<V>, pairs: PairState<V>[], batchShape: number[], [m, n]: number[]): SingularPairs<V> {
  const k = pairs.length;
  const reshape = (x: V, rows: number): V => {
    const shape = [...batchShape, rows, k];
    const flat = x as tf.Tensor | ComplexTensor;
    return (flat instanceof tf.Tensor
      ? tf.reshape(flat, shape)
      : { re: tf.reshape(flat.re, shape), im: tf.reshape(flat.im, shape) }) as unknown as V;
  };
  const out = tf.tidy(() => ({
    s: tf.reshape(
      tf.concat(
        pairs.map((p) => p.sigma),
        2,
      ),
      [...batchShape, k],
    ),
    u: reshape(ops.stack(pairs.map((p) => p.u)), m),
    v: reshape(ops.stack(pairs.map((p) => p.v)), n),
  }));
  for (const p of pairs) {
    p.sigma.dispose();
    ops.dispose(p.u);
    ops.dispose(p.v);
  }
  return { ...out, iterations: pairs.map((p) => p.iterations), converged: pairs.every((p) => p.converged) } as SingularPairs<V>;
}
