/**
 * Row kernels on [B, n] tensors with per-row radii r: [B]. Every set of this package reduces to
 * these (a whole tensor is one row; `eachSlice` gives one row per slice), so batched problems
 * cost a handful of whole-tensor ops and no JS loop.
 */
import * as tf from '@tensorflow/tfjs';
import { hostKernels } from '@sparsekit/tensor';
import { propagateNonFinite } from './checks.js';
import { projectL1RowsHost } from './condat.js';
import { rowThreshold } from './threshold.js';

/** r as a [B, 1] column for broadcasting against rows. */
export const col = (r: tf.Tensor1D): tf.Tensor2D => r.reshape([r.shape[0], 1]);

/** Per-row L2 norm computed as m·‖x/m‖ with m = max|x|, so 1e20-sized entries do not overflow. */
export function rowNorm2(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const m = tf.max(tf.abs(x), 1);
    const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
    const scaled = tf.div(x, col(safe as tf.Tensor1D));
    return tf.mul(m, tf.sqrt(tf.sum(tf.square(scaled), 1))) as tf.Tensor1D;
  });
}

/**
 * Threshold θ⁺ = max(θ, 0) of the L1-ball projection of non-negative rows a (0 for rows inside
 * the ball), and the factor that rescales the result into the ball when float32 cancellation in
 * a − θ (huge inputs, tiny radius) overshoots; undefined when no row needs it.
 */
function l1Threshold(a: tf.Tensor2D, r: tf.Tensor1D): { theta: tf.Tensor2D; factor: tf.Tensor2D | undefined } {
  const inside = tf.tidy(() => tf.lessEqual(tf.sum(a, 1), r));
  const t = tf.tidy(() => rowThreshold(a, r, tf.logicalNot(inside).toFloat() as tf.Tensor1D));
  const out = tf.tidy(() => {
    const theta = tf.where(inside, tf.zerosLike(t.theta), tf.relu(t.theta));
    const over = tf.logicalAnd(tf.logicalNot(inside), tf.greater(t.total, r));
    const f = tf.where(over, tf.div(r, tf.where(over, t.total, tf.onesLike(t.total))), tf.onesLike(t.total));
    return { theta: col(theta as tf.Tensor1D), f: col(f as tf.Tensor1D), over: tf.any(over) };
  });
  tf.dispose([inside, t.theta, t.total]);
  const needed = out.over.dataSync()[0] === 1;
  out.over.dispose();
  if (!needed) out.f.dispose();
  return { theta: out.theta, factor: needed ? out.f : undefined };
}

/** Projects non-negative rows a onto {u ≥ 0, Σu ≤ r}: (a − θ⁺)⁺, rescaled if float32 overshoots. */
export function projectNonnegL1(a: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const { theta, factor } = l1Threshold(a, r);
    const u = tf.relu(tf.sub(a, theta)) as tf.Tensor2D;
    return factor ? (tf.mul(u, factor) as tf.Tensor2D) : u;
  });
}

/**
 * The native addon's projection kernel `name` run on the backend's own memory (no read-back, no
 * upload), when `useBackend` registered it for the active backend; undefined otherwise.
 */
export function nativeRowKernel(name: string, x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D | undefined {
  if (!tf.getKernel(name, tf.getBackend())) return undefined;
  return tf.tidy(() => tf.engine().runKernel(name, { x, r: r.dtype === 'float32' ? r : tf.cast(r, 'float32') }) as tf.Tensor2D);
}

/** Backends whose tensors live in host memory, where a synchronous read costs one copy. */
export const HOST_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

/**
 * Signed L1-ball projection of rows: sign(x)·(|x| − θ⁺)⁺; rows inside the ball come back
 * unchanged, rows with a non-finite entry all NaN. On host-memory backends (cpu, wasm): one
 * read and Condat's exact threshold search in float64: the native addon's when `useBackend` loaded
 * it (as a tfjs kernel working on the backend's memory, else on a read copy), otherwise
 * internal/condat.ts; all give the same bits. Elsewhere (WebGL,
 * WebGPU: a read is a pipeline stall): the tfjs threshold search, only abs/sub/relu/mul passes
 * over the data (wasm's Maximum/Minimum kernels are an order of magnitude slower). The host
 * path's output is not on the gradient tape: a projection is applied to iterates, not
 * differentiated through.
 */
export function projectL1Rows(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  if (HOST_BACKENDS.has(tf.getBackend()) && x.dtype === 'float32') {
    const [batch, n] = x.shape;
    const native = hostKernels();
    if (!native) return tf.tensor2d(projectL1RowsHost(x.dataSync() as Float32Array, batch, n, r.dataSync()), [batch, n]);
    // the addon's Condat search: the same float64 operations as the JS one, so the same bits
    const onBackend = nativeRowKernel('SparsekitL1BallRows', x, r);
    if (onBackend) return onBackend;
    const out = new Float32Array(batch * n);
    native.l1BallRows(x.dataSync() as Float32Array, out, batch, n, Float64Array.from(r.dataSync()));
    return tf.tensor2d(out, [batch, n]);
  }
  return tf.tidy(() => propagateNonFinite(projectL1RowsTfjs(x, r), x) as tf.Tensor2D);
}

function projectL1RowsTfjs(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const { theta, factor } = l1Threshold(tf.abs(x) as tf.Tensor2D, r);
    // sign(x)·(|x| − θ)⁺ = (x − θ)⁺ − (−θ − x)⁺ without the (slow on wasm) Sign kernel
    const p = tf.sub(tf.relu(tf.sub(x, theta)), tf.relu(tf.sub(tf.neg(theta), x))) as tf.Tensor2D;
    return factor ? (tf.mul(p, factor) as tf.Tensor2D) : p;
  });
}

/**
 * L1-ball LMO per row: −r·sign(g_i*)·e_i* at the first largest |g| (argMax keeps the lowest index
 * on ties), sign(0) taken as +1; zero rows give −r·e_0. One argMax and one one-hot instead of a
 * top-k with gathers and a scatter. The one-hot stays int32 and is cast: the wasm OneHot kernel
 * writes int32 bits into a float32 output.
 */
export function lmoL1Rows(g: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const hot = tf.cast(tf.oneHot(tf.argMax(tf.abs(g), 1), g.shape[1]), 'float32');
    return tf.mul(hot, lmoLinfRows(g, r)) as tf.Tensor2D;
  });
}

/** L2-ball projection of rows: x·min(1, r/‖x‖). */
export function projectL2Rows(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const nrm = rowNorm2(x);
    const outside = tf.greater(nrm, r);
    const factor = tf.where(outside, tf.div(r, tf.where(outside, nrm, tf.onesLike(nrm))), tf.onesLike(nrm));
    return tf.mul(x, col(factor as tf.Tensor1D)) as tf.Tensor2D;
  });
}

/** L2-ball LMO per row: −r·g/‖g‖; a zero row gives the vertex −r·e_0 (chop returned NaN). */
export function lmoL2Rows(g: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    // normalise g/max|g| rather than g/‖g‖: with denormal entries ‖g‖ rounds and g/‖g‖ leaves the sphere
    const m = tf.max(tf.abs(g), 1);
    const zero = tf.equal(m, 0);
    const scaled = tf.div(g, col(tf.where(zero, tf.onesLike(m), m) as tf.Tensor1D));
    const dir = tf.div(scaled, col(tf.where(zero, tf.onesLike(m), tf.sqrt(tf.sum(tf.square(scaled), 1))) as tf.Tensor1D));
    const e0 = tf.oneHot(tf.zeros([g.shape[0]], 'int32'), g.shape[1]).toFloat();
    return tf.mul(tf.where(col(zero as unknown as tf.Tensor1D), e0, dir), col(tf.neg(r) as tf.Tensor1D)) as tf.Tensor2D;
  });
}

/** L∞-ball projection of rows: clip to [−r, r]. */
export function projectLinfRows(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.minimum(tf.maximum(x, tf.neg(col(r))), col(r)) as tf.Tensor2D);
}

/**
 * L∞-ball LMO per row: −r·sign(g), with sign(0) taken as +1 so the output is a vertex. Computed as
 * r·step(−g) with step's value −1 at and below zero (1 where g < 0, −1 where g ≥ 0, signed zeros
 * included), broadcast against the [B, 1] radius: three elementwise passes, no ±r tiles
 * materialised for a Where.
 */
export function lmoLinfRows(g: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.step(tf.neg(g), -1), col(r)) as tf.Tensor2D);
}
