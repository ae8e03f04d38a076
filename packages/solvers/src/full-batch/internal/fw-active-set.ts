/**
 * Away-step and pairwise Frank-Wolfe over an atom dictionary (Lacoste-Julien & Jaggi 2015).
 * Per example: s = best atom for ⟨∇f, ·⟩, a = worst atom with positive weight.
 * - away-step: FW direction s − x (γmax = 1) if its gap beats the away gap ⟨∇f, a − x⟩,
 *   else away direction x − a with γmax = w_a/(1 − w_a);
 * - pairwise: d = s − a with γmax = w_a.
 * Weights are updated in closed form; a step at γmax drops atom a exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import { dotAndSquaredNorm } from '../../core/per-example.js';
import type { StartPoint } from '../../core/start.js';
import type { AtomDictionary } from '../atoms.js';
import { fwStep, lineSearchOutcome, plainTrials } from './fw-step-size.js';
import type { FwSetup } from './fw-vanilla.js';

export type ActiveSetVariant = 'away' | 'pairwise';

interface Choice {
  s: Int32Array;
  a: Int32Array;
  wa: Float64Array;
  gap: Float64Array;
}

function choose(atoms: AtomDictionary, grad: tf.Tensor, x: tf.Tensor, w: tf.Tensor2D): Choice {
  const B = w.shape[0];
  // indices travel as float32 in the one read: exact below 2^24 atoms
  const stacked = tf.tidy(() => {
    const g2 = grad.reshape([B, -1]) as tf.Tensor2D;
    const x2 = x.reshape([B, -1]) as tf.Tensor2D;
    const sc = atoms.scores(g2);
    const s = tf.argMin(sc, 1);
    const masked = tf.where(tf.greater(w, 0), sc, tf.fill(sc.shape, -Infinity));
    const a = tf.argMax(masked, 1);
    const wA = tf.sum(tf.mul(w, tf.oneHot(a, w.shape[1])), 1);
    const gx = tf.sum(tf.mul(g2, x2), 1);
    const gapFw = tf.sub(gx, tf.min(sc, 1));
    return tf.stack([s.toFloat(), a.toFloat(), wA, gapFw]);
  });
  const data = stacked.dataSync();
  stacked.dispose();
  const part = (i: number) => data.subarray(i * B, (i + 1) * B);
  return { s: Int32Array.from(part(0)), a: Int32Array.from(part(1)), wa: Float64Array.from(part(2)), gap: Float64Array.from(part(3)) };
}

/** Builds the active-set kernel; `weights` ([B, K]) is owned by the kernel. */
export function activeSetFwKernel(
  atoms: AtomDictionary,
  variant: ActiveSetVariant,
  setup: FwSetup,
  start: StartPoint,
  weights: tf.Tensor2D,
): SolverKernel {
  const { evaluator, layout } = setup;
  const n2 = (t: tf.Tensor) => t.reshape([layout.size, -1]) as tf.Tensor2D;
  let x = start.x;
  let grad = start.grad;
  let funs = start.values;
  let w = weights;
  const K = w.shape[1];
  let choice = choose(atoms, grad, x, w);
  const trials = plainTrials(evaluator);
  const fPrev = new Float64Array(layout.size).fill(NaN);
  const steps = new Float64Array(layout.size);
  return {
    get x() {
      return x;
    },
    get funs() {
      return funs;
    },
    get certificates() {
      return choice.gap;
    },
    steps,
    step(active, iteration): StepOutcome {
      const B = layout.size;
      const wa = choice.wa;
      const eS = tf.tidy(() => tf.oneHot(tf.tensor1d(choice.s, 'int32'), K).toFloat() as tf.Tensor2D);
      const eA = tf.tidy(() => tf.oneHot(tf.tensor1d(choice.a, 'int32'), K).toFloat() as tf.Tensor2D);
      const vS = atoms.combine(eS);
      const vA = atoms.combine(eA);
      const x2 = n2(x);
      // Away-step decides per example between the FW and away directions.
      const useFw = new Uint8Array(B).fill(1);
      const gammaMax = new Float64Array(B);
      let d2: tf.Tensor2D;
      if (variant === 'pairwise') {
        d2 = tf.sub(vS, vA);
        for (let b = 0; b < B; b++) {
          useFw[b] = 0;
          gammaMax[b] = wa[b];
        }
      } else {
        const dFw = tf.sub(vS, x2);
        const dAw = tf.sub(x2, vA);
        const g2 = n2(grad);
        const [gFw] = dotAndSquaredNorm({ ...layout, batched: true }, g2, dFw);
        const [gAw] = dotAndSquaredNorm({ ...layout, batched: true }, g2, dAw);
        g2.dispose();
        for (let b = 0; b < B; b++) {
          useFw[b] = -gFw[b] >= -gAw[b] || wa[b] >= 1 ? 1 : 0;
          gammaMax[b] = useFw[b] ? 1 : wa[b] / (1 - wa[b]);
        }
        d2 = tf.tidy(() => tf.where(tf.broadcastTo(tf.tensor2d(useFw, [B, 1], 'bool'), dFw.shape), dFw, dAw)) as tf.Tensor2D;
        tf.dispose([dFw, dAw]);
      }
      const d = d2.reshape(x.shape);
      const [gd, dNorm2] = dotAndSquaredNorm(layout, grad, d);
      const out = fwStep(trials, layout, {
        rule: setup.rule,
        iteration,
        x,
        d,
        f: funs,
        fPrev,
        gap: gd.map((v) => -v),
        dNorm2,
        gammaMax,
        active,
        lipschitz: setup.lipschitz,
      });
      tf.dispose([vS, vA, x2, d2, d]);
      if (out.nonfinite) {
        tf.dispose([out.x, out.grad, eS, eA]);
        return { kind: 'nonfinite', message: 'non-finite objective after the step' };
      }
      const nextW = updateWeights(w, eS, eA, variant, useFw, out.gamma, gammaMax, layout);
      tf.dispose([eS, eA, w, x, grad]);
      w = nextW;
      for (let b = 0; b < B; b++) if (active[b]) fPrev[b] = funs[b];
      x = out.x;
      grad = out.grad;
      funs = out.values;
      steps.set(out.gamma);
      choice = choose(atoms, grad, x, w);
      if (out.failed.some((f) => f === 1)) return lineSearchOutcome(out);
      return { kind: 'ok' };
    },
    release() {
      tf.dispose([grad, w]);
      return x;
    },
  };
}

function updateWeights(
  w: tf.Tensor2D,
  eS: tf.Tensor2D,
  eA: tf.Tensor2D,
  variant: ActiveSetVariant,
  useFw: Uint8Array,
  gamma: Float64Array,
  gammaMax: Float64Array,
  layout: { size: number },
): tf.Tensor2D {
  const B = layout.size;
  const keep = new Float64Array(B); // coefficient of w
  const addS = new Float64Array(B);
  const subA = new Float64Array(B);
  const drop = new Float64Array(B); // 1 when atom a leaves the active set exactly
  for (let b = 0; b < B; b++) {
    const g = gamma[b];
    if (variant === 'pairwise') {
      keep[b] = 1;
      addS[b] = g;
      subA[b] = g;
    } else if (useFw[b]) {
      keep[b] = 1 - g;
      addS[b] = g;
    } else {
      keep[b] = 1 + g;
      subA[b] = g;
    }
    drop[b] = g > 0 && g >= gammaMax[b] && !(variant === 'away' && useFw[b]) ? 1 : 0;
  }
  return tf.tidy(() => {
    const col = (v: Float64Array) => tf.tensor2d(Float32Array.from(v), [B, 1]);
    const next = w
      .mul(col(keep))
      .add(eS.mul(col(addS)))
      .sub(eA.mul(col(subA)));
    const cleaned = next.mul(tf.sub(1, eA.mul(col(drop))));
    return tf.relu(cleaned) as tf.Tensor2D;
  });
}
