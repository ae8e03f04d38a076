/**
 * Minimal L1/L2/L∞ balls and an L1 penalty for this folder's tests, written before
 * `@sparsekit/constraints` shipped its sets. Whole-tensor semantics (one ball per tensor).
 * Not exported from the package.
 */
import * as tf from '@tensorflow/tfjs';

export interface LocalSet {
  readonly name: string;
  readonly params: { radius: number };
  lmo(g: tf.Tensor): tf.Tensor;
  project(x: tf.Tensor): tf.Tensor;
  prox(x: tf.Tensor, step: number): tf.Tensor;
  norm(x: tf.Tensor): number;
}

export function localLinfBall(radius: number): LocalSet {
  return {
    name: 'LinfBall', params: { radius },
    lmo: (g) => tf.tidy(() => tf.mul(tf.where(tf.greater(g, 0), tf.fill(g.shape, -1), tf.fill(g.shape, 1)), radius)),
    project: (x) => tf.clipByValue(x, -radius, radius),
    prox: (x) => tf.clipByValue(x, -radius, radius),
    norm: (x) => Math.max(...Array.from(x.abs().dataSync())),
  };
}

export function localL2Ball(radius: number): LocalSet {
  const project = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.mul(x, tf.minimum(1, tf.div(radius, tf.maximum(tf.norm(x), 1e-30)))));
  return {
    name: 'L2Ball', params: { radius },
    lmo: (g) => tf.tidy(() => {
      const n = tf.norm(g).dataSync()[0];
      return n === 0 ? tf.zerosLike(g) : tf.mul(g, -radius / n);
    }),
    project, prox: project,
    norm: (x) => Math.hypot(...Array.from(x.dataSync())),
  };
}

export function localL1Ball(radius: number): LocalSet {
  const project = (x: tf.Tensor): tf.Tensor => {
    const v = Array.from(x.dataSync());
    const a = v.map(Math.abs);
    if (a.reduce((s, t) => s + t, 0) <= radius) return tf.clone(x);
    const u = [...a].sort((p, q) => q - p);
    let theta = 0;
    let cum = 0;
    for (let j = 0; j < u.length; j++) {
      cum += u[j];
      const t = (cum - radius) / (j + 1);
      if (u[j] - t > 0) theta = t;
    }
    return tf.tensor(v.map((vi) => Math.sign(vi) * Math.max(Math.abs(vi) - theta, 0)), x.shape);
  };
  return {
    name: 'L1Ball', params: { radius },
    lmo: (g) => {
      const v = Array.from(g.dataSync());
      let best = 0;
      for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[best])) best = i;
      const s = new Array<number>(v.length).fill(0);
      s[best] = v[best] > 0 ? -radius : radius;
      return tf.tensor(s, g.shape);
    },
    project, prox: project,
    norm: (x) => Array.from(x.dataSync()).reduce((s, t) => s + Math.abs(t), 0),
  };
}

/** λ‖x‖₁ with its soft-thresholding prox. */
export function localL1Penalty(lambda: number): { name: string; params: { lambda: number }; prox(x: tf.Tensor, step: number): tf.Tensor } {
  return {
    name: 'L1', params: { lambda },
    prox: (x, step) => tf.tidy(() => tf.mul(tf.sign(x), tf.relu(tf.sub(tf.abs(x), lambda * step)))),
  };
}
