/**
 * Penalties are built like sets: a batched spec (per-slice weights w: [B]) turned into a
 * whole-tensor penalty or, by `eachSlice`, a batched one whose value is the sum over slices.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { assertStep, assertTensor, propagateNonFinite } from './checks.js';
import { compact } from './set-spec.js';

export interface PenaltySpec {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The penalty's weight λ (per-slice weights replace it). */
  readonly weight: number;
  readonly sliceRank?: number;
  /** Checks a slice shape against the penalty's parameters; throws SparsekitError. */
  readonly checkSlice?: (sliceShape: readonly number[]) => void;
  /** prox of step·g per slice: x [B, ...], t = step·w per slice [B], w the weights [B]. */
  readonly prox: (x: tf.Tensor, t: tf.Tensor1D, w: tf.Tensor1D) => tf.Tensor;
  /** Per-slice values [B] with weights w [B]. */
  readonly value: (x: tf.Tensor, w: tf.Tensor1D) => tf.Tensor1D;
}

/** Specs of the penalties this package built, keyed by the returned object (see setSpecOf). */
const penaltySpecs = new WeakMap<object, PenaltySpec>();

export function penaltySpecOf(c: object): PenaltySpec | undefined {
  return penaltySpecs.get(c);
}

function check(spec: PenaltySpec, x: unknown, batched: boolean): asserts x is tf.Tensor {
  assertTensor('x', x);
  const rank = batched ? x.rank - 1 : x.rank;
  if (spec.sliceRank !== undefined && rank !== spec.sliceRank) {
    throw new SparsekitError({
      argument: 'x',
      value: x,
      code: 'shape_mismatch',
      expected: `${batched ? 'slices' : 'a tensor'} of rank ${spec.sliceRank} for ${spec.name}`,
    });
  }
  if (batched && x.rank < 1)
    throw new SparsekitError({ argument: 'x', value: x, code: 'shape_mismatch', expected: 'a tensor of rank >= 1 (axis 0 is the batch)' });
  spec.checkSlice?.(batched ? x.shape.slice(1) : x.shape);
}

function methods(spec: PenaltySpec, weights: (b: number) => tf.Tensor1D, batched: boolean) {
  const lift = (x: tf.Tensor) => (batched ? x : x.expandDims(0));
  return {
    prox: (x: tf.Tensor, step: number): tf.Tensor => {
      assertStep(step);
      check(spec, x, batched);
      return tf.tidy(() => {
        const xb = lift(x);
        const w = weights(xb.shape[0]);
        const out = propagateNonFinite(spec.prox(xb, tf.mul(w, step) as tf.Tensor1D, w), xb);
        return batched ? out : out.squeeze([0]);
      });
    },
    value: (x: tf.Tensor): tf.Scalar => {
      check(spec, x, batched);
      return tf.tidy(() => {
        const xb = lift(x);
        return tf.sum(propagateNonFinite(spec.value(xb, weights(xb.shape[0])), xb));
      });
    },
  };
}

/** A whole-tensor penalty from its spec. */
export function makePenalty(spec: PenaltySpec) {
  const c = compact({ name: spec.name, params: spec.params, ...methods(spec, (b) => tf.fill([b], spec.weight) as tf.Tensor1D, false) });
  penaltySpecs.set(c, spec);
  return c;
}

/** The per-slice penalty (value summed over slices). */
export function batchedPenalty(spec: PenaltySpec, weights: (b: number) => tf.Tensor1D) {
  return { name: `EachSlice(${spec.name})`, params: { of: spec.params }, ...methods(spec, weights, true) };
}
