/**
 * Outer loop of the working-set solvers (`lasso`, `l1Regularized`, `l1Constrained`) as a
 * {@link SolverKernel}: full gradient, certified gap, screening, working set, inner float64
 * solve, repeat.
 */
import * as tf from '@tensorflow/tfjs';
import type { SolverKernel } from '../../core/iterate.js';
import { regatherColumns, transposeTimes, type DenseMatrix, type GatheredColumns } from '../design-matrix.js';
import type { GradientEngine } from './gradient-engine.js';
import type { Datafit } from './datafit.js';
import { l1Gap, l1Screen, type GapState, type L1Mode } from './l1-duality.js';
import { chooseWorkingSet } from './working-set.js';
import { proxNewtonCd } from './prox-newton-cd.js';
import { ballNewton } from './ball-newton.js';

/** The working set's columns (column-major, n·k) and their squared norms. */
export interface WorkingSetColumns {
  readonly cols: Float64Array;
  readonly colNorm2: Float64Array;
}

/** Solves the working-set problem in place: w (on the working set) and z = Xw, to gap ≤ tolGap. */
export type InnerSolver = (ws: WorkingSetColumns, w: Float64Array, z: Float64Array, tolGap: number) => void;

export interface SparseGlmSetup {
  readonly X: DenseMatrix;
  readonly fit: Datafit;
  readonly mode: L1Mode;
  readonly engine: GradientEngine;
  readonly minWs: number;
  /** Xᵀ∇F(0) and the squared column norms, from {@link firstPass} (g is updated in place). */
  readonly first: { readonly g: Float64Array; readonly colNorm2: Float64Array };
  /** Default: proximal Newton + CD for the penalty, projected Newton + FISTA for the ball. */
  readonly inner?: InnerSolver;
  readonly options: { screening?: boolean; innerTolRatio?: number; maxNewton?: number; matvec?: 'auto' | 'js' | 'tfjs' };
}

function defaultInner(s: SparseGlmSetup): InnerSolver {
  const { fit, mode } = s;
  const n = s.X.rows;
  const maxNewton = s.options.maxNewton ?? 50;
  if (mode.kind === 'penalty')
    return (ws, w, z, tol) => {
      proxNewtonCd({ cols: ws.cols, n, fit, lambda: mode.lambda }, w, z, tol, maxNewton);
    };
  return (ws, w, z, tol) => {
    ballNewton({ cols: ws.cols, n, fit, radius: mode.radius }, w, z, tol, maxNewton);
  };
}

/** Builds the kernel at w = 0 (feasible for both forms). */
export function sparseGlmKernel(s: SparseGlmSetup, counts: { nfev: number; ngev: number }): SolverKernel {
  const { X, fit, mode, engine, options: o } = s;
  const inner = s.inner ?? defaultInner(s);
  const { rows: n, cols: p } = X;
  const w = new Float64Array(p);
  const z = new Float64Array(n);
  const grad = new Float64Array(n);
  const { g, colNorm2 } = s.first;
  const screened = new Uint8Array(p);
  let wsSize = Math.min(p, s.minWs);
  // The last working set's columns: the next gather copies the ones it shares.
  let gathered: GatheredColumns | undefined;
  let x: tf.Tensor = tf.zeros([p]);
  const funs = new Float64Array(1);
  const certificates = new Float64Array(1).fill(Infinity);
  const steps = new Float64Array(1);
  const assess = (): GapState => {
    counts.nfev++;
    counts.ngev++;
    const d = l1Gap(fit, mode, z, w, g);
    if (o.screening !== false && d.gap > 0) l1Screen(fit, mode, d, g, colNorm2, screened);
    funs[0] = d.primal;
    certificates[0] = d.gap / Math.max(Math.abs(d.primal), Number.MIN_VALUE);
    return d;
  };
  let state = assess();
  return {
    get x() {
      return x;
    },
    funs,
    certificates,
    steps,
    step() {
      const ws = chooseWorkingSet(w, g, colNorm2, screened, state.scale, wsSize);
      wsSize = Math.min(p, Math.max(wsSize, 2 * ws.length));
      const wWs = Float64Array.from(ws, (j) => w[j]);
      const cols = regatherColumns(X, ws, gathered);
      gathered = { columns: ws, data: cols };
      inner({ cols, colNorm2: Float64Array.from(ws, (j) => colNorm2[j]) }, wWs, z, (o.innerTolRatio ?? 0.3) * state.gap);
      ws.forEach((j, k) => {
        w[j] = wWs[k];
      });
      fit.gradient(z, grad);
      // float32 matmuls cannot certify gaps much below 1e-6 relative: finish in float64 JS.
      if (certificates[0] > 1e-6 || o.matvec === 'tfjs') engine.transposeTimes(grad, g);
      else transposeTimes(X, grad, g);
      state = assess();
      steps[0] = ws.length;
      x.dispose();
      x = tf.tensor1d(Float32Array.from(w));
      if (!Number.isFinite(state.primal)) return { kind: 'nonfinite', message: 'the objective is not finite' };
      return { kind: 'ok' };
    },
    release: () => x,
  };
}
