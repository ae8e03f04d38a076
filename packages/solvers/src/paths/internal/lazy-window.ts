/**
 * Lazy updates of the inactive coordinates of z between full Bregman steps (gram-step.ts).
 * While the support S is fixed, an inactive z_j moves by −c·g_j per step with
 * g_j(m) = a_m·s_j − b_j + Σ_{l∈S} G_jl·β_l(m), so after L steps from the window's base point
 *   z_j = z_j(base) − c·(A·s_j − L·b_j + Σ_l G_jl·B_l),   A = Σ a_m,  B_l = Σ β_l(m):
 * only the |S| active coordinates need their z every step (|S|² work instead of p·|S|), and the
 * others are written once when the window closes. A window stays open only while no inactive
 * coordinate can cross the threshold: with u_j = 1 − |z_j(base)| and the gradient g(k0) of the
 * full step that opened it,
 *   c·|g_j(m)| / u_j ≤ Rg + Σ_l M_l·|β_l(m) − β_l(k0)| + Rs·|a_m − a_k0|,
 *   Rg = max_j c|g_j(k0)|/u_j,  M_l = max_j c|G_jl|/u_j,  Rs = max_j c|s_j|/u_j,
 * and the window closes before the sum of these bounds over its steps reaches 1, so every z_j
 * stays in [−1, 1] and the support cannot change from an inactive side. Results equal the
 * step-by-step loop up to float64 reassociation of the sums (~1e-16 relative).
 */

/** What the window reads from the full step that opens it (views, not copies). */
export interface WindowSource {
  readonly p: number;
  /** Xᵀ1 and Xᵀy. */
  readonly s: Float64Array;
  readonly b: Float64Array;
  /** The gradient of the full step that opens the window. */
  readonly g: Float64Array;
  /** β on the support (written by the caller before each step). */
  readonly betaS: Float64Array;
  /** Gram columns of the support packed row by row: rows[j·size + m] = G_{j, S_m}. */
  readonly rows: () => Float64Array;
  readonly support: () => Int32Array;
  readonly size: () => number;
}

export interface LazyWindow {
  /** Opens a window at the output `z` of a full step taken at intercept `a` with multiplier c. */
  open(z: Float64Array, a: number, c: number): void;
  active(): boolean;
  /**
   * One step on the active coordinates (β on S already in betaS): writes them into `out` and
   * returns true, or false (nothing written) when the bound no longer excludes a crossing.
   */
  step(z: Float64Array, a: number, c: number, out: Float64Array): boolean;
  /** Writes the inactive coordinates of the current z and closes the window. */
  materialize(z: Float64Array): void;
  /** Closes without writing (the caller's z is already exact everywhere). */
  close(): void;
  /** Ends the window after the current step (an active coordinate left the support). */
  end(): void;
}

/** A window's budget is 1; a little is kept back for rounding. */
const BUDGET = 1 - 1e-9;

export function lazyWindow(src: WindowSource): LazyWindow {
  const { p, s, b } = src;
  const base = new Float64Array(p);
  const inS = new Uint8Array(p);
  let index: Int32Array = new Int32Array(0);
  let rows: Float64Array = new Float64Array(0);
  let size = 0;
  let M: Float64Array = new Float64Array(0);
  let betaBase: Float64Array = new Float64Array(0);
  let sumBeta: Float64Array = new Float64Array(0);
  let [Rg, Rs, aBase, A, L, used, c0] = [0, 0, 0, 0, 0, 0, 0];
  let [open, ending] = [false, false];
  /** Rg, Rs and M over the inactive coordinates; false if one sits on the threshold. */
  const bounds = (z: Float64Array, c: number): boolean => {
    [Rg, Rs] = [0, 0];
    M.fill(0);
    for (let j = 0; j < p; j++) {
      if (inS[j]) continue;
      const u = 1 - Math.abs(z[j]);
      if (!(u > 0)) return false;
      const inv = c / u;
      Rg = Math.max(Rg, Math.abs(src.g[j]) * inv);
      Rs = Math.max(Rs, Math.abs(s[j]) * inv);
      for (let m = 0, off = j * size; m < size; m++) M[m] = Math.max(M[m], Math.abs(rows[off + m]) * inv);
    }
    return Rg < BUDGET;
  };
  const close = (): void => {
    for (let m = 0; m < size; m++) inS[index[m]] = 0;
    [open, ending] = [false, false];
  };
  return {
    active: () => open,
    close,
    end: () => {
      ending = true;
    },
    open(z, a, c) {
      size = src.size();
      index = src.support().slice(0, size);
      rows = src.rows();
      for (let m = 0; m < size; m++) inS[index[m]] = 1;
      [M, betaBase, sumBeta] = [new Float64Array(size), src.betaS.slice(0, size), new Float64Array(size)];
      if (!bounds(z, c)) return close();
      base.set(z);
      [aBase, A, L, used, c0, open, ending] = [a, 0, 0, 0, c, true, false];
    },
    step(z, a, c, out) {
      if (ending || c !== c0) return false;
      const beta = src.betaS;
      let inc = Rg + Rs * Math.abs(a - aBase);
      for (let m = 0; m < size; m++) inc += M[m] * Math.abs(beta[m] - betaBase[m]);
      if (!(used + inc <= BUDGET)) return false;
      used += inc;
      for (let q = 0; q < size; q++) {
        const j = index[q];
        let gj = a * s[j] - b[j];
        for (let m = 0, off = j * size; m < size; m++) gj += rows[off + m] * beta[m];
        out[j] = z[j] - c * gj;
      }
      for (let m = 0; m < size; m++) sumBeta[m] += beta[m];
      A += a;
      L += 1;
      return true;
    },
    materialize(z) {
      if (!open) return;
      if (L > 0) {
        for (let j = 0; j < p; j++) {
          if (inS[j]) continue;
          let acc = A * s[j] - L * b[j];
          for (let m = 0, off = j * size; m < size; m++) acc += rows[off + m] * sumBeta[m];
          z[j] = base[j] - c0 * acc;
        }
      }
      close();
    },
  };
}
