/**
 * How the sets of this package are built: a batched spec (every method takes [B, ...slice]
 * and per-slice radii r: [B]) turned into a whole-tensor constraint (B = 1) or, by
 * `eachSlice`, into a batched one. Keeping one batched code path is what makes `eachSlice`
 * vectorized and makes "batched equals looped" hold by construction.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { ComplexTensor } from '@sparsekit/tensor';
import type { FeasibilityOptions, HasAtoms, HasNormBall } from '../types.js';
import { assertComplex, assertStep, assertTensor, propagateNonFinite } from './checks.js';
import { hostLmoMethod, type VectorLmo } from './host-lmo.js';

export type Pair = [tf.Tensor, tf.Tensor];

/** The batched description of a set. */
export interface SetSpec {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The radius the set scales with (per-slice radii replace it), if any. */
  readonly radius?: number;
  /** Required rank of one slice (e.g. 2 for matrices), if any. */
  readonly sliceRank?: number;
  /** Checks a slice shape against the set's parameters (e.g. k ≤ size); throws SparsekitError. */
  readonly checkSlice?: (sliceShape: readonly number[]) => void;
  readonly project?: (x: tf.Tensor, r: tf.Tensor1D) => tf.Tensor;
  /** `project` already gives NaN slices for non-finite input slices (no extra pass needed). */
  readonly projectPropagatesNonFinite?: boolean;
  readonly lmo?: (g: tf.Tensor, r: tf.Tensor1D) => tf.Tensor;
  /** The same LMO on a whole host vector (HasHostLmo of whole-tensor sets; not per slice). */
  readonly lmoHost?: VectorLmo;
  /** Per-slice violation ≥ 0 and the scale of the relative tolerance, both [B]. */
  readonly violation: (x: tf.Tensor, r: tf.Tensor1D) => { amount: tf.Tensor1D; scale: tf.Tensor1D };
  readonly projectComplex?: (re: tf.Tensor, im: tf.Tensor, r: tf.Tensor1D) => Pair;
  readonly lmoComplex?: (re: tf.Tensor, im: tf.Tensor, r: tf.Tensor1D) => Pair;
  /** The atoms (HasAtoms): unit vectors scaled by the radius, or explicit vertices. */
  readonly atoms?: 'simplex' | 'l1Ball' | tf.Tensor2D;
  /** The norm of a norm ball (HasNormBall). */
  readonly norm?: 1 | 2 | 'inf';
}

/** The description methods (atoms, normBall) of a set whose radius is `radius` (one per slice when perSlice). */
export function describedBy(spec: SetSpec, radius: () => number | readonly number[], perSlice: boolean): Partial<HasAtoms & HasNormBall> {
  const { atoms, norm } = spec;
  return {
    atoms:
      atoms === undefined
        ? undefined
        : () => (typeof atoms === 'string' ? { kind: atoms, radius: radius(), perSlice } : { kind: 'vertices', vertices: atoms, perSlice }),
    normBall: norm === undefined ? undefined : () => ({ norm, radius: radius(), perSlice }),
  };
}

/**
 * Specs of the sets this package built, keyed by the very object returned. A WeakMap rather
 * than a property: a spread copy with an overridden method (`{ ...l1Ball(1), lmo }`) must not
 * be batched with the original spec, so it falls back to the generic path.
 */
const setSpecs = new WeakMap<object, SetSpec>();

export function setSpecOf(c: object): SetSpec | undefined {
  return setSpecs.get(c);
}

/** Validates a tensor argument and the rank/shape of its slices ([B, ...slice] when batched). */
export function checkInput(spec: SetSpec, argument: string, x: unknown, batched: boolean): asserts x is tf.Tensor {
  assertTensor(argument, x);
  // Kernels divide by sizes and counts: an empty tensor traps in wasm instead of failing clearly.
  if (x.size === 0) {
    throw new SparsekitError({ argument, value: x, code: 'shape_mismatch', expected: `a non-empty tensor for ${spec.name}` });
  }
  const sliceShape = batched ? x.shape.slice(1) : x.shape;
  if (batched && x.rank < 1)
    throw new SparsekitError({ argument, value: x, code: 'shape_mismatch', expected: 'a tensor of rank >= 1 (axis 0 is the batch)' });
  if (spec.sliceRank !== undefined && sliceShape.length !== spec.sliceRank) {
    throw new SparsekitError({
      argument,
      value: x,
      code: 'shape_mismatch',
      expected: `${batched ? 'slices' : 'a tensor'} of rank ${spec.sliceRank} for ${spec.name}${batched ? '' : ' (use eachSlice for batches)'}`,
    });
  }
  spec.checkSlice?.(sliceShape);
}

function feasibleFlags(spec: SetSpec, x: tf.Tensor, r: tf.Tensor1D, options: FeasibilityOptions = {}): boolean[] {
  const { rtol = 1e-5, atol = 1e-6 } = options;
  const finite = tf.tidy(() => Array.from(tf.all(tf.isFinite(x.reshape([x.shape[0], -1])), 1).dataSync()));
  const data = tf.tidy(() => {
    const v = spec.violation(tf.where(tf.isFinite(x), x, tf.zerosLike(x)), r);
    return tf.sub(v.amount, tf.add(atol, tf.mul(rtol, v.scale))).dataSync();
  });
  return finite.map((f, i) => f === 1 && data[i] <= 0);
}

/** The batched methods shared by whole-tensor and per-slice constraints. */
export function batchedMethods(spec: SetSpec, radii: (batch: number) => tf.Tensor1D, batched: boolean) {
  const lift = (x: tf.Tensor) => (batched ? x : x.expandDims(0));
  const drop = (y: tf.Tensor) => (batched ? y : y.squeeze([0]));
  const run = (argument: string, x: unknown, f: (x: tf.Tensor, r: tf.Tensor1D) => tf.Tensor, propagates = false): tf.Tensor => {
    checkInput(spec, argument, x, batched);
    return tf.tidy(() => {
      const xb = lift(x);
      const out = f(xb, radii(xb.shape[0]));
      if (propagates) return drop(out);
      // one slice: Σ(0·x) (NaN for a non-finite entry) poisons the whole output without the per-slice reshapes
      return batched ? propagateNonFinite(out, xb) : tf.add(drop(out), tf.sum(tf.mul(xb, 0)));
    });
  };
  const runComplex = (argument: string, z: ComplexTensor, f: (re: tf.Tensor, im: tf.Tensor, r: tf.Tensor1D) => Pair): ComplexTensor => {
    assertComplex(argument, z);
    checkInput(spec, `${argument}.re`, z.re, batched);
    const [re, im] = tf.tidy(() => {
      const re0 = lift(z.re);
      const im0 = lift(z.im);
      const out = f(re0, im0, radii(re0.shape[0]));
      return [drop(propagateNonFinite(out[0], re0, im0)), drop(propagateNonFinite(out[1], re0, im0))];
    });
    return { re, im };
  };
  const flags = (x: tf.Tensor, options?: FeasibilityOptions): boolean[] => {
    assertTensor('x', x);
    if (spec.sliceRank !== undefined && (batched ? x.rank - 1 : x.rank) !== spec.sliceRank)
      return batched ? new Array<boolean>(x.shape[0]).fill(false) : [false];
    return tf.tidy(() => {
      const xb = lift(x);
      return feasibleFlags(spec, xb, radii(xb.shape[0]), options);
    });
  };
  const methods = {
    project: spec.project && ((x: tf.Tensor) => run('x', x, spec.project!, spec.projectPropagatesNonFinite)),
    prox:
      spec.project &&
      ((x: tf.Tensor, step: number) => {
        assertStep(step);
        return run('x', x, spec.project!, spec.projectPropagatesNonFinite);
      }),
    lmo: spec.lmo && ((g: tf.Tensor) => run('grad', g, spec.lmo!)),
    projectComplex: spec.projectComplex && ((z: ComplexTensor) => runComplex('z', z, spec.projectComplex!)),
    lmoComplex: spec.lmoComplex && ((z: ComplexTensor) => runComplex('grad', z, spec.lmoComplex!)),
    value: (x: tf.Tensor): tf.Scalar => {
      checkInput(spec, 'x', x, batched);
      return tf.scalar(flags(x).every(Boolean) ? 0 : Infinity);
    },
    isFeasible: (x: tf.Tensor, options?: FeasibilityOptions): boolean => flags(x, options).every(Boolean),
    isFeasibleEach: (x: tf.Tensor, options?: FeasibilityOptions): boolean[] => flags(x, options),
  };
  return methods;
}

/** Drops undefined capabilities so `'lmo' in c` and typeof checks tell the truth. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A whole-tensor set from its spec. */
export function makeSet(spec: SetSpec) {
  const radius = spec.radius ?? 1;
  const m = batchedMethods(spec, (b) => tf.tensor1d(new Float32Array(b).fill(radius)), false);
  const { isFeasibleEach: _unused, ...whole } = m;
  const lmoHost = spec.lmoHost && hostLmoMethod(spec.name, spec.lmoHost, radius);
  const c = compact({ name: spec.name, params: spec.params, ...whole, lmoHost, ...describedBy(spec, () => radius, false) });
  setSpecs.set(c, spec);
  return c;
}
