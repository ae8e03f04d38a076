/** Davis–Yin kernel with copt's adaptive step and copt's residual (see three-operator-splitting.ts). */
import * as tf from '@tensorflow/tfjs';
import type { Evaluator } from '../../core/evaluator.js';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import { allFinite, broadcastPerExample, dotAndSquaredNorm, selectPerExample, type Layout } from '../../core/per-example.js';
import type { StartPoint } from '../../core/start.js';
import { F32_SLACK } from './fw-step-size.js';
import type { Proximable } from '@sparsekit/constraints';
import { applyProx } from './prox-map.js';

export interface TosSetup {
  readonly evaluator: Evaluator;
  readonly layout: Layout;
  readonly g: Proximable;
  readonly h: Proximable;
  readonly eta: Float64Array;
  readonly lineSearch: boolean;
  readonly hLipschitz?: number;
}

/** Builds the kernel; takes ownership of `start` (x0 enters through prox_h as in copt). */
export function tosKernel(s: TosSetup, start: StartPoint): SolverKernel {
  const { evaluator, layout, eta } = s;
  const scale = (v: ArrayLike<number>) => broadcastPerExample(layout, v);
  let z = applyProx(s.h, layout, start.x, eta);
  start.grad.dispose();
  if (z !== start.x) start.x.dispose();
  let ez = evaluator.valueAndGrad(z);
  let u = tf.zerosLike(z);
  let x = z.clone();
  let funs = ez.values;
  const certificates = new Float64Array(layout.size).fill(Infinity);
  const steps = new Float64Array(layout.size);
  const gStep = () => {
    const v = tf.tidy(() => tf.sub(z, tf.mul(tf.add(u, ez.grad), scale(eta))));
    try {
      return applyProx(s.g, layout, v, eta);
    } finally {
      v.dispose();
    }
  };
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
      let xn = gStep();
      const lsGap = new Float64Array(layout.size);
      try {
        for (let attempt = 0; s.lineSearch && attempt < 100; attempt++) {
          const incr = tf.sub(xn, z);
          const [gi, i2] = dotAndSquaredNorm(layout, ez.grad, incr);
          incr.dispose();
          const fx = evaluator.value(xn);
          let again = false;
          for (let b = 0; b < layout.size; b++) {
            lsGap[b] = fx[b] - (ez.values[b] + gi[b] + i2[b] / (2 * eta[b]));
            if (active[b] && i2[b] > 0 && !(lsGap[b] <= F32_SLACK * Math.abs(ez.values[b]))) {
              eta[b] *= 0.7;
              again = true;
            }
          }
          if (!again) break;
          xn.dispose();
          xn = gStep();
        }
      } catch (e) {
        xn.dispose();
        throw e;
      }
      const xa = selectPerExample(layout, active, xn, x);
      xn.dispose();
      // copt's residual ‖x − z‖/η uses the z the step started from: after the z update, x − z is
      // only what prox_h moved, which is 0 when h is absent and would stop the run at once.
      const diff = tf.sub(xa, z);
      const [, d2] = dotAndSquaredNorm(layout, diff, diff);
      diff.dispose();
      let zn: tf.Tensor;
      try {
        zn = tf.tidy(() => applyProx(s.h, layout, tf.add(xa, tf.mul(u, scale(eta))), eta));
      } catch (e) {
        if (xa !== x) xa.dispose();
        throw e;
      }
      const zSel = selectPerExample(layout, active, zn, z);
      zn.dispose();
      const un = tf.tidy(() => tf.add(u, tf.div(tf.sub(xa, zSel), scale(eta))));
      const ezn = evaluator.valueAndGrad(zSel);
      const fx = evaluator.value(xa);
      tf.dispose([x, z, u, ez.grad]);
      x = xa;
      z = zSel;
      u = un;
      ez = ezn;
      funs = fx;
      for (let b = 0; b < layout.size; b++) {
        if (!active[b]) continue;
        certificates[b] = Math.sqrt(d2[b]) / eta[b];
        steps[b] = eta[b];
        if (s.lineSearch && s.hLipschitz !== undefined) eta[b] = grow(eta[b], s.hLipschitz, lsGap[b]);
      }
      if (!allFinite(fx) || !allFinite(ez.values)) return { kind: 'nonfinite', message: 'f is not finite at the new iterate' };
      return { kind: 'ok' };
    },
    release() {
      tf.dispose([z, u, ez.grad]);
      return x;
    },
  };
}

/** copt: η ← min(√(η² + 2η(−lsGap)/L_h²), 1.02η); ×1.02 when L_h = 0. */
function grow(eta: number, hL: number, lsGap: number): number {
  if (hL === 0) return eta * 1.02;
  return Math.min(Math.sqrt(Math.max(eta * eta + ((2 * eta) / (hL * hL)) * -lsGap, 0)), eta * 1.02);
}
