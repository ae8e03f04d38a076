/**
 * Per-example bookkeeping. A batched problem has x of shape [B, ...] with B independent
 * examples; an unbatched one is treated as a single example. Solvers keep step sizes and
 * Lipschitz estimates as Float64Array (one entry per example) and turn them into tensors only
 * to scale updates, so the control flow stays in plain JS.
 */
import * as tf from '@tensorflow/tfjs';

/** Shape facts about the iterate: how many examples and how to broadcast per-example values. */
export interface Layout {
  readonly batched: boolean;
  readonly size: number;
  readonly shape: readonly number[];
}

/** Builds the layout of `x0` (axis 0 is the example axis when `batched`). */
export function layoutOf(x0: tf.Tensor, batched: boolean): Layout {
  return { batched, size: batched ? x0.shape[0] : 1, shape: x0.shape };
}

/** Per-example values as a tensor that broadcasts against x: [B, 1, ..., 1], or a scalar. */
export function broadcastPerExample(layout: Layout, values: ArrayLike<number>): tf.Tensor {
  if (!layout.batched) return tf.scalar(values[0]);
  const shape = [layout.size, ...layout.shape.slice(1).map(() => 1)];
  return tf.tensor(Float32Array.from(values), shape);
}

/** Per-example sums of a tensor shaped like x (reads the data). */
export function sumPerExample(layout: Layout, t: tf.Tensor): Float64Array {
  const reduced = tf.tidy(() => (layout.batched ? t.reshape([layout.size, -1]).sum(1) : t.sum()));
  const out = Float64Array.from(reduced.dataSync());
  reduced.dispose();
  return out;
}

/** Several per-example sums in one device read: returns one Float64Array per input. */
export function sumsPerExample(layout: Layout, ts: readonly tf.Tensor[]): Float64Array[] {
  const stacked = tf.tidy(() => tf.stack(ts.map((t) => (layout.batched ? t.reshape([layout.size, -1]).sum(1) : t.sum().reshape([1])))));
  const data = stacked.dataSync();
  stacked.dispose();
  const b = layout.size;
  return ts.map((_, i) => Float64Array.from(data.subarray(i * b, (i + 1) * b)));
}

/**
 * Per-example sums of a tensor shaped like x, as a tensor: a scalar unbatched (no reshape), [B]
 * batched. For reading together with other per-example numbers in one sync.
 */
export function sumPerExampleTensor(layout: Layout, t: tf.Tensor): tf.Tensor {
  return layout.batched ? t.reshape([layout.size, -1]).sum(1) : t.sum();
}

/** Per-example inner products ⟨a_b, c_b⟩ and squared norms ‖c_b‖² in one read. */
export function dotAndSquaredNorm(layout: Layout, a: tf.Tensor, c: tf.Tensor): [Float64Array, Float64Array] {
  const prod = tf.mul(a, c);
  const sq = tf.square(c);
  const [dot, norm2] = sumsPerExample(layout, [prod, sq]);
  prod.dispose();
  sq.dispose();
  return [dot, norm2];
}

/** Keeps `next` where `mask[b]` is 1 and `prev` elsewhere; disposes neither input. */
export function selectPerExample(layout: Layout, mask: ArrayLike<number>, next: tf.Tensor, prev: tf.Tensor): tf.Tensor {
  let all = true;
  for (let i = 0; i < layout.size; i++) if (!mask[i]) all = false;
  if (all) return next.clone();
  return tf.tidy(() => {
    const m = broadcastPerExample(
      layout,
      Array.from({ length: layout.size }, (_, i) => (mask[i] ? 1 : 0)),
    );
    return tf.where(tf.broadcastTo(m.cast('bool'), next.shape), next, prev);
  });
}

/** True when every entry is finite. */
export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
