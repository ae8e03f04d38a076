/**
 * Host kernels: plain functions over typed arrays in host memory (float32 data, float64
 * accumulation), called directly instead of through tfjs. `useBackend('cpu' | 'wasm')` fills them
 * from the `@sparsekit/native` addon when it is built (Node); browsers and wasm-only installs have
 * none, and every caller keeps a plain JS path that gives the same results.
 */

/** The host kernels a caller may find (every array is row-major; lengths are checked natively). */
export interface HostKernels {
  /**
   * Projects each of `rows` rows of length `cols` of `x` onto its L1 ball {‖u‖₁ ≤ radii[b]} into
   * `out` (Condat's threshold search; a row holding a non-finite entry comes back NaN).
   */
  l1BallRows(x: Float32Array, out: Float32Array, rows: number, cols: number, radii: Float64Array): void;
  /** Projects each row onto its simplex {u ≥ 0, Σu = radii[b]} (the same threshold search; non-finite rows give NaN). */
  simplexRows(x: Float32Array, out: Float32Array, rows: number, cols: number, radii: Float64Array): void;
  /** out = Xᵀv for X rows×cols. */
  transposeTimes(X: Float32Array, rows: number, cols: number, v: Float64Array, out: Float64Array): void;
  /** g = Xᵀv and norm2[j] = ‖x_j‖² in one pass over X. */
  firstPass(X: Float32Array, rows: number, cols: number, v: Float64Array, g: Float64Array, norm2: Float64Array): void;
  /** Column-major float64 copy (rows × columns.length) of the listed columns of X. */
  gatherColumns(X: Float32Array, rows: number, cols: number, columns: Int32Array, out: Float64Array): void;
}

const NAMES = ['l1BallRows', 'simplexRows', 'transposeTimes', 'firstPass', 'gatherColumns'] as const;

let current: HostKernels | undefined;

/**
 * The host kernels in use, or undefined (no native addon, or turned off).
 *
 * @example
 * ```ts
 * import { hostKernels } from '@sparsekit/tensor';
 * const k = hostKernels();
 * typeof k; // 'object' after useBackend('wasm') with the native addon built, else 'undefined'
 * ```
 */
export function hostKernels(): HostKernels | undefined {
  return current;
}

/**
 * Sets (or, with undefined, removes) the host kernels: `useBackend` does it; tests use it to run
 * the plain JS paths. An object lacking one of the functions counts as none (an addon built before
 * they existed).
 *
 * @example
 * ```ts
 * import { hostKernels, setHostKernels } from '@sparsekit/tensor';
 * const saved = hostKernels();
 * setHostKernels(undefined); // plain JS paths from here on
 * hostKernels(); // => undefined
 * setHostKernels(saved);
 * ```
 */
export function setHostKernels(kernels: Partial<HostKernels> | undefined): void {
  current = kernels && NAMES.every((name) => typeof kernels[name] === 'function') ? (kernels as HostKernels) : undefined;
}
