/** How gradients of an implicit layer's equilibrium are computed. */
import { SparsekitError } from '@sparsekit/tensor';
import { checkKeys, resolveFixedPointOptions, type FixedPointOptions, type ResolvedFixedPointOptions } from './solver-options.js';

/**
 * Gradient methods: 'implicit' solves the adjoint fixed point V = D⊙(VA) + D⊙G (implicit function
 * theorem, O(1) memory); 'phantom' re-applies k damped steps of the map with the tape on from the
 * equilibrium (torchdeq's phantom gradient; k = 1, τ = 1 is the Jacobian-free gradient);
 * 'unrolled' differentiates through every forward Picard step (memory grows with the iterations).
 *
 * @example
 * ```ts
 * import type { BackwardOptions } from '@sparsekit/models-implicit';
 * const ift: BackwardOptions = { method: 'implicit', solver: { method: 'anderson', tol: 1e-6 } };
 * const jfb: BackwardOptions = { method: 'phantom', steps: 1 };
 * ```
 */
export interface BackwardOptions {
  /** Default 'implicit'. */
  readonly method?: 'implicit' | 'phantom' | 'unrolled';
  /** Adjoint solver ('implicit' only); default Picard, tol 1e-6 abs, maxIter 300. */
  readonly solver?: FixedPointOptions;
  /** Phantom steps k ≥ 1. Default 1. */
  readonly steps?: number;
  /** Phantom damping τ ∈ (0, 1]. Default 1. */
  readonly damping?: number;
}

/** Fully resolved {@link BackwardOptions}. */
export interface ResolvedBackwardOptions {
  readonly method: 'implicit' | 'phantom' | 'unrolled';
  readonly solver: ResolvedFixedPointOptions;
  readonly steps: number;
  readonly damping: number;
}

/**
 * Validates and fills defaults of {@link BackwardOptions}.
 *
 * @example
 * ```ts
 * import { resolveBackwardOptions } from '@sparsekit/models-implicit';
 * resolveBackwardOptions({ method: 'phantom' }).steps; // 1
 * ```
 */
export function resolveBackwardOptions(options: BackwardOptions = {}): ResolvedBackwardOptions {
  if (options === null || typeof options !== 'object')
    throw new SparsekitError({ argument: 'backward', value: options, expected: 'an options object' });
  checkKeys('backward', options, ['method', 'solver', 'steps', 'damping']);
  const method = options.method ?? 'implicit';
  if (!['implicit', 'phantom', 'unrolled'].includes(method)) {
    throw new SparsekitError({ argument: 'backward.method', value: method, expected: "'implicit', 'phantom' or 'unrolled'" });
  }
  const steps = options.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1)
    throw new SparsekitError({ argument: 'backward.steps', value: steps, expected: 'an integer ≥ 1' });
  const damping = options.damping ?? 1;
  if (!(damping > 0 && damping <= 1))
    throw new SparsekitError({ argument: 'backward.damping', value: damping, expected: 'a number in (0, 1]' });
  return { method, solver: resolveFixedPointOptions('backward.solver', options.solver ?? {}, 1e-6), steps, damping };
}
