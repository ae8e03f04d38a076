/**
 * The page's problems and their float64 references, computed in Node: a Lasso (reference:
 * float64 coordinate descent to convergence) and one StochasticFrankWolfe step on least squares
 * over an L1 ball (reference: the step written out in float64).
 */
import { createRng } from '@sparsekit/tensor';
import { coordinateDescent64, lassoObjective, leastSquaresData } from '@sparsekit/solvers/testing';
import type { PageInput } from './protocol.js';

export interface References {
  /** Optimal Lasso objective, float64. */
  readonly lassoFStar: number;
  /** The SFW iterate after one step, float64. */
  readonly sfwW1: Float64Array;
}

function lassoProblem(): PageInput['lasso'] & { fStar: number } {
  const { X, y } = leastSquaresData(5, 60, 150, 6, 0.2);
  let lambdaMax = 0;
  for (let j = 0; j < X.cols; j++) {
    let c = 0;
    for (let i = 0; i < X.rows; i++) c += X.data[i * X.cols + j] * y[i];
    lambdaMax = Math.max(lambdaMax, Math.abs(c) / X.rows);
  }
  const lambda = 0.1 * lambdaMax;
  const fStar = lassoObjective(X, y, coordinateDescent64(X, y, lambda, { tol: 1e-14, maxEpochs: 100_000 }), lambda);
  return { rows: X.rows, cols: X.cols, X: Array.from(X.data), y: Array.from(y), lambda, fStar };
}

function sfwProblem(): PageInput['sfw'] {
  const rng = createRng(11);
  const [rows, cols, radius] = [32, 20, 1];
  const A = rng.normalArray(rows * cols).map(Math.fround);
  const b = rng.normalArray(rows).map(Math.fround);
  const raw = rng.normalArray(cols);
  const l1 = raw.reduce((s, v) => s + Math.abs(v), 0);
  // Strictly inside the ball, so the projection SFW applies before its first step leaves w0 as it is.
  const w0 = raw.map((v) => Math.fround((0.5 * radius * v) / l1));
  return { rows, cols, A: Array.from(A), b: Array.from(b), w0: Array.from(w0), radius, lr: 0.1, momentum: 0.9 };
}

/**
 * One momentum-SFW step from w0 in float64: g = Aᵀ(Aw0 − b)/m; the momentum average is a positive
 * multiple of g at the first step, so the LMO vertex is −r·sign(g_i)·e_i at i = argmax |g_i|;
 * w1 = (1 − γ)w0 + γ·s with γ = lr. Also returns the margin between the two largest |g_i|, so the
 * test can refuse data whose vertex float32 rounding could flip.
 */
export function sfwStep64(p: PageInput['sfw']): { w1: Float64Array; margin: number } {
  const residual = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) {
    let s = -p.b[i];
    for (let j = 0; j < p.cols; j++) s += p.A[i * p.cols + j] * p.w0[j];
    residual[i] = s;
  }
  const g = new Float64Array(p.cols);
  for (let i = 0; i < p.rows; i++) for (let j = 0; j < p.cols; j++) g[j] += (p.A[i * p.cols + j] * residual[i]) / p.rows;
  const order = [...g.keys()].sort((a, c) => Math.abs(g[c]) - Math.abs(g[a]));
  const top = order[0];
  const w1 = Float64Array.from(p.w0, (v) => (1 - p.lr) * v);
  w1[top] += p.lr * -p.radius * Math.sign(g[top]);
  return { w1, margin: (Math.abs(g[top]) - Math.abs(g[order[1]])) / Math.abs(g[top]) };
}

/** The page's input and the references its answers are checked against. */
export function pageProblems(): { input: PageInput; references: References; sfwMargin: number } {
  const { fStar, ...lasso } = lassoProblem();
  const sfw = sfwProblem();
  const { w1, margin } = sfwStep64(sfw);
  return { input: { lasso, sfw }, references: { lassoFStar: fStar, sfwW1: w1 }, sfwMargin: margin };
}
