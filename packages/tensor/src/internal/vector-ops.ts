/**
 * Batched matrix–vector algebra shared by the real and complex power iterations (internal).
 * Vectors are [B, n, 1]; a complex vector is a { re, im } pair. The complex products reuse the
 * block embedding of complex/matmul.ts with the matrix side concatenated once, up front.
 */
import * as tf from '@tensorflow/tfjs';
import type { ComplexTensor } from '../complex/complex-tensor.js';

export type Vec = tf.Tensor3D | ComplexTensor<tf.Rank.R3>;

export interface VectorOps<V extends Vec> {
  /** A·v */
  apply(v: V): V;
  /** A^H·u */
  applyAdjoint(u: V): V;
  /** Euclidean norm per batch, [B, 1, 1]. */
  norm(v: V): tf.Tensor3D;
  /** v · s for a real per-batch scale s [B, 1, 1]. */
  scale(v: V, s: tf.Tensor3D): V;
  sub(a: V, b: V): V;
  /** z − q (q^H z): removes the component along the unit vector q. */
  removeComponent(z: V, q: V): V;
  /** Stacks column vectors into [B, n, k]. */
  stack(columns: V[]): V;
  /** Random start vectors from float64 samples (same on every backend). */
  fromSamples(samples: () => Float32Array, shape: [number, number, number]): V;
  dispose(v: V): void;
}

const sumRows = (x: tf.Tensor3D) => tf.sum(x, 1, true) as tf.Tensor3D;

/** Real A [B, m, n]: keeps A and its transpose. */
export function realOps(a: tf.Tensor3D): VectorOps<tf.Tensor3D> & { release(): void } {
  const at = tf.transpose(a, [0, 2, 1]) as tf.Tensor3D;
  return {
    apply: (v) => tf.matMul(a, v),
    applyAdjoint: (u) => tf.matMul(at, u),
    norm: (v) => tf.sqrt(sumRows(tf.square(v))) as tf.Tensor3D,
    scale: (v, s) => tf.mul(v, s),
    sub: (x, y) => tf.sub(x, y),
    removeComponent: (z, q) => tf.sub(z, tf.mul(q, sumRows(tf.mul(q, z)))),
    stack: (columns) => tf.concat(columns, 2),
    fromSamples: (samples, shape) => tf.tensor3d(samples(), shape),
    dispose: (v) => v.dispose(),
    release: () => at.dispose(),
  };
}

/** [Mr Mi] · [[xr, xi], [−xi, xr]] = [Mr xr − Mi xi, Mr xi + Mi xr]: one matmul per product. */
function embeddedProduct(left: tf.Tensor3D, x: ComplexTensor<tf.Rank.R3>): ComplexTensor<tf.Rank.R3> {
  const right = tf.concat([tf.concat([x.re, x.im], 2), tf.concat([tf.neg(x.im), x.re], 2)], 1);
  const [re, im] = tf.split(tf.matMul(left, right), 2, 2) as tf.Tensor3D[];
  return { re, im };
}

/** Complex A [B, m, n]: keeps the embedded left factors of A and A^H. */
export function complexOps(a: ComplexTensor<tf.Rank.R3>): VectorOps<ComplexTensor<tf.Rank.R3>> & { release(): void } {
  const left = tf.concat([a.re, a.im], 2) as tf.Tensor3D;
  const leftAdjoint = tf.tidy(() => tf.concat([tf.transpose(a.re, [0, 2, 1]), tf.neg(tf.transpose(a.im, [0, 2, 1]))], 2)) as tf.Tensor3D;
  return {
    apply: (v) => embeddedProduct(left, v),
    applyAdjoint: (u) => embeddedProduct(leftAdjoint, u),
    norm: (v) => tf.sqrt(tf.add(sumRows(tf.square(v.re)), sumRows(tf.square(v.im)))) as tf.Tensor3D,
    scale: (v, s) => ({ re: tf.mul(v.re, s), im: tf.mul(v.im, s) }),
    sub: (x, y) => ({ re: tf.sub(x.re, y.re), im: tf.sub(x.im, y.im) }),
    removeComponent: (z, q) => {
      // c = q^H z = Σ (qr − i qi)(zr + i zi)
      const cr = tf.add(sumRows(tf.mul(q.re, z.re)), sumRows(tf.mul(q.im, z.im)));
      const ci = tf.sub(sumRows(tf.mul(q.re, z.im)), sumRows(tf.mul(q.im, z.re)));
      return {
        re: tf.sub(z.re, tf.sub(tf.mul(q.re, cr), tf.mul(q.im, ci))),
        im: tf.sub(z.im, tf.add(tf.mul(q.re, ci), tf.mul(q.im, cr))),
      };
    },
    stack: (columns) => ({
      re: tf.concat(
        columns.map((c) => c.re),
        2,
      ),
      im: tf.concat(
        columns.map((c) => c.im),
        2,
      ),
    }),
    fromSamples: (samples, shape) => ({ re: tf.tensor3d(samples(), shape), im: tf.tensor3d(samples(), shape) }),
    dispose: (v) => {
      v.re.dispose();
      v.im.dispose();
    },
    release: () => {
      left.dispose();
      leftAdjoint.dispose();
    },
  };
}
