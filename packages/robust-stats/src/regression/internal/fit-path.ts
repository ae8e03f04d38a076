/** Builds the γ path of one method on one data set (shared by the fit and by cross-validation). */
import { right, type Either } from 'fp-ts/lib/Either.js';
import type { SparsekitError } from '@sparsekit/tensor';
import { matVec, type Mat64 } from '../../internal/dense.js';
import { projector, type Projector } from '../../internal/projector.js';
import type { KnotStop, OutlierPath } from '../outlier-path.js';
import { lts } from '../lts.js';
import { gridPath, lambdaGrid } from './grid-path.js';
import { issProjected } from './iss-projected.js';
import { lassoProjected } from './lasso-projected.js';
import { lbiProjected } from './lbi-projected.js';

/** Method settings after validation. */
export interface PathSettings {
  readonly method: 'soft' | 'hard' | 'path' | 'lasso';
  readonly path: 'iss' | 'lbi';
  readonly kappa: number;
  readonly trate: number;
  readonly maxOutlierFraction: number;
  readonly nLambda: number;
  readonly start: 'lts' | 'soft';
  readonly seed: number;
}

/** Projector and path for design x (intercept column already added) and response y. */
export function fitPath(
  x: Mat64,
  y: Float64Array,
  s: PathSettings,
  stopFor?: (proj: Projector) => KnotStop,
): Either<SparsekitError, { proj: Projector; path: OutlierPath }> {
  const pr = projector(x);
  if (pr._tag === 'Left') return pr;
  const proj = pr.right;
  const stop = stopFor?.(proj);
  const maxActive = Math.max(1, Math.floor(s.maxOutlierFraction * (x.rows - x.cols)));
  if (s.method === 'path') {
    const path = s.path === 'iss' ? issProjected(proj, y, maxActive, stop) : lbiProjected(proj, y, maxActive, s.kappa, s.trate);
    return right({ proj, path });
  }
  if (s.method === 'lasso') return right({ proj, path: lassoProjected(proj, y, maxActive, stop) });
  const start = s.method === 'soft' || s.start === 'soft' ? softStart(proj, y) : ltsStart(x, y, s.seed, proj);
  const lambdas = lambdaGrid(start, maxActive, s.nLambda);
  return right({ proj, path: gridPath(proj, y, s.method === 'soft' ? 'soft' : 'hard', lambdas, start, stop) });
}

/** Least-squares residual (the soft path starts at γ = 0). */
function softStart(proj: Projector, y: Float64Array): Float64Array {
  return proj.resid(y);
}

/** Residual of the raw LTS fit (the design already holds the intercept column). */
function ltsStart(x: Mat64, y: Float64Array, seed: number, proj: Projector): Float64Array {
  const rows = Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
  const fit = lts(rows, y, { intercept: false, seed });
  if (fit._tag === 'Left') return proj.resid(y);
  const yhat = matVec(x, fit.right.rawCoef);
  return y.map((v, i) => v - yhat[i]);
}
