/**
 * PGD in the style of Madry et al. (chop's minimize_pgd_madry): x⁺ = prox(x + η·LMO(∇f(x))).
 * For an L∞ ball of radius ε the LMO is −ε·sign(∇f), so this is the signed-gradient attack
 * step of size ηε followed by the projection (e.g. onto the ball ∩ image box).
 * Certificate: ‖x⁺ − x‖/η (movement per unit step; it does not vanish for sign steps, so run
 * a fixed number of iterations as attacks do). Default η = 2.5/maxIter (Madry's α = 2.5ε/k).
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import type { Constraint, HasLmo, LoopOptions, Problem, SolveResult } from '../types.js';
import type { SolverKernel } from '../core/iterate.js';
import { allFinite, dotAndSquaredNorm, selectPerExample } from '../core/per-example.js';
import { solveFullBatch } from '../core/solve-full-batch.js';
import type { Proximable } from '@sparsekit/constraints';
import { applyProx } from './internal/prox-map.js';
import { requireCapabilities } from '../core/capabilities.js';

/** Options of {@link pgdMadry}. */
export interface PgdMadryOptions extends LoopOptions {
  /** Step η (the move is η times an LMO vertex). Default 2.5/maxIter. */
  readonly step?: number;
}

/**
 * Projected LMO steps, the classic adversarial-attack iteration.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { pgdMadry } from '@sparsekit/solvers/full-batch';
 * const linf = { name: 'LinfBall', params: { radius: 1 }, lmo: (g: tf.Tensor) => tf.sign(g).neg(), project: (x: tf.Tensor) => tf.clipByValue(x, -1, 1) };
 * const r = pgdMadry({ objective: (x) => x.mul(tf.tensor1d([1, -1])).sum(), constraint: linf, x0: tf.zeros([2]) }, { maxIter: 10 });
 * if (E.isRight(r)) r.right.x.arraySync(); // => [-1, 1]
 * ```
 */
export function pgdMadry<C extends Constraint & HasLmo & Proximable>(problem: Problem<C>, options: PgdMadryOptions = {}): SolveResult {
  requireKnownKeys(options, ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'step'], 'pgdMadry options');
  requireCapabilities('pgdMadry', 'problem.constraint', problem.constraint, [['lmo'], ['prox', 'project']]);
  const maxIter = options.maxIter ?? 20;
  const eta = options.step ?? 2.5 / Math.max(maxIter, 1);
  if (!(eta > 0 && Number.isFinite(eta))) throw new SparsekitError({ argument: 'step', value: eta, expected: 'a finite number > 0' });
  const c = problem.constraint;
  return solveFullBatch(problem, { options: { ...options, maxIter }, defaults: { tol: 0 } }, ({ evaluator, layout, start }) => {
    let { x, grad, values: funs } = start;
    const certificates = new Float64Array(layout.size).fill(Infinity);
    const steps = new Float64Array(layout.size).fill(eta);
    const etas = new Float64Array(layout.size).fill(eta);
    const kernel: SolverKernel = {
      get x() {
        return x;
      },
      get funs() {
        return funs;
      },
      certificates,
      steps,
      step(active) {
        const moved = tf.tidy(() => tf.add(x, tf.mul(c.lmo(grad), eta)));
        const proj = applyProx(c, layout, moved, etas);
        const next = selectPerExample(layout, active, proj, x);
        tf.dispose([moved, proj]);
        const e = evaluator.valueAndGrad(next);
        if (!allFinite(e.values)) {
          tf.dispose([next, e.grad]);
          return { kind: 'nonfinite', message: 'f is not finite after the step' };
        }
        const diff = tf.sub(next, x);
        const [, d2] = dotAndSquaredNorm(layout, diff, diff);
        diff.dispose();
        for (let b = 0; b < layout.size; b++) if (active[b]) certificates[b] = Math.sqrt(d2[b]) / eta;
        tf.dispose([x, grad]);
        x = next;
        grad = e.grad;
        funs = e.values;
        return { kind: 'ok' };
      },
      release() {
        grad.dispose();
        return x;
      },
    };
    return kernel;
  });
}
