import type { Tensor } from '@tensorflow/tfjs';

/** Values {@link expectClose} compares: tensors, numbers, (nested) arrays and typed arrays. */
export type Numeric = Tensor | number | ArrayLike<number> | readonly Numeric[];

/** Tolerances: an entry passes when |actual − expected| ≤ atol + rtol·|expected| (numpy allclose). */
export interface CloseOptions {
  readonly rtol?: number;
  readonly atol?: number;
  /** Prefix for the failure message, e.g. the case being checked. */
  readonly message?: string;
}

/**
 * Asserts that two numeric values are close elementwise. Fails with the worst entry (index,
 * both values, the error and the allowed error). NaN only matches NaN at the same position.
 *
 * @example
 * ```ts
 * import { expectClose } from '@sparsekit/tensor/testing';
 * expectClose([1, 2.000001], [1, 2], { rtol: 1e-5 });
 * ```
 */
export function expectClose(actual: Numeric, expected: Numeric, options: CloseOptions = {}): void {
  const { rtol = 1e-5, atol = 1e-6, message } = options;
  const a = flatten(actual);
  const e = flatten(expected);
  const prefix = message ? `${message}: ` : '';
  if (a.shape.join('x') !== e.shape.join('x') && a.values.length !== e.values.length) {
    throw new Error(`${prefix}shape mismatch: actual [${a.shape}] vs expected [${e.shape}]`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = e.values[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      worst = i;
      worstExcess = Infinity;
      break;
    }
    if (x === y) continue; // also covers equal infinities
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (excess > 0 && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    const x = a.values[worst];
    const y = e.values[worst];
    throw new Error(
      `${prefix}values differ at flat index ${worst} (of ${a.values.length}): actual ${x}, expected ${y}, ` +
        `|diff| ${Math.abs(x - y)} > allowed ${atol + rtol * Math.abs(y)} (rtol ${rtol}, atol ${atol})`,
    );
  }
}

function flatten(value: Numeric): { values: Float64Array; shape: number[] } {
  if (typeof value === 'number') return { values: Float64Array.of(value), shape: [] };
  if (isTensor(value)) return { values: Float64Array.from(value.dataSync() as ArrayLike<number>), shape: value.shape };
  const out: number[] = [];
  const walk = (v: Numeric): void => {
    if (typeof v === 'number') out.push(v);
    else if (isTensor(v)) out.push(...Array.from(v.dataSync() as ArrayLike<number>));
    else for (let i = 0; i < (v as ArrayLike<Numeric>).length; i++) walk((v as ArrayLike<Numeric>)[i]);
  };
  walk(value);
  return { values: Float64Array.from(out), shape: [out.length] };
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'dataSync' in v && 'shape' in v;
}
