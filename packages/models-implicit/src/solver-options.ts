/** Options of the fixed-point solvers shared by the forward and the backward (adjoint) pass. */
import { SparsekitError } from '@sparsekit/tensor';

/** Fixed-point methods: plain/damped Picard iteration, Anderson acceleration, Broyden's method. */
export type FixedPointMethod = 'picard' | 'anderson' | 'broyden';

/**
 * Options of a fixed-point solve x = f(x) on a batch (one problem per row).
 *
 * @example
 * ```ts
 * import type { FixedPointOptions } from '@sparsekit/models-implicit';
 * const o: FixedPointOptions = { method: 'anderson', memory: 5, tol: 1e-5, maxIter: 100 };
 * ```
 */
export interface FixedPointOptions {
  /** Default 'picard'. */
  readonly method?: FixedPointMethod;
  /** Maximum number of evaluations of f, ≥ 1. Default 300 (torchidl's mitr). */
  readonly maxIter?: number;
  /** Tolerance on the per-example residual ‖f(x) − x‖∞ ('abs') or ‖f(x) − x‖∞/‖f(x)‖∞ ('rel'). */
  readonly tol?: number;
  /** Default 'abs'. */
  readonly stopMode?: 'abs' | 'rel';
  /** Picard damping τ ∈ (0, 1] in x ← (1 − τ)x + τf(x); Anderson mixing β. Default 1. */
  readonly damping?: number;
  /** History length of Anderson (m) and Broyden (low-rank updates kept). Default 6 (Anderson), 30 (Broyden). */
  readonly memory?: number;
  /** Anderson Tikhonov weight λ, relative to the largest diagonal entry of GGᵀ. Default 1e-4. */
  readonly lambda?: number;
  /**
   * Test the residual every k evaluations (and at the last one). Each test reads the residuals
   * back from the device, 3 kernels and a sync: k > 1 saves them on the other evaluations, at the
   * price of up to k − 1 evaluations past convergence; the lowest-residual iterate is chosen
   * among the tested ones. Default 1.
   */
  readonly checkEvery?: number;
}

/** Fully resolved {@link FixedPointOptions}. */
export type ResolvedFixedPointOptions = Required<FixedPointOptions>;

const KEYS = ['method', 'maxIter', 'tol', 'stopMode', 'damping', 'memory', 'lambda', 'checkEvery'] as const;

/** Rejects unknown keys, naming the argument and the keys allowed. */
export function checkKeys(argument: string, value: object, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new SparsekitError({
        argument: `${argument}.${key}`,
        value: (value as Record<string, unknown>)[key],
        expected: `no such option; allowed: ${allowed.join(', ')}`,
      });
    }
  }
}

/**
 * Validates and fills defaults. `defaultTol` differs between the forward and backward passes.
 *
 * @example
 * ```ts
 * import { resolveFixedPointOptions } from '@sparsekit/models-implicit';
 * resolveFixedPointOptions('forward', { method: 'anderson' }).memory; // 6
 * ```
 */
export function resolveFixedPointOptions(argument: string, options: FixedPointOptions = {}, defaultTol = 1e-5): ResolvedFixedPointOptions {
  if (options === null || typeof options !== 'object')
    throw new SparsekitError({ argument, value: options, expected: 'an options object' });
  checkKeys(argument, options, KEYS);
  const method = options.method ?? 'picard';
  if (!['picard', 'anderson', 'broyden'].includes(method)) {
    throw new SparsekitError({ argument: `${argument}.method`, value: method, expected: "'picard', 'anderson' or 'broyden'" });
  }
  const maxIter = options.maxIter ?? 300;
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw new SparsekitError({ argument: `${argument}.maxIter`, value: maxIter, expected: 'an integer ≥ 1' });
  const tol = options.tol ?? defaultTol;
  if (!(tol >= 0 && Number.isFinite(tol)))
    throw new SparsekitError({ argument: `${argument}.tol`, value: tol, expected: 'a finite number ≥ 0' });
  const stopMode = options.stopMode ?? 'abs';
  if (stopMode !== 'abs' && stopMode !== 'rel')
    throw new SparsekitError({ argument: `${argument}.stopMode`, value: stopMode, expected: "'abs' or 'rel'" });
  const damping = options.damping ?? 1;
  if (!(damping > 0 && damping <= 1))
    throw new SparsekitError({ argument: `${argument}.damping`, value: damping, expected: 'a number in (0, 1]' });
  const memory = options.memory ?? (method === 'broyden' ? 30 : 6);
  if (!Number.isInteger(memory) || memory < 1)
    throw new SparsekitError({ argument: `${argument}.memory`, value: memory, expected: 'an integer ≥ 1' });
  const lambda = options.lambda ?? 1e-4;
  if (!(lambda >= 0 && Number.isFinite(lambda)))
    throw new SparsekitError({ argument: `${argument}.lambda`, value: lambda, expected: 'a finite number ≥ 0' });
  const checkEvery = options.checkEvery ?? 1;
  if (!Number.isInteger(checkEvery) || checkEvery < 1)
    throw new SparsekitError({ argument: `${argument}.checkEvery`, value: checkEvery, expected: 'an integer ≥ 1' });
  return { method, maxIter, tol, stopMode, damping, memory, lambda, checkEvery };
}
