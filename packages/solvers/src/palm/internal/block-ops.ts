/**
 * Block-level operations of PALM: gradients (user-supplied or tfjs autodiff), the Lipschitz
 * estimate by power iteration on gradient differences, and the proximal step.
 */
import * as tf from '@tensorflow/tfjs';
import { complexScale, SparsekitError } from '@sparsekit/tensor';
import type { PalmBlock, PalmProblem } from '../types.js';
import { axpy, blockNorm, disposeBlock, isComplex, type BlockValue } from './block-value.js';

/** ∇_j H at `blocks`: the problem's gradient, or autodiff of the objective for real blocks. */
export function blockGradient(problem: PalmProblem, blocks: readonly BlockValue[], j: number): BlockValue {
  if (problem.gradient) return problem.gradient(blocks, j);
  const xj = blocks[j];
  if (isComplex(xj))
    throw new SparsekitError({
      argument: 'problem.gradient',
      value: undefined,
      expected: `a gradient function (block ${j} is complex; tfjs has no complex autodiff on every backend)`,
    });
  return tf.tidy(() => tf.grad((x: tf.Tensor) => problem.objective(blocks.map((b, i) => (i === j ? x : b))))(xj));
}

function randomLike(x: BlockValue, seed: number): BlockValue {
  return isComplex(x)
    ? { re: tf.randomNormal(x.re.shape, 0, 1, 'float32', seed), im: tf.randomNormal(x.im.shape, 0, 1, 'float32', seed + 1) }
    : tf.randomNormal(x.shape, 0, 1, 'float32', seed);
}

function scaleBlock(v: BlockValue, s: number): BlockValue {
  return isComplex(v) ? complexScale(v, s) : tf.tidy(() => tf.mul(v, s));
}

/**
 * Largest eigenvalue of the block Hessian ∇²_j H by power iteration on
 * v ↦ ∇_j H(x + v) − ∇_j H(x), seeded (deterministic). Exact for H quadratic in x_j.
 */
export function estimateLipschitz(problem: PalmProblem, blocks: readonly BlockValue[], j: number, iterations = 30): number {
  const g0 = blockGradient(problem, blocks, j);
  const scale = Math.max(1, blockNorm(blocks[j]));
  let v = randomLike(blocks[j], 17 + j);
  let lambda = 0;
  for (let k = 0; k < iterations; k++) {
    const nv = blockNorm(v);
    if (nv === 0) break;
    const unit = scaleBlock(v, scale / nv);
    const shifted = blocks.map((b, i) => (i === j ? axpy(b, -1, unit) : b));
    const g1 = blockGradient(problem, shifted, j);
    disposeBlock(shifted[j]);
    disposeBlock(unit);
    const hv = axpy(g1, 1, g0);
    disposeBlock(g1);
    const prev = lambda;
    lambda = blockNorm(hv) / scale;
    disposeBlock(v);
    v = hv;
    if (k > 3 && Math.abs(lambda - prev) <= 1e-6 * lambda) break;
  }
  disposeBlock(v);
  disposeBlock(g0);
  return lambda;
}

/** x_j ← prox_{g_j}(x_j − ∇_j H / c, 1/c) (projection for sets; identity without a constraint). */
export function proxStep(block: PalmBlock, x: BlockValue, grad: BlockValue, c: number): BlockValue {
  const moved = axpy(x, 1 / c, grad);
  const con = block.constraint;
  if (!con) return moved;
  let out: BlockValue;
  if (isComplex(moved)) {
    if (!('projectComplex' in con))
      throw new SparsekitError({ argument: 'blocks', value: con.name, expected: 'a constraint with projectComplex for a complex block' });
    out = con.projectComplex(moved);
  } else {
    if (!('prox' in con))
      throw new SparsekitError({ argument: 'blocks', value: con.name, expected: 'a constraint with prox for a real block' });
    out = con.prox(moved, 1 / c);
  }
  disposeBlock(moved);
  return out;
}

/** Penalty value g_j(x_j) (0 without a value function; Infinity outside a set). */
export function penaltyValue(block: PalmBlock, x: BlockValue): number {
  const con = block.constraint;
  if (!con || isComplex(x) || !('value' in con) || typeof con.value !== 'function') return 0;
  const v = con.value(x);
  const out = v.dataSync()[0];
  v.dispose();
  return out;
}
