/**
 * SIM, state-driven implicit modeling (Tsai, Decugis, El Ghaoui, Atamtürk 2022): from the states
 * of a trained explicit teacher, fit an implicit model by convex problems, one per row:
 *
 *   [a_i; b_i] = argmin ½‖z_i − X a − U b − β‖²/m + λ(‖a‖₁ + ‖b‖₁)  s.t. ‖a‖₁ ≤ κ
 *   [c_j; d_j] = argmin ½‖y_j − X c − U d − β‖²/m + λ(‖c‖₁ + ‖d‖₁)
 *
 * (the ‖a‖₁ ≤ κ rows are exactly ‖A‖∞ ≤ κ). All rows of a batch are one separable problem solved
 * by the project's FISTA (`proximalGradient`) with the composite prox P_{‖a‖₁≤κ}(soft(·, ηλ)),
 * rows in batches of `rowBatch`. Biases β are fitted unpenalized.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { eachSlice, l1Ball } from '@sparsekit/constraints';
import { proximalGradient } from '@sparsekit/solvers/full-batch';
import type { SolveError } from '@sparsekit/solvers';
import { SparsekitError, requireNonNegative } from '@sparsekit/tensor';
import { checkKeys } from './solver-options.js';

/**
 * Recorded teacher data: states X [m, n] (post-activation), their pre-activations Z [m, n],
 * inputs U [m, p] and outputs Y [m, q] (logits).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { SimData } from '@sparsekit/models-implicit';
 * const d: SimData = { states: tf.zeros([4, 2]), preActivations: tf.zeros([4, 2]), inputs: tf.zeros([4, 3]), outputs: tf.zeros([4, 1]) };
 * ```
 */
export interface SimData {
  readonly states: tf.Tensor2D;
  readonly preActivations: tf.Tensor2D;
  readonly inputs: tf.Tensor2D;
  readonly outputs: tf.Tensor2D;
}

/**
 * Options of {@link simFit}.
 *
 * @example
 * ```ts
 * import type { SimOptions } from '@sparsekit/models-implicit';
 * const o: SimOptions = { kappa: 0.95, lambda: 1e-4, maxIter: 500 };
 * ```
 */
export interface SimOptions {
  /** Row radius κ ∈ (0, 1). Default 0.95. */
  readonly kappa?: number;
  /** L1 weight λ ≥ 0. Default 1e-4. */
  readonly lambda?: number;
  /** FISTA iterations per row batch. Default 1000. */
  readonly maxIter?: number;
  /** Tolerance on the gradient-mapping norm. Default 1e-6. */
  readonly tol?: number;
  /** Rows solved together. Default: all. */
  readonly rowBatch?: number;
  /** Fit unpenalized biases. Default true. */
  readonly fitBias?: boolean;
  /** Entries with |w| ≤ threshold become exactly 0 afterwards (SIM's 1e-6). Default 1e-6. */
  readonly threshold?: number;
}

/**
 * The fitted weights (fresh tensors, owned by the caller) and the per-batch solver outcomes.
 *
 * @example
 * ```ts
 * import type { SimResult } from '@sparsekit/models-implicit';
 * const ok = (r: SimResult) => r.converged;
 * ```
 */
export interface SimResult {
  readonly A: tf.Tensor2D;
  readonly B: tf.Tensor2D;
  readonly C: tf.Tensor2D;
  readonly D: tf.Tensor2D;
  readonly stateBias: tf.Tensor1D;
  readonly bias: tf.Tensor1D;
  readonly converged: boolean;
}

const KEYS = ['kappa', 'lambda', 'maxIter', 'tol', 'rowBatch', 'fitBias', 'threshold'];

/** prox of ηλ‖w‖₁ on the penalized columns, then the L1-ball projection of the first n columns. */
function rowProx(n: number, penalized: number, lambda: number, kappa: number | null) {
  const ball = kappa === null ? null : eachSlice(l1Ball(kappa));
  return {
    name: 'SimRowProx',
    params: { lambda, kappa },
    prox: (w: tf.Tensor, eta: number): tf.Tensor =>
      tf.tidy(() => {
        const [pen, free] = tf.split(w, [penalized, w.shape[1]! - penalized], 1);
        const t = eta * lambda;
        let s = tf.sub(tf.relu(tf.sub(pen, t)), tf.relu(tf.sub(tf.neg(pen), t)));
        if (ball !== null) {
          const [a, b] = tf.split(s, [n, penalized - n], 1);
          s = tf.concat([ball.project(a), b], 1);
        }
        return free.shape[1] === 0 ? s : tf.concat([s, free], 1);
      }),
  };
}

function spectralNormSquared(m: tf.Tensor2D): number {
  const gram = tf.tidy(() => tf.matMul(m, m, true, false));
  const g = gram.arraySync() as number[][];
  gram.dispose();
  let v = g.map(() => 1);
  let lambda = 0;
  for (let k = 0; k < 500; k++) {
    const w = g.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const norm = Math.hypot(...w);
    if (norm === 0) return 0;
    const next = norm / Math.hypot(...v);
    v = w.map((x) => x / norm);
    if (Math.abs(next - lambda) <= 1e-10 * next) return next * (1 + 1e-6);
    lambda = next;
  }
  // Power iteration approaches from below; a small margin keeps the step 1/L safe.
  return lambda * 1.01;
}

function solveRows(
  design: tf.Tensor2D,
  targets: tf.Tensor2D,
  n: number,
  kappa: number | null,
  o: Required<SimOptions>,
): E.Either<SolveError, { w: tf.Tensor2D; ok: boolean }> {
  const m = design.shape[0];
  const penalized = design.shape[1] - (o.fitBias ? 1 : 0);
  const rows = targets.shape[1];
  // ∇f is (W Mᵀ − Z)M/m: Lipschitz constant σ_max(M)²/m, from float64 power iteration.
  const lipschitz = spectralNormSquared(design) / m;
  const parts: tf.Tensor2D[] = [];
  let ok = true;
  for (let start = 0; start < rows; start += o.rowBatch) {
    const size = Math.min(o.rowBatch, rows - start);
    const z = tf.slice(targets, [0, start], [m, size]);
    const x0 = tf.zeros([size, design.shape[1]]);
    const r = proximalGradient(
      {
        objective: (w) => tf.div(tf.sum(tf.square(tf.sub(z, tf.matMul(design, w, false, true)))), 2 * m) as tf.Scalar,
        constraint: rowProx(n, penalized, o.lambda, kappa),
        x0,
      },
      { accelerated: true, maxIter: o.maxIter, tol: o.tol, step: 'fixed', lipschitz },
    );
    tf.dispose([z, x0]);
    if (E.isLeft(r)) {
      tf.dispose(parts);
      return r;
    }
    ok = ok && r.right.success;
    parts.push(r.right.x as tf.Tensor2D);
  }
  const w = tf.tidy(() => {
    const all = tf.concat(parts, 0);
    return tf.where(tf.greater(tf.abs(all), o.threshold), all, tf.zerosLike(all)) as tf.Tensor2D;
  });
  tf.dispose(parts);
  return E.right({ w, ok });
}

function resolve(options: SimOptions): Required<SimOptions> {
  checkKeys('options', options, KEYS);
  const kappa = options.kappa ?? 0.95;
  if (!(kappa > 0 && kappa < 1)) throw new SparsekitError({ argument: 'kappa', value: kappa, expected: 'a number in (0, 1)' });
  const rowBatch = options.rowBatch ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(rowBatch) || rowBatch < 1)
    throw new SparsekitError({ argument: 'rowBatch', value: rowBatch, expected: 'an integer ≥ 1' });
  return {
    kappa,
    rowBatch,
    lambda: requireNonNegative('lambda', options.lambda ?? 1e-4),
    maxIter: options.maxIter ?? 1000,
    tol: options.tol ?? 1e-6,
    fitBias: options.fitBias ?? true,
    threshold: requireNonNegative('threshold', options.threshold ?? 1e-6),
  };
}

/**
 * Fits A, B (with ‖A‖∞ ≤ κ) and C, D of an implicit model to recorded teacher data.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { simFit } from '@sparsekit/models-implicit';
 * const u = tf.randomNormal([32, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
 * const z = tf.matMul(u, tf.ones([3, 2])) as tf.Tensor2D;
 * const r = simFit({ states: tf.relu(z) as tf.Tensor2D, preActivations: z, inputs: u, outputs: tf.sum(tf.relu(z), 1, true) as tf.Tensor2D }, { maxIter: 200 });
 * if (E.isRight(r)) r.right.B.shape; // [2, 3]
 * ```
 */
export function simFit(data: SimData, options: SimOptions = {}): E.Either<SolveError, SimResult> {
  const o = resolve(options);
  const { states: x, inputs: u, preActivations: z, outputs: y } = data;
  const [m, n] = x.shape;
  const p = u.shape[1];
  for (const [name, t, cols] of [
    ['preActivations', z, n],
    ['inputs', u, p],
    ['outputs', y, y.shape[1]],
  ] as const) {
    if (t.rank !== 2 || t.shape[0] !== m || t.shape[1] !== cols) {
      throw new SparsekitError({
        argument: `data.${name}`,
        value: t,
        code: 'shape_mismatch',
        expected: `[${m}, ${cols}] (one row per recorded example)`,
      });
    }
  }
  const design = tf.tidy(() => tf.concat(o.fitBias ? [x, u, tf.ones([m, 1])] : [x, u], 1)) as tf.Tensor2D;
  try {
    return E.chain((ab: { w: tf.Tensor2D; ok: boolean }) =>
      E.bimap(
        (e: SolveError) => {
          ab.w.dispose();
          return e;
        },
        (cd: { w: tf.Tensor2D; ok: boolean }) => {
          const split = (w: tf.Tensor2D) => tf.split(w, o.fitBias ? [n, p, 1] : [n, p], 1) as tf.Tensor2D[];
          const [A, B, sb] = split(ab.w);
          const [C, D, ob] = split(cd.w);
          const rows = (t: tf.Tensor2D | undefined, k: number) => (t ? t.reshape([k]) : tf.zeros([k])) as tf.Tensor1D;
          const out = { A, B, C, D, stateBias: rows(sb, n), bias: rows(ob, y.shape[1]), converged: ab.ok && cd.ok };
          tf.dispose([ab.w, cd.w, sb ?? [], ob ?? []]);
          return out;
        },
      )(solveRows(design, y, n, null, o)),
    )(solveRows(design, z, n, o.kappa, o));
  } finally {
    design.dispose();
  }
}

/** Hidden pre-activations and activations of a dense teacher, last hidden layer first (as fromSequential orders them). */
function record(teacher: tf.Sequential, inputs: tf.Tensor2D): SimData {
  return tf.tidy(() => {
    const zs: tf.Tensor2D[] = [];
    const xs: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = inputs;
    teacher.layers.forEach((layer, i) => {
      if (layer.getClassName() !== 'Dense')
        throw new SparsekitError({
          argument: `teacher.layers[${i}]`,
          value: layer.getClassName(),
          code: 'unsupported',
          expected: 'Dense layers only',
        });
      const [w, b] = layer.getWeights();
      const z = (b ? tf.add(tf.matMul(h, w), b) : tf.matMul(h, w)) as tf.Tensor2D;
      if (i === teacher.layers.length - 1) {
        zs.push(z);
        return;
      }
      h = layer.apply(h) as tf.Tensor2D;
      zs.push(z);
      xs.push(h);
    });
    const y = zs.pop() as tf.Tensor2D;
    return { states: tf.concat(xs.reverse(), 1), preActivations: tf.concat(zs.reverse(), 1), inputs: tf.clone(inputs), outputs: y };
  });
}

/**
 * Records a trained `tf.sequential` of dense layers on `inputs` (its hidden states, their
 * pre-activations and its logits) and fits an implicit model to them with {@link simFit}.
 * The teacher's last layer must output logits (linear activation); hidden layers share φ.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { simFromTeacher } from '@sparsekit/models-implicit';
 * const teacher = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 2 })] });
 * const r = simFromTeacher(teacher, tf.randomNormal([64, 3], 0, 1, 'float32', 2) as tf.Tensor2D, { maxIter: 100 });
 * if (E.isRight(r)) r.right.A.shape; // [4, 4]
 * ```
 */
export function simFromTeacher(teacher: tf.Sequential, inputs: tf.Tensor2D, options: SimOptions = {}): E.Either<SolveError, SimResult> {
  const data = record(teacher, inputs);
  try {
    return simFit(data, options);
  } finally {
    tf.dispose([data.states, data.preActivations, data.inputs, data.outputs]);
  }
}
