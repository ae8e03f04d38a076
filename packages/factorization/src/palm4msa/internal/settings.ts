/** Validation of PALM4MSA / hierarchical options (pyfaust `StoppingCriterion`, `ParamsPalm4MSA`). */
import { SparsekitError, requireInteger, requirePositive } from '@sparsekit/tensor';
import type { Constraint, HasComplexProject, HasProject } from '@sparsekit/constraints';

/** A factor constraint: a Euclidean projection for real and complex factors (every FAμST projector). */
export type FactorConstraint = Constraint & HasProject & HasComplexProject;

/**
 * pyfaust `StoppingCriterion`: a fixed number of sweeps (`numIts`, default 500), or an error
 * target `tol` on ‖λ·∏S_j − A‖_F (relative to ‖A‖_F with `relErr`) capped by `maxIter`
 * (default 10000); `errEps` also stops when a sweep improves the error by less than errEps.
 */
export interface StopCriterion {
  readonly numIts?: number;
  readonly tol?: number;
  readonly relErr?: boolean;
  readonly maxIter?: number;
  readonly errEps?: number;
}

export interface StopSettings {
  readonly maxIter: number;
  readonly tol: number | null;
  readonly relErr: boolean;
  readonly errEps: number | null;
}

const STOP_KEYS = ['numIts', 'tol', 'relErr', 'maxIter', 'errEps'];

export function stopSettings(argument: string, stop: StopCriterion = {}): StopSettings {
  if (typeof stop !== 'object' || stop === null)
    throw new SparsekitError({ argument, value: stop, expected: 'a stopping criterion object' });
  const unknown = Object.keys(stop).filter((k) => !STOP_KEYS.includes(k));
  if (unknown.length > 0)
    throw new SparsekitError({ argument: `${argument}.${unknown[0]}`, value: unknown[0], expected: `one of ${STOP_KEYS.join(', ')}` });
  if (stop.numIts !== undefined && stop.tol !== undefined) {
    throw new SparsekitError({ argument, value: stop, expected: 'either numIts or tol (mutually exclusive, as in pyfaust)' });
  }
  const errEps = stop.errEps === undefined ? null : requirePositive(`${argument}.errEps`, stop.errEps);
  if (stop.tol !== undefined) {
    return {
      maxIter: requireInteger(`${argument}.maxIter`, stop.maxIter ?? 10000, 1),
      tol: requirePositive(`${argument}.tol`, stop.tol),
      relErr: stop.relErr ?? false,
      errEps,
    };
  }
  return { maxIter: requireInteger(`${argument}.numIts`, stop.numIts ?? 500, 0), tol: null, relErr: false, errEps };
}

export function checkConstraint(argument: string, c: unknown): FactorConstraint {
  const ok =
    typeof c === 'object' &&
    c !== null &&
    typeof (c as HasProject).project === 'function' &&
    typeof (c as HasComplexProject).projectComplex === 'function';
  if (!ok)
    throw new SparsekitError({ argument, value: c, expected: 'a constraint with project and projectComplex (e.g. a FAμST projector)' });
  return c as FactorConstraint;
}

/** Update order of the factors in a sweep: pyfaust `is_update_way_R2L` (false → 'L2R', the default). */
export type UpdateOrder = 'R2L' | 'L2R';

export function updateOrder(value: unknown): UpdateOrder {
  const v = value ?? 'L2R';
  if (v !== 'R2L' && v !== 'L2R') throw new SparsekitError({ argument: 'updateOrder', value: v, expected: "'R2L' or 'L2R'" });
  return v;
}
