/** The scaled simplex {x : x ≥ 0, Σx = r}, over the whole tensor. */
import * as tf from '@tensorflow/tfjs';
import { hostKernels, requirePositiveFloat32 } from '@sparsekit/tensor';
import { rowThreshold } from '../internal/threshold.js';
import type { ConstraintSet, HasAtoms } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { onRows, rows } from '../internal/flat.js';
import { col, HOST_BACKENDS, nativeRowKernel } from '../internal/rows.js';
import { argmaxMask } from '../internal/top-k-mask.js';

/** Sort-free tfjs threshold search (every backend). */
function projectSimplexTfjs(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    // shift by the row maximum (the rule is shift-equivariant): with x = [0, 1e18] and r = 2,
    // x − θ would cancel to 0 in float32, the shifted values keep the answer exact
    const shifted = tf.sub(x, tf.max(x, 1, true)) as tf.Tensor2D;
    const { theta } = rowThreshold(shifted, r, tf.ones([x.shape[0]]) as tf.Tensor1D);
    return tf.relu(tf.sub(shifted, col(theta))) as tf.Tensor2D;
  });
}

/**
 * On host-memory backends (cpu, wasm) with the native addon loaded: one read and the addon's
 * Condat search in float64 (the L1 ball's, on the values shifted by the row maximum); undefined
 * elsewhere.
 */
function projectSimplexHost(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D | undefined {
  const native = hostKernels();
  if (!native || !HOST_BACKENDS.has(tf.getBackend()) || x.dtype !== 'float32') return undefined;
  const onBackend = nativeRowKernel('SparsekitSimplexRows', x, r);
  if (onBackend) return onBackend;
  const [batch, n] = x.shape;
  const out = new Float32Array(batch * n);
  native.simplexRows(x.dataSync() as Float32Array, out, batch, n, Float64Array.from(r.dataSync()));
  return tf.tensor2d(out, [batch, n]);
}

export function simplexSpec(radius: number): SetSpec {
  return {
    name: 'Simplex',
    params: { radius },
    radius,
    atoms: 'simplex',
    project: onRows((x, r) => projectSimplexHost(x, r) ?? projectSimplexTfjs(x, r)),
    lmo: onRows((g, r) =>
      tf.tidy(() => {
        // r·e_i at the smallest g_i, first index on ties (topk of −g is stable). copt scaled this by
        // sign(g_min) and returned an infeasible −r·e_i when every g_i < 0.
        return tf.mul(argmaxMask(tf.neg(g) as tf.Tensor2D), col(r)) as tf.Tensor2D;
      }),
    ),
    violation: (x, r) => {
      const xr = rows(x);
      const negative = tf.neg(tf.min(tf.minimum(xr, 0), 1));
      const sumGap = tf.abs(tf.sub(tf.sum(xr, 1), r));
      return { amount: tf.maximum(negative, sumGap) as tf.Tensor1D, scale: r };
    },
  };
}

/**
 * The simplex of radius r: x ≥ 0 and Σx = r. Projection: exact threshold, by Condat's search in
 * the native addon on cpu/wasm when `useBackend` loaded it, else a vectorized tfjs search;
 * LMO: r·e_i at the first smallest gradient entry (feasible for any sign of g).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { simplex } from '@sparsekit/constraints';
 * simplex(1).project(tf.tensor([2, 0, -1])).arraySync(); // => [1, 0, 0]
 * simplex(1).lmo(tf.tensor([-1, -3, -2])).arraySync();   // => [0, 1, 0]
 * ```
 */
export function simplex(radius = 1): ConstraintSet & HasAtoms {
  requirePositiveFloat32('radius', radius);
  return makeSet(simplexSpec(radius)) as unknown as ConstraintSet & HasAtoms;
}
