/**
 * The solver law suite: maxIter 0 returns x0, a 'stop' callback stops,
 * x0 is not mutated, no tensor leaks, a non-finite objective is a Left, and a batched problem
 * gives the same answer as solving its examples one by one.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import type { BackendName } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import type { LoopOptions, OptimizeResult, SolveResult } from '../types.js';

/** What the law suite needs: a way to run the solver and fresh problems. */
export interface SolverLawsOptions<P extends { x0: tf.Tensor; batched?: boolean }> {
  readonly solve: (problem: P, options: LoopOptions) => SolveResult;
  /** A fresh, well-posed, unbatched problem (its x0 is disposed by the suite). */
  readonly problem: () => P;
  /** A batched problem and the same examples as separate problems. */
  readonly batched?: () => { readonly batched: P; readonly singles: readonly P[] };
  /** Same problem with an objective that is NaN at x0. */
  readonly nonFinite?: () => P;
  readonly backends?: readonly BackendName[];
  /** Iterations for the convergence-based laws (batched vs looped). Default 50. */
  readonly iterations?: number;
  /** Tolerance of batched-vs-looped agreement. Default rtol 1e-4, atol 1e-5. */
  readonly rtol?: number;
  readonly atol?: number;
}

function right(r: SolveResult): OptimizeResult {
  if (E.isLeft(r)) throw new Error(`expected a Right, got Left: ${r.left.message}`);
  return r.right;
}

/**
 * Declares the laws as vitest tests (once per backend).
 *
 * @example
 * ```ts
 * // frank-wolfe.test.ts
 * import * as tf from '@tensorflow/tfjs';
 * import { frankWolfe } from '@sparsekit/solvers/full-batch';
 * import { solverLaws, testL2Ball } from '@sparsekit/solvers/testing';
 * solverLaws('frankWolfe', {
 *   solve: (p, o) => frankWolfe(p, o),
 *   problem: () => ({ objective: (x: tf.Tensor) => x.sub(2).square().sum(), constraint: testL2Ball(1), x0: tf.zeros([3]) }),
 * });
 * ```
 */
export function solverLaws<P extends { x0: tf.Tensor; batched?: boolean }>(name: string, options: SolverLawsOptions<P>): void {
  const backends = options.backends ?? ['cpu', 'wasm'];
  describeBackends(backends, `solver laws: ${name}`, () => {
    it('maxIter 0 returns x0', () => {
      const p = options.problem();
      const r = right(options.solve(p, { maxIter: 0 }));
      expect(r.nit).toBe(0);
      expectClose(r.x, p.x0, { rtol: 0, atol: 0 });
      tf.dispose([r.x, p.x0]);
    });
    it("a 'stop' callback stops after one iteration", () => {
      const p = options.problem();
      let calls = 0;
      const r = right(
        options.solve(p, {
          maxIter: 100,
          tol: 0,
          callback: () => {
            calls++;
            return 'stop';
          },
        }),
      );
      expect(calls).toBe(1);
      expect(r.nit).toBe(1);
      expect(r.status).toBe('callback');
      expect(r.success).toBe(false);
      tf.dispose([r.x, p.x0]);
    });
    it('does not mutate or dispose x0', () => {
      const p = options.problem();
      const before = Float32Array.from(p.x0.dataSync());
      const r = right(options.solve(p, { maxIter: 5 }));
      expect(p.x0.isDisposed).toBe(false);
      expectClose(p.x0, before, { rtol: 0, atol: 0 });
      tf.dispose([r.x, p.x0]);
    });
    it('leaks no tensors', async () => {
      const p = options.problem();
      await expectNoLeaks(() => right(options.solve(p, { maxIter: 5, trace: true, callback: () => undefined })), name);
      p.x0.dispose();
    });
    if (options.nonFinite) {
      it('returns a Left for a non-finite objective at x0', async () => {
        const p = options.nonFinite!();
        const r = await expectNoLeaks(() => options.solve(p, { maxIter: 5 }), name);
        expect(E.isLeft(r)).toBe(true);
        p.x0.dispose();
      });
    }
    if (options.batched) {
      it('batched equals looped', () => {
        const { batched, singles } = options.batched!();
        const it = options.iterations ?? 50;
        const rb = right(options.solve(batched, { maxIter: it, tol: 0 }));
        const xs = singles.map((s) => right(options.solve(s, { maxIter: it, tol: 0 })).x);
        const looped = tf.stack(xs);
        expectClose(rb.x, looped, { rtol: options.rtol ?? 1e-4, atol: options.atol ?? 1e-5, message: 'batched vs looped' });
        tf.dispose([rb.x, looped, ...xs, batched.x0, ...singles.map((s) => s.x0)]);
      });
    }
  });
}
