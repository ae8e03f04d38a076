/**
 * PALM (Bolte, Sabach, Teboulle 2014): for each block in turn, a gradient step on the smooth
 * coupling with step 1/(margin·L_j), L_j the block Lipschitz constant at the current other
 * blocks, followed by the block's own prox or projection. The engine behind PALM4MSA.
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { requireInteger, requireNonNegative, SparsekitError } from '@sparsekit/tensor';
import { solveError, type SolveError, type SolveStatus } from '../types.js';
import { cloneBlock, disposeBlock, isComplex, keepBlock, type BlockValue } from './internal/block-value.js';
import { blockGradient, estimateLipschitz, penaltyValue, proxStep } from './internal/block-ops.js';
import type { PalmOptions, PalmProblem, PalmResult, PalmTrace } from './types.js';
import { MESSAGES } from '../core/iterate.js';

function settings(problem: PalmProblem, o: PalmOptions) {
  const j = problem.blocks.length;
  if (j < 1) throw new SparsekitError({ argument: 'blocks', value: j, expected: 'at least one block' });
  const margin = o.margin ?? 1.001;
  if (!(margin > 1) || !Number.isFinite(margin))
    throw new SparsekitError({ argument: 'margin', value: margin, expected: 'a finite number > 1' });
  const order = o.order ?? problem.blocks.map((_, i) => i);
  if (order.some((i) => !Number.isInteger(i) || i < 0 || i >= j))
    throw new SparsekitError({ argument: 'order', value: order, expected: `block indices in [0, ${j - 1}]` });
  problem.blocks.forEach((b, i) => {
    if (isComplex(b.x0) && !problem.gradient)
      throw new SparsekitError({ argument: 'problem.gradient', value: undefined, expected: `a gradient function (block ${i} is complex)` });
  });
  return {
    maxIter: requireInteger('maxIter', o.maxIter ?? 100, 0),
    tol: requireNonNegative('tol', o.tol ?? 0),
    margin,
    order,
    timeLimitMs: o.timeLimitMs ?? Infinity,
    trace: o.trace ?? false,
  };
}

function recordSweep(trace: PalmTrace, r: { fun: number; certificate: number; elapsedMs: number; ls: number[]; margin: number }): void {
  const steps = r.ls.filter((l) => l > 0 && Number.isFinite(l)).map((l) => 1 / (r.margin * l));
  trace.fun.push(r.fun);
  trace.certificate.push(r.certificate);
  trace.step.push(steps.length === 0 ? 0 : steps.reduce((a, b) => a + b, 0) / steps.length);
  trace.elapsedMs.push(r.elapsedMs);
  trace.lipschitz.push(r.ls);
}

/** Ψ = H + Σ g_j at `blocks`. */
function psi(problem: PalmProblem, blocks: readonly BlockValue[]): number {
  const h = tf.tidy(() => problem.objective(blocks).dataSync()[0]);
  return problem.blocks.reduce((acc, b, i) => acc + penaltyValue(b, blocks[i]), h);
}

/** One sweep over the blocks in `order`; replaces (and disposes) updated blocks. */
function sweep(problem: PalmProblem, blocks: BlockValue[], order: readonly number[], margin: number): number[] {
  const ls: number[] = [];
  for (const j of order) {
    const l = problem.lipschitz ? problem.lipschitz(blocks, j) : estimateLipschitz(problem, blocks, j);
    ls.push(l);
    // A zero constant means H does not depend on x_j here (e.g. a neighbour factor is zero):
    // the block problem is min g_j, so the block is left as is.
    if (!(l > 0) || !Number.isFinite(l)) continue;
    const g = blockGradient(problem, blocks, j);
    const next = keepBlock(tf.tidy(() => proxStep(problem.blocks[j], blocks[j], g, margin * l)));
    disposeBlock(g);
    disposeBlock(blocks[j]);
    blocks[j] = next;
  }
  return ls;
}

/**
 * Runs PALM. `Left` when H is not finite at the start; a sweep that produces a non-finite Ψ
 * ends the run with status 'nonfinite' and the last finite blocks.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { palm } from '@sparsekit/solvers/palm';
 * const A = tf.tensor2d([[2, 0], [0, 1]]);
 * const res = palm({
 *   blocks: [{ x0: tf.eye(2) }, { x0: tf.eye(2) }],
 *   objective: ([x, y]) => tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), A)))),
 * }, { maxIter: 50 });
 * if (isRight(res)) console.log(res.right.fun); // close to 0
 * ```
 */
export function palm(problem: PalmProblem, options: PalmOptions = {}): Either<SolveError, PalmResult> {
  const s = settings(problem, options);
  const start = performance.now();
  const blocks = problem.blocks.map((b) => keepBlock(cloneBlock(b.x0)));
  const h0 = tf.tidy(() => problem.objective(blocks).dataSync()[0]);
  if (!Number.isFinite(h0)) {
    blocks.forEach(disposeBlock);
    return left(solveError('objective', h0, 'a finite value at the starting blocks', 'non_finite'));
  }
  let fun = h0 + problem.blocks.reduce((a, b, i) => a + penaltyValue(b, blocks[i]), 0);
  const trace = s.trace
    ? { fun: [] as number[], certificate: [] as number[], step: [] as number[], elapsedMs: [] as number[], lipschitz: [] as number[][] }
    : undefined;
  let status: SolveStatus = 'maxiter';
  let certificate = Infinity;
  let nit = 0;
  let lastGood = blocks.map(cloneBlock).map(keepBlock);
  while (nit < s.maxIter) {
    const ls = sweep(problem, blocks, s.order, s.margin);
    nit++;
    problem.afterSweep?.(blocks, nit);
    const next = psi(problem, blocks);
    if (!Number.isFinite(next) && Number.isFinite(fun)) {
      status = 'nonfinite';
      blocks.forEach(disposeBlock);
      blocks.splice(0, blocks.length, ...lastGood);
      lastGood = [];
      break;
    }
    certificate = Number.isFinite(fun) ? Math.abs(next - fun) / Math.max(1, Math.abs(next)) : Infinity;
    fun = next;
    const elapsedMs = performance.now() - start;
    if (trace) recordSweep(trace, { fun, certificate, elapsedMs, ls, margin: s.margin });
    lastGood.forEach(disposeBlock);
    lastGood = blocks.map(cloneBlock).map(keepBlock);
    if (options.callback?.({ nit, blocks, fun, elapsedMs }) === 'stop') {
      status = 'callback';
      break;
    }
    if (certificate <= s.tol) {
      status = 'converged';
      break;
    }
    if (elapsedMs > s.timeLimitMs) {
      status = 'timeout';
      break;
    }
  }
  lastGood.forEach(disposeBlock);
  return right({ blocks, fun, nit, status, success: status === 'converged', message: MESSAGES[status], certificate, trace });
}
