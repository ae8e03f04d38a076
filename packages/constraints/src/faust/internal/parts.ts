/**
 * Real and complex matrices share one code path: a matrix is handled as its "parts", `[re]` for
 * a real tensor and `[re, im]` for a complex one. Selections act on the modulus and are applied
 * to every part, linear maps act on each part, norms sum over parts. The projector cores work on
 * batches of matrices, parts of shape [B, m, n]; a single matrix is the batch B = 1.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, isComplexTensor, modulus as complexModulus, type ComplexTensor } from '@sparsekit/tensor';

/** A real tensor or a complex `{ re, im }` pair. */
export type MatrixInput = tf.Tensor | ComplexTensor;

/** Parts as the `@sparsekit/tensor` value they stand for (real tensor or complex pair). */
const asValue = (parts: tf.Tensor[]): tf.Tensor | ComplexTensor => (parts.length === 1 ? parts[0] : { re: parts[0], im: parts[1] });

/**
 * Checks that `x` is a real tensor or `{ re, im }` pair of equal shapes, of rank 2 (a matrix)
 * or 3 (a batch of matrices, `eachSlice`), and returns its parts (not copies). Non-finite
 * entries are not read here: they propagate to the output (see `propagateNonFinite`).
 */
export function toParts(x: MatrixInput, argument = 'x', rank = 2): tf.Tensor[] {
  const candidates: unknown[] = isComplexTensor(x) ? [x.re, x.im] : [x];
  const parts = candidates.map((p) => {
    if (!(p instanceof tf.Tensor))
      throw new SparsekitError({ argument, value: p, expected: 'a tf.Tensor or a { re, im } pair of tensors' });
    return p;
  });
  for (const p of parts) {
    if (p.rank !== rank) {
      const expected = rank === 2 ? 'a matrix (rank-2 tensor; eachSlice for batches)' : 'a batch of matrices (rank-3 tensor)';
      throw new SparsekitError({ argument, value: p, code: 'shape_mismatch', expected });
    }
  }
  if (parts.length === 2 && !tf.util.arraysEqual(parts[0].shape, parts[1].shape)) {
    throw new SparsekitError({
      argument: `${argument}.im`,
      value: parts[1],
      code: 'shape_mismatch',
      expected: `the shape of ${argument}.re [${parts[0].shape.join(', ')}]`,
    });
  }
  return parts;
}

/** Entrywise modulus |x| (real) or |re + i·im| (complex), overflow-safe (tensor's `modulus`). */
export function modulus(parts: tf.Tensor[]): tf.Tensor {
  return complexModulus(asValue(parts));
}

/**
 * pyfaust `normalized` on every matrix of batched parts [B, m, n]: divide by its Frobenius norm,
 * computed as (x/m)/‖x/m‖ with m the matrix's largest |entry|. Scaling first avoids overflow for
 * huge entries, and never forming the norm itself avoids denormal norms (entries near 1e-41),
 * whose ~1e-4 relative precision would leave the result off the unit sphere. All-zero matrices
 * stay zero; `nonzero` [B, 1, 1] tells which were not.
 */
export function normalizeSlices(parts: tf.Tensor[]): { parts: tf.Tensor[]; nonzero: tf.Tensor } {
  return tf.tidy(() => {
    const b = parts[0].shape[0];
    const m = tf
      .max(
        tf.concat(
          parts.map((p) => tf.abs(p).reshape([b, -1])),
          1,
        ),
        1,
      )
      .reshape([b, 1, 1]);
    const scaled = parts.map((p) => tf.divNoNan(p, m));
    const norm = tf.sqrt(tf.addN(scaled.map((p) => tf.sum(tf.square(p), [1, 2], true))));
    return { parts: scaled.map((p) => tf.divNoNan(p, norm)), nonzero: tf.greater(m, 0) };
  });
}

/** {@link normalizeSlices} without the flags. */
export function normalizeParts(parts: tf.Tensor[]): tf.Tensor[] {
  return tf.tidy(() => normalizeSlices(parts).parts);
}

/** pyfaust `pos`: negative entries become 0. Ignored for complex input, as in pyfaust. */
export function positivePart(parts: tf.Tensor[]): tf.Tensor[] {
  return parts.length === 1 ? [tf.relu(parts[0])] : parts.map((p) => tf.clone(p));
}

/** Keeps the parts where `mask` ([B, m, n], or [m, n] for every matrix) is true, zeroes the rest. */
export function maskParts(parts: tf.Tensor[], mask: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => parts.map((p) => tf.where(tf.broadcastTo(mask, p.shape), p, tf.zerosLike(p))));
}
