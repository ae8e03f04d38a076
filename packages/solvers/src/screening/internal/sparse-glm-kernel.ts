/**
 * Outer loop of the sparse GLM solvers as a {@link SolverKernel}: full gradient, gap, screening,
 * working set, inner float64 solve, repeat.
 */
import * as tf from '@tensorflow/tfjs';
import type { SolverKernel } from '../../core/iterate.js';
import { columnSquaredNorms, gatherColumns, transposeTimes, type DenseMatrix } from '../design-matrix.js';
import type { GradientEngine } from './gradient-engine.js';
import type { Datafit } from './datafit.js';
import { l1Gap, l1Screen, type GapState, type L1Mode } from './l1-duality.js';
import { chooseWorkingSet } from './working-set.js';
import { proxNewtonCd } from './prox-newton-cd.js';
import { ballNewton } from './ball-newton.js';

export interface SparseGlmSetup {
  readonly X: DenseMatrix;
  readonly fit: Datafit;
  readonly mode: L1Mode;
  readonly engine: GradientEngine;
  readonly minWs: number;
  readonly options: { screening?: boolean; innerTolRatio?: number; maxNewton?: number; matvec?: 'auto' | 'js' | 'tfjs' };
}

/** Builds the kernel at w = 0 (feasible for both forms). */
export function sparseGlmKernel(s: SparseGlmSetup, counts: { nfev: number; ngev: number }): SolverKernel {
  const { X, fit, mode, engine, options: o } = s;
  const { rows: n, cols: p } = X;
  const colNorm2 = columnSquaredNorms(X);
  const w = new Float64Array(p);
  const z = new Float64Array(n);
  const g = new Float64Array(p);
  const grad = new Float64Array(n);
  const screened = new Uint8Array(p);
  let wsSize = Math.min(p, s.minWs);
  let x: tf.Tensor = tf.zeros([p]);
  const funs = new Float64Array(1);
  const certificates = new Float64Array(1).fill(Infinity);
  const steps = new Float64Array(1);
  const measure = (): GapState => {
    counts.nfev++; counts.ngev++;
    fit.gradient(z, grad);
    // float32 matmuls cannot certify gaps much below 1e-6 relative: finish in float64 JS.
    if (certificates[0] > 1e-6 || o.matvec === 'tfjs') engine.transposeTimes(grad, g);
    else transposeTimes(X, grad, g);
    const d = l1Gap(fit, mode, z, w, g);
    if (o.screening !== false && d.gap > 0) l1Screen(fit, mode, d, g, colNorm2, screened);
    funs[0] = d.primal;
    certificates[0] = d.gap / Math.max(Math.abs(d.primal), Number.MIN_VALUE);
    return d;
  };
  let state = measure();
  return {
    get x() { return x; }, funs, certificates, steps,
    step() {
      const ws = chooseWorkingSet(w, g, colNorm2, screened, state.scale, wsSize);
      wsSize = Math.min(p, Math.max(wsSize, 2 * ws.length));
      const cols = gatherColumns(X, ws);
      const wWs = Float64Array.from(ws, (j) => w[j]);
      const tolGap = (o.innerTolRatio ?? 0.3) * state.gap;
      if (mode.kind === 'penalty') proxNewtonCd({ cols, n, fit, lambda: mode.lambda }, wWs, z, tolGap, o.maxNewton ?? 50);
      else ballNewton({ cols, n, fit, radius: mode.radius }, wWs, z, tolGap, o.maxNewton ?? 50);
      ws.forEach((j, k) => { w[j] = wWs[k]; });
      state = measure();
      steps[0] = ws.length;
      x.dispose();
      x = tf.tensor1d(Float32Array.from(w));
      if (!Number.isFinite(state.primal)) return { kind: 'nonfinite', message: 'the objective is not finite' };
      return { kind: 'ok' };
    },
    release: () => x,
  };
}
