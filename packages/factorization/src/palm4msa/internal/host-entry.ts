/** The bridge between `palm4msa`'s tensors and the host engine: engine choice, reads, the Faust built back. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import type { HasHostProject } from '@sparsekit/constraints';
import { Faust } from '../../faust/faust.js';
import { chooseFormat, denseFactor } from '../../faust/internal/factor.js';
import { dot, mat, type Mat } from './host-linalg.js';
import { productOf } from './host-palm.js';
import type { HostProjection } from './host-palm.js';
import type { FactorConstraint } from './settings.js';

/** Where PALM4MSA runs: 'auto' (default) picks 'host' when it can, 'tensor' otherwise. */
export type PalmEngine = 'auto' | 'host' | 'tensor';

const hostProjectionOf = (c: FactorConstraint): HostProjection | null => {
  const p = (c as Partial<HasHostProject>).projectHost;
  return typeof p === 'function' ? (x) => p.call(c, x) : null;
};

/**
 * The host projections when the run can go to the host engine (real target, every constraint
 * with `projectHost`, no MHTP pass), else null; an explicit 'host' that cannot run throws.
 */
export function hostProjections(
  engine: unknown,
  A: tf.Tensor | ComplexTensor,
  constraints: readonly FactorConstraint[],
  mhtp: boolean,
): HostProjection[] | null {
  const e = engine ?? 'auto';
  if (e !== 'auto' && e !== 'host' && e !== 'tensor')
    throw new SparsekitError({ argument: 'engine', value: e, expected: "'auto', 'host' or 'tensor'" });
  if (e === 'tensor') return null;
  const projections = constraints.map(hostProjectionOf);
  const why = !(A instanceof tf.Tensor)
    ? 'a real target (complex targets run on tensors)'
    : mhtp
      ? 'no mhtp option (MHTP passes run on tensors)'
      : projections.some((p) => p === null)
        ? 'constraints that all offer projectHost'
        : null;
  if (why === null) return projections as HostProjection[];
  if (e === 'host') throw new SparsekitError({ argument: 'engine', value: e, expected: why });
  return null;
}

/** A real rank-2 tensor as a float64 host matrix. */
export function readMat(t: tf.Tensor): Mat {
  return mat(t.shape[0]!, t.shape[1]!, Float64Array.from(t.dataSync()));
}

/** λ·S₁⋯S_J as a Faust (λ folded into the first factor, as the tensor path does). */
export function faustOf(factors: readonly Mat[], lambda: number): Faust {
  return Faust.fromInternal(
    factors.map((f) => chooseFormat(denseFactor(f.rows, f.cols, Float32Array.from(f.data), null), 'dynamic')),
  ).scale(lambda);
}

/** ‖λ·S₁⋯S_J − A‖_F/‖A‖_F for the factors as the Faust stores them (float32, λ in the first). */
export function roundedError(a: Mat, factors: readonly Mat[], lambda: number): number {
  const rounded = factors.map((f, j) =>
    mat(
      f.rows,
      f.cols,
      f.data.map((v) => Math.fround(j === 0 ? Math.fround(v) * lambda : v)),
    ),
  );
  const p = productOf(rounded).data;
  let err = 0;
  for (let i = 0; i < p.length; i++) err += (p[i] - a.data[i]) ** 2;
  const norm = Math.sqrt(dot(a.data, a.data));
  return Math.sqrt(err) / (norm === 0 ? 1 : norm);
}
