/**
 * Solves with G_SS = (I − H)_SS = I − Q_S Q_Sᵀ for an active set S of samples without forming it:
 * by Woodbury, G_SS⁻¹b = b + Q_S (I_p − Q_SᵀQ_S)⁻¹ Q_Sᵀ b, a p×p solve. M = Q_SᵀQ_S is updated by
 * rank-one terms as samples enter, so a path step costs O(|S|p + p³) instead of O(|S|³).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Mat64 } from './dense.js';

/** Active set with its Woodbury factor. */
export class ActiveGram {
  readonly members: number[] = [];
  private readonly m: Float64Array;
  private chol: CholeskyDecomposition | null = null;

  constructor(private readonly q: Mat64) {
    this.m = new Float64Array(q.cols * q.cols);
  }

  add(i: number): void {
    this.members.push(i);
    this.rankOne(i, 1);
  }

  remove(i: number): void {
    const k = this.members.indexOf(i);
    if (k < 0) return;
    this.members.splice(k, 1);
    this.rankOne(i, -1);
  }

  /** G_SS⁻¹ b for b indexed like `members`; null when G_SS is singular (S holds a whole fit). */
  solve(b: ArrayLike<number>): Float64Array | null {
    const p = this.q.cols;
    if (this.chol === null) {
      const a = new Matrix(p, p);
      for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) a.set(r, c, (r === c ? 1 : 0) - this.m[r * p + c]);
      const ch = new CholeskyDecomposition(a);
      if (!ch.isPositiveDefinite()) return null;
      const l = ch.lowerTriangularMatrix;
      let minDiag = Infinity;
      for (let r = 0; r < p; r++) minDiag = Math.min(minDiag, l.get(r, r));
      if (p > 0 && !(minDiag > 1e-7)) return null;
      this.chol = ch;
    }
    const qtb = new Float64Array(p);
    this.members.forEach((i, k) => { for (let j = 0; j < p; j++) qtb[j] += this.q.data[i * p + j] * b[k]; });
    const w = p > 0 ? this.chol.solve(Matrix.columnVector(Array.from(qtb))).getColumn(0) : [];
    return Float64Array.from(this.members, (i, k) => {
      let s = b[k];
      for (let j = 0; j < p; j++) s += this.q.data[i * p + j] * w[j];
      return s;
    });
  }

  private rankOne(i: number, sign: number): void {
    const p = this.q.cols;
    const o = i * p;
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) this.m[r * p + c] += sign * this.q.data[o + r] * this.q.data[o + c];
    this.chol = null;
  }
}

/** (I − H)u for u supported on `idx` with values `val`: u − Q(Q_Sᵀ val). */
export function projectSparse(q: Mat64, idx: readonly number[], val: ArrayLike<number>): Float64Array {
  const { rows: n, cols: p, data } = q;
  const qtu = new Float64Array(p);
  idx.forEach((i, k) => { for (let j = 0; j < p; j++) qtu[j] += data[i * p + j] * val[k]; });
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += data[r * p + j] * qtu[j];
    out[r] = -s;
  }
  idx.forEach((i, k) => { out[i] += val[k]; });
  return out;
}
