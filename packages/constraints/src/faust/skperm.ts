/** pyfaust `skperm`: exactly k nonzeros per row and per column (a sum of k permutations). */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import type { HasHostProject } from '../types.js';
import { maxWeightRegularSelection } from './internal/regular-selection.js';
import { sparsityProjector, type SparsityParams } from './internal/sparsity-projector.js';

const finiteOrZero = (w: Float64Array): Float64Array => w.map((v) => (Number.isFinite(v) ? v : 0));

/** Squared moduli of the parts in float64 (exact for float32 reals), one array per matrix. */
function squaredModuli(parts: tf.Tensor3D[]): Float64Array[] {
  const [b, m, n] = parts[0].shape;
  const data = parts.map((p) => p.dataSync() as Float32Array);
  return Array.from({ length: b }, (_, s) => {
    const w = new Float64Array(m * n);
    for (const d of data) for (let i = 0; i < m * n; i++) w[i] += d[s * m * n + i] ** 2;
    // a non-finite entry makes the output NaN anyway (propagateNonFinite); the flow needs numbers
    for (let i = 0; i < m * n; i++) if (!Number.isFinite(w[i])) w[i] = 0;
    return w;
  });
}

/**
 * Projection onto n×n matrices supported in a k-regular pattern, i.e. at most k nonzeros per
 * row and per column inside a pattern with exactly k per row and column (pyfaust `proj.skperm`,
 * Le & Gribonval ICASSP 2021). The pattern maximizes the kept energy Σ|M_ij|², which makes the
 * result a Euclidean nearest point; it is found by a min-cost flow in float64 that always
 * terminates in n·k augmentations (pyfaust's own `skperm` search can loop forever on some inputs). Equal weights
 * resolve towards lower row and column indices. Square input only, 1 ≤ k ≤ n. `normalized`
 * (default true) divides by the Frobenius norm; `pos` zeroes negative entries first. Runs on the
 * CPU in plain JS (O(k·n³)): fine for the factor sizes of FAμST (n ≲ 512).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { skperm } from '@sparsekit/constraints/faust';
 * skperm(1, { normalized: false }).project(tf.tensor2d([[1, 5], [4, 2]])).arraySync(); // => [[0, 5], [4, 0]]
 * ```
 */
export function skperm(k: number, options?: FaustFlags): FaustProjector<'Skperm', SparsityParams> & HasHostProject {
  return sparsityProjector(
    {
      name: 'Skperm',
      limit: ([, n]) => [n, 'the matrix size'],
      checkShape: ([m, n]) => {
        if (m !== n) {
          throw new SparsekitError({
            argument: 'x',
            value: `shape [${m}, ${n}]`,
            code: 'shape_mismatch',
            expected: 'a square matrix (k per row and per column needs as many rows as columns)',
          });
        }
      },
      support: (parts, kk) => {
        // the selection is a combinatorial search on the host, one matrix at a time
        const [b, n] = parts[0].shape;
        const selections = squaredModuli(parts).map((w) => maxWeightRegularSelection(w, n, kk));
        const flat = new Uint8Array(b * n * n);
        selections.forEach((sel, i) => flat.set(sel, i * n * n));
        return tf.tensor3d(flat, [b, n, n], 'bool');
      },
      hostSupport: (mag2, _m, n, kk) => maxWeightRegularSelection(finiteOrZero(mag2), n, kk),
    },
    k,
    options,
  );
}
