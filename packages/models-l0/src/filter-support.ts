/** Which conv filters (or dense units) a DessiLbi run has selected: the support of Γ per output slice. */
import * as tf from '@tensorflow/tfjs';
import type { DessiLbi } from '@sparsekit/solvers/paths';

/** Γ support of one weight, per output filter / unit. */
export interface FilterSupport {
  /** Variable name (as the optimizer knows it). */
  readonly name: string;
  /** Output filters (conv) or units (dense). */
  readonly filters: number;
  /** Output slices with a non-zero Γ slice. */
  readonly selected: number;
  /** 1 − selected / filters. */
  readonly sparsity: number;
  /** 0/1 per output slice. */
  readonly mask: number[];
}

/**
 * The support of DessiLbi's Γ for every kernel of `model` that carries a Γ, per output slice
 * (last axis: filters of a conv kernel [h, w, in, out], units of a dense kernel [in, out]).
 * With group sparsity on conv kernels a filter is selected as a whole; `optimizer.useWStar()`
 * then keeps exactly the selected filters (prune by Γ support) and `optimizer.recover()` undoes it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { DessiLbi } from '@sparsekit/solvers/paths';
 * import { filterSupport } from '@sparsekit/models-l0';
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
 * const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20 });
 * model.compile({ optimizer: opt, loss: 'meanSquaredError' });
 * await model.fit(tf.ones([8, 4]), tf.ones([8, 3]), { epochs: 1, verbose: 0 });
 * filterSupport(opt, model).map((s) => s.sparsity); // one entry per kernel with a Γ
 * ```
 */
export function filterSupport(optimizer: DessiLbi, model: tf.LayersModel): FilterSupport[] {
  const sparse = new Set(optimizer.sparseNames());
  const out: FilterSupport[] = [];
  for (const w of model.trainableWeights) {
    const name = (w.read() as tf.Variable).name;
    if (!sparse.has(name)) continue;
    const mask = tf.tidy(() => {
      const g = optimizer.gamma(name);
      const flat = tf.reshape(g, [-1, g.shape[g.rank - 1]]);
      return Array.from(tf.cast(tf.greater(tf.max(tf.abs(flat), 0), 0), 'int32').dataSync());
    });
    const selected = mask.reduce((a, b) => a + b, 0);
    out.push({ name, filters: mask.length, selected, sparsity: 1 - selected / mask.length, mask });
  }
  return out;
}
