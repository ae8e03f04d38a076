/**
 * Solves with G_SS = (I − H)_SS = I − Q_S Q_Sᵀ for an active set S of samples without forming it:
 * by Woodbury, G_SS⁻¹b = b + Q_S (I_p − Q_SᵀQ_S)⁻¹ Q_Sᵀ b, a p×p solve. M = Q_SᵀQ_S is updated by
 * rank-one terms as samples enter, so a path step costs O(|S|p + p³) instead of O(|S|³). All loops
 * run on flat Float64Arrays: a path makes thousands of these solves.
 */
import type { Mat64 } from './dense.js';
import { gemv } from './kernels.js';

/** Active set with its Woodbury factor. */
export class ActiveGram {
  readonly members: number[] = [];
  private readonly m: Float64Array;
  /** Lower Cholesky factor of I − M, row-major; valid when `factored`. */
  private readonly l: Float64Array;
  private factored = false;
  private singular = false;
  /** Q_Sᵀx for the x = G_SS⁻¹b of the last successful {@link solve}: qtb + Mw, O(p²). */
  lastQtX: Float64Array = new Float64Array(0);

  private readonly member: Uint8Array;

  constructor(private readonly q: Mat64) {
    this.member = new Uint8Array(q.rows);
    this.m = new Float64Array(q.cols * q.cols);
    this.l = new Float64Array(q.cols * q.cols);
  }

  has(i: number): boolean {
    return this.member[i] === 1;
  }

  add(i: number): void {
    this.member[i] = 1;
    this.members.push(i);
    this.rankOne(i, 1);
  }

  remove(i: number): void {
    const k = this.members.indexOf(i);
    if (k < 0) return;
    this.member[i] = 0;
    this.members.splice(k, 1);
    this.rankOne(i, -1);
  }

  /** G_SS⁻¹ b for b indexed like `members`; null when G_SS is singular (S holds a whole fit). */
  solve(b: ArrayLike<number>): Float64Array | null {
    const { cols: p, data } = this.q;
    const qtb = new Float64Array(p);
    const mem = this.members;
    for (let k = 0; k < mem.length; k++) {
      const bk = b[k];
      if (bk === 0) continue;
      const o = mem[k] * p;
      for (let j = 0; j < p; j++) qtb[j] += data[o + j] * bk;
    }
    const w = this.solveCore(qtb);
    if (w === null) return null;
    const m = this.m;
    const qtx = qtb;
    for (let r = 0; r < p; r++) {
      let acc = 0;
      for (let c = 0; c < p; c++) acc += m[r * p + c] * w[c];
      qtx[r] += acc;
    }
    this.lastQtX = qtx;
    const out = new Float64Array(mem.length);
    for (let k = 0; k < mem.length; k++) {
      const o = mem[k] * p;
      let s = b[k];
      for (let j = 0; j < p; j++) s += data[o + j] * w[j];
      out[k] = s;
    }
    return out;
  }

  /** (I − Q_SᵀQ_S)⁻¹u for a p-vector u; null when singular. */
  solveCore(u: Float64Array): Float64Array | null {
    const p = this.q.cols;
    if (!this.factored) this.factor();
    if (this.singular) return null;
    const l = this.l;
    const w = Float64Array.from(u);
    for (let r = 0; r < p; r++) {
      let s = w[r];
      for (let c = 0; c < r; c++) s -= l[r * p + c] * w[c];
      w[r] = s / l[r * p + r];
    }
    for (let r = p - 1; r >= 0; r--) {
      let s = w[r];
      for (let c = r + 1; c < p; c++) s -= l[c * p + r] * w[c];
      w[r] = s / l[r * p + r];
    }
    return w;
  }

  /** Cholesky of I − M; singular when not positive definite or a pivot of L falls below 1e-7. */
  private factor(): void {
    const p = this.q.cols;
    const { m, l } = this;
    l.fill(0);
    this.factored = true;
    this.singular = false;
    for (let r = 0; r < p; r++) {
      for (let c = 0; c <= r; c++) {
        let s = (r === c ? 1 : 0) - m[r * p + c];
        for (let k = 0; k < c; k++) s -= l[r * p + k] * l[c * p + k];
        if (r === c) {
          if (!(s > 0) || !(Math.sqrt(s) > 1e-7)) {
            this.singular = true;
            return;
          }
          l[r * p + r] = Math.sqrt(s);
        } else l[r * p + c] = s / l[c * p + c];
      }
    }
  }

  private rankOne(i: number, sign: number): void {
    const p = this.q.cols;
    const o = i * p;
    const { data } = this.q;
    const m = this.m;
    for (let r = 0; r < p; r++) {
      const a = sign * data[o + r];
      for (let c = 0; c < p; c++) m[r * p + c] += a * data[o + c];
    }
    this.factored = false;
  }
}

/** −Q·v for a p-vector v (every row), the dense part of (I − H)u once v = Q_Sᵀu is known; into `out` when given. */
export function minusQTimes(q: Mat64, v: Float64Array, out = new Float64Array(q.rows)): Float64Array {
  return gemv(q.data, q.rows, q.cols, v, -1, out);
}

/** (I − H)u for u supported on `idx` with values `val`: u − Q(Q_Sᵀ val). */
export function projectSparse(q: Mat64, idx: readonly number[], val: ArrayLike<number>): Float64Array {
  const { rows: n, cols: p, data } = q;
  const qtu = new Float64Array(p);
  for (let k = 0; k < idx.length; k++) {
    const v = val[k];
    const o = idx[k] * p;
    for (let j = 0; j < p; j++) qtu[j] += data[o + j] * v;
  }
  const out = gemv(data, n, p, qtu, -1, new Float64Array(n));
  for (let k = 0; k < idx.length; k++) out[idx[k]] += val[k];
  return out;
}
