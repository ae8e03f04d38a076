/**
 * Proximal gradient kernel (projected gradient for sets), optionally accelerated: FISTA with
 * O'Donoghue–Candès gradient-based adaptive restart (restart when ⟨y − z, z − x⟩ > 0).
 * Steps grow by 1.1 before each backtracking search (copt), so they can recover after a
 * conservative phase.
 */
import * as tf from '@tensorflow/tfjs';
import type { Evaluator } from '../../core/evaluator.js';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import { allFinite, broadcastPerExample, dotAndSquaredNorm, type Layout } from '../../core/per-example.js';
import type { StartPoint } from '../../core/start.js';
import { proxStep } from './prox-backtracking.js';
import type { Proximable } from '@sparsekit/constraints';

export interface ProxSetup {
  readonly evaluator: Evaluator;
  readonly layout: Layout;
  readonly search: boolean;
  readonly accelerated: boolean;
  readonly eta: Float64Array;
  readonly maxLineSearch: number;
}

/** Builds the kernel; takes ownership of `start`. */
export function proxGradKernel(c: Proximable, setup: ProxSetup, start: StartPoint): SolverKernel {
  const { evaluator, layout, eta } = setup;
  let x = start.x;
  let funs = start.values;
  // Base point y (= x unless accelerated) with f and ∇f there.
  let y = x.clone();
  let fy = start.values;
  let gy = start.grad;
  const momentum = new Float64Array(layout.size).fill(1);
  const certificates = new Float64Array(layout.size).fill(Infinity);
  const steps = new Float64Array(layout.size);
  return {
    get x() {
      return x;
    },
    get funs() {
      return funs;
    },
    certificates,
    steps,
    step(active): StepOutcome {
      if (setup.search) for (let b = 0; b < layout.size; b++) if (active[b]) eta[b] *= 1.1;
      const r = proxStep(evaluator, layout, c, { y, fy, gy }, eta, active, setup.search, setup.maxLineSearch);
      if (!allFinite(r.values)) {
        tf.dispose([r.z, r.grad]);
        return { kind: 'nonfinite', message: 'f is not finite at the new iterate' };
      }
      for (let b = 0; b < layout.size; b++)
        if (active[b]) {
          certificates[b] = r.certificate[b];
          steps[b] = eta[b];
        }
      if (!setup.accelerated) {
        tf.dispose([x, y, gy]);
        x = r.z;
        y = r.z.clone();
        fy = r.values;
        gy = r.grad;
        funs = r.values;
      } else {
        accelerate(r.z, r.values, r.grad, active);
        if (!allFinite(fy)) return { kind: 'nonfinite', message: 'f is not finite at the extrapolated point' };
      }
      if (r.failed.some((f) => f === 1))
        return { kind: 'linesearch_failed', message: `no sufficient decrease after ${setup.maxLineSearch} backtracking steps` };
      return { kind: 'ok' };
    },
    release() {
      tf.dispose([y, gy]);
      return x;
    },
  };

  function accelerate(z: tf.Tensor, fz: Float64Array, gz: tf.Tensor, active: Uint8Array): void {
    const back = tf.sub(y, z);
    const fwd = tf.sub(z, x);
    const [restartDot] = dotAndSquaredNorm(layout, back, fwd);
    const coef = new Float64Array(layout.size);
    for (let b = 0; b < layout.size; b++) {
      if (!active[b]) continue;
      if (restartDot[b] > 0) {
        momentum[b] = 1;
        continue;
      }
      const next = (1 + Math.sqrt(1 + 4 * momentum[b] ** 2)) / 2;
      coef[b] = (momentum[b] - 1) / next;
      momentum[b] = next;
    }
    const yNext = tf.tidy(() => tf.add(z, tf.mul(fwd, broadcastPerExample(layout, coef))));
    tf.dispose([back, fwd, x, y, gy]);
    x = z;
    funs = fz;
    if (coef.every((v) => v === 0)) {
      yNext.dispose();
      y = z.clone();
      fy = fz;
      gy = gz;
      return;
    }
    gz.dispose();
    const e = evaluator.valueAndGrad(yNext);
    y = yNext;
    fy = e.values;
    gy = e.grad;
  }
}
