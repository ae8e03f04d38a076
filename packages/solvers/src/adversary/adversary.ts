/**
 * Adversarial perturbations (chop's `Adversary`): `adversary(method).perturb({...})` maximizes a
 * per-example loss of a model over perturbations δ with ‖δᵢ‖ ≤ ε and the perturbed input
 * inside the image box (default [0, 1]), for a whole batch at once.
 *
 * - 'pgd-madry' (Madry et al. 2018): δ ← P(δ + α·ε·sign(∇L)) for L∞ (δ + α·ε·∇L/‖∇L‖ for L2),
 *   P the exact projection onto ball ∩ box; α = `stepSize` (default 2.5/maxIter, Madry's choice).
 * - 'frank-wolfe': δ ← δ + γ(s − δ), γ = 2/(t+2), with s the exact LMO of ball ∩ box (L1, L2,
 *   L∞), so every iterate is feasible without any projection.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { catchDataErrors, isDataError } from '../core/data-error.js';
import { isSparsekitError, requireInteger, SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import type { Constraint, HasNormBall } from '@sparsekit/constraints';
import { solveError, type SolveError } from '../types.js';
import { softmaxCrossEntropy, type PerExampleLoss } from './per-example-losses.js';
import { runAttack, type AttackInputs, type Forward } from './internal/attack-loop.js';
import { perturbationGeometry, readBall, type PerturbationGeometry } from './internal/perturbation-set.js';
import { randomStart } from './internal/random-start.js';

export type AttackMethod = 'pgd-madry' | 'frank-wolfe';

/** Options of {@link adversary}. */
export interface AdversaryOptions {
  /** PGD-Madry step as a fraction of the radius. Default 2.5/maxIter. */
  readonly stepSize?: number;
  /** PGD-Madry: start from a random point of the ball ∩ box instead of δ = 0. Default false. */
  readonly randomStart?: boolean;
  /** Seed of the random start. Default 0. */
  readonly seed?: number;
}

/** What an attack needs. `inputs` is [B, ...]; labels are one-hot [B, K] or class indices [B]. */
export interface PerturbArgs {
  readonly model: tf.LayersModel | Forward;
  readonly inputs: tf.Tensor;
  readonly labels: tf.Tensor;
  /** Per-example loss to maximize. Default softmax cross-entropy of logits. */
  readonly loss?: PerExampleLoss;
  /** The norm ball of each perturbation: any set with `normBall()` (l1Ball, l2Ball, linfBall, or eachSlice of one). */
  readonly constraint: Constraint & HasNormBall;
  /** Bounds of the perturbed input, or null for none. Default [0, 1]. */
  readonly box?: readonly [number, number] | null;
  /** Number of iterations. Default 20. */
  readonly maxIter?: number;
  /** Return, per example, the perturbation with the largest loss seen. Default false. */
  readonly useBest?: boolean;
}

/** Fresh tensors owned by the caller. */
export interface PerturbResult {
  /** Per-example loss at the returned perturbation, [B]. */
  readonly loss: tf.Tensor1D;
  /** The perturbation δ, shaped like the inputs. */
  readonly perturbation: tf.Tensor;
  /** Frank-Wolfe only (and not with useBest): per-example FW gap ⟨∇L, s − δ⟩ ≥ 0 at δ. */
  readonly gap?: tf.Tensor1D;
}

export interface Adversary {
  readonly method: AttackMethod;
  perturb(args: PerturbArgs): E.Either<SolveError, PerturbResult>;
}

const METHODS: readonly AttackMethod[] = ['pgd-madry', 'frank-wolfe'];
const ARG_KEYS = ['model', 'inputs', 'labels', 'loss', 'constraint', 'box', 'maxIter', 'useBest'];

/**
 * An attack. `perturb` throws on programming errors (unknown options, unsupported ball) and
 * returns a Left when the data do not fit (labels for another batch, non-finite losses).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { linfBall } from '@sparsekit/constraints';
 * import { adversary } from '@sparsekit/solvers/adversary';
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
 * const inputs = tf.randomUniform([8, 4], 0, 1, 'float32', 1);
 * const labels = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
 * const r = adversary('pgd-madry').perturb({ model, inputs, labels, constraint: linfBall(0.1), maxIter: 10 });
 * if (E.isRight(r)) r.right.loss.print(); // per-example adversarial losses
 * ```
 */
export function adversary(method: AttackMethod, options: AdversaryOptions = {}): Adversary {
  if (!METHODS.includes(method)) throw new SparsekitError({ argument: 'method', value: method, expected: "'pgd-madry' or 'frank-wolfe'" });
  requireKnownKeys(options, ['stepSize', 'randomStart', 'seed']);
  if (options.stepSize !== undefined && !(options.stepSize > 0 && Number.isFinite(options.stepSize))) {
    throw new SparsekitError({ argument: 'stepSize', value: options.stepSize, expected: 'a finite number > 0' });
  }
  if (options.randomStart && method !== 'pgd-madry')
    throw new SparsekitError({ argument: 'randomStart', value: true, expected: 'false for Frank-Wolfe (it starts at δ = 0)' });
  requireInteger('seed', options.seed ?? 0, 0);
  return { method, perturb: (args) => perturb(method, options, args) };
}

function perturb(method: AttackMethod, options: AdversaryOptions, args: PerturbArgs): E.Either<SolveError, PerturbResult> {
  const settings = checkArgs(method, args);
  return catchDataErrors(() => perturbChecked(method, options, args, settings));
}

/**
 * One forward pass and loss at δ = 0 before the attack: inputs the model cannot take, or labels
 * that do not fit its outputs, are data that do not match (a Left), not a tfjs exception mid-run.
 */
function probe(attack: AttackInputs): SolveError | undefined {
  const batch = attack.shape[0];
  let losses: tf.Tensor;
  try {
    losses = tf.tidy(() => attack.loss(attack.forward(tf.reshape(attack.x, attack.shape)), attack.labels));
  } catch (e) {
    if (isSparsekitError(e) && !isDataError(e)) throw e;
    const expected = `inputs the model takes and labels that fit its outputs (${(e as Error).message})`;
    return solveError('inputs', `inputs of shape [${attack.shape.join(', ')}]`, expected, 'shape_mismatch');
  }
  const shape = losses.shape;
  losses.dispose();
  if (shape.length === 1 && shape[0] === batch) return undefined;
  return solveError('loss', `losses of shape [${shape.join(', ')}]`, `per-example losses of shape [${batch}]`, 'shape_mismatch');
}

function perturbChecked(
  method: AttackMethod,
  options: AdversaryOptions,
  args: PerturbArgs,
  settings: ReturnType<typeof checkArgs>,
): E.Either<SolveError, PerturbResult> {
  const { inputs, labels } = args;
  if (labels.rank < 1 || labels.shape[0] !== inputs.shape[0]) {
    return E.left(solveError('labels', labels, `one label row per input (${inputs.shape[0]})`, 'shape_mismatch'));
  }
  const x = tf.tidy(() => tf.reshape(tf.cast(inputs, 'float32'), [inputs.shape[0], -1]) as tf.Tensor2D);
  let set: PerturbationGeometry;
  try {
    set = perturbationGeometry(args.constraint, settings.box, x);
  } catch (e) {
    x.dispose();
    throw e;
  }
  try {
    const attack: AttackInputs = {
      forward: forwardOf(args.model),
      x,
      shape: inputs.shape,
      labels,
      loss: args.loss ?? softmaxCrossEntropy,
      set,
    };
    const mismatch = probe(attack);
    if (mismatch) return E.left(mismatch);
    const start = startOf(method, options, set, x);
    const out = runAttack(attack, {
      kind: method,
      maxIter: settings.maxIter,
      useBest: settings.useBest,
      stepSize: options.stepSize ?? 2.5 / Math.max(settings.maxIter, 1),
      start,
    });
    if (!Array.from(out.losses.dataSync()).every(Number.isFinite)) {
      tf.dispose([out.delta, out.losses, out.gap ?? []]);
      return E.left(solveError('loss', 'non-finite values', 'finite per-example losses along the attack', 'non_finite'));
    }
    const perturbation = tf.reshape(out.delta, inputs.shape);
    out.delta.dispose();
    return E.right({ loss: out.losses, perturbation, ...(out.gap ? { gap: out.gap } : {}) });
  } finally {
    set.dispose();
    x.dispose();
  }
}

function checkArgs(method: AttackMethod, args: PerturbArgs) {
  for (const key of Object.keys(args)) {
    if (!ARG_KEYS.includes(key)) throw new SparsekitError({ argument: 'args', value: key, expected: `one of ${ARG_KEYS.join(', ')}` });
  }
  const maxIter = args.maxIter ?? 20;
  requireInteger('maxIter', maxIter, 0);
  const box = args.box === undefined ? ([0, 1] as const) : args.box;
  if (box !== null && !(Number.isFinite(box[0]) && Number.isFinite(box[1]) && box[0] < box[1])) {
    throw new SparsekitError({ argument: 'box', value: box, expected: 'null or [lo, hi] with finite lo < hi' });
  }
  const { norm } = readBall(args.constraint);
  if (method === 'pgd-madry' && norm === 1) {
    throw new SparsekitError({
      argument: 'constraint',
      value: args.constraint.name,
      code: 'unsupported',
      expected: "an L2 or L∞ ball for 'pgd-madry' (use 'frank-wolfe' for L1)",
    });
  }
  if (args.inputs.rank < 1)
    throw new SparsekitError({ argument: 'inputs', value: args.inputs, code: 'shape_mismatch', expected: 'a batch [B, ...]' });
  return { maxIter, box, useBest: args.useBest === true };
}

function forwardOf(model: tf.LayersModel | Forward): Forward {
  if (typeof model === 'function') return model;
  return (inputs) => model.apply(inputs, { training: false }) as tf.Tensor;
}

function startOf(method: AttackMethod, options: AdversaryOptions, set: PerturbationGeometry, x: tf.Tensor2D): tf.Tensor2D {
  if (method === 'pgd-madry' && options.randomStart) return randomStart(set, x.shape, options.seed ?? 0);
  return tf.zerosLike(x);
}
