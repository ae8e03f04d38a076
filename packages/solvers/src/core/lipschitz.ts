/**
 * Lipschitz constants of ∇f for the step rules. A known bound comes first (the `lipschitz`
 * option, else the problem's own `lipschitz`, e.g. a GLM loss's σ_max(X)²·curvature/n); only
 * without one is L estimated as chop/copt's `init_lipschitz` does: start from L = 1e-3 and
 * multiply by 10 until a gradient step of length 1/L decreases f, per example. That estimate
 * only certifies a decrease along −∇f at x0, so it can be well below the true constant (on the
 * MNIST logistic benchmark it gives 1 where the bound is 9.6): rules that need an upper bound
 * (FW's 'demyanov-rubinov', fixed 1/L steps) should be given one.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { SmoothObjective } from '../types.js';
import type { Evaluator } from './evaluator.js';
import { broadcastPerExample, type Layout } from './per-example.js';
import type { RunContext } from './solve-full-batch.js';

/** Throws unless the `lipschitz` option is absent or a finite number > 0. */
export function checkLipschitzOption(value: number | undefined): void {
  if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
    throw new SparsekitError({ argument: 'lipschitz', value, expected: 'a finite number > 0' });
  }
}

/** The option, else the problem's known bound (validated), else undefined. */
export function knownLipschitz(option: number | undefined, problem: SmoothObjective): number | undefined {
  if (option !== undefined) return option;
  const given = problem.lipschitz;
  if (given === undefined) return undefined;
  const value = typeof given === 'function' ? given() : given;
  if (!(value > 0 && Number.isFinite(value))) {
    throw new SparsekitError({ argument: 'problem.lipschitz', value, expected: 'a finite number > 0 (a Lipschitz constant of ∇f)' });
  }
  return value;
}

/** Per-example L: the known bound when there is one, else the tenfold estimate at the start. */
export function lipschitzPerExample(ctx: RunContext, known: number | undefined): Float64Array {
  if (known !== undefined) return new Float64Array(ctx.layout.size).fill(known);
  const { evaluator, layout, start } = ctx;
  return initLipschitz(evaluator, layout, start.x, start.grad, start.values);
}

/** Per-example L such that x − ∇f/L decreases f (at most 100 tenfold increases). */
export function initLipschitz(evaluator: Evaluator, layout: Layout, x: tf.Tensor, grad: tf.Tensor, f0: Float64Array): Float64Array {
  const L = new Float64Array(layout.size).fill(1e-3);
  const pending = new Uint8Array(layout.size).fill(1);
  for (let attempt = 0; attempt < 100; attempt++) {
    const trial = tf.tidy(() =>
      tf.sub(
        x,
        tf.mul(
          grad,
          broadcastPerExample(
            layout,
            L.map((l) => 1 / l),
          ),
        ),
      ),
    );
    const f = evaluator.value(trial);
    trial.dispose();
    let any = false;
    for (let b = 0; b < layout.size; b++) {
      if (!pending[b]) continue;
      if (f[b] <= f0[b]) pending[b] = 0;
      else {
        L[b] *= 10;
        any = true;
      }
    }
    if (!any) break;
  }
  return L;
}
