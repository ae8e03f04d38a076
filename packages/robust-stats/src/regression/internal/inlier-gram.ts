/**
 * The design block of the Huber Hessian, Σ_{inliers} z zᵀ with z = [x_i; 1 when fitting an
 * intercept], kept across Newton iterations. Only samples whose inlier status flips change it, so
 * after the first iterations a Hessian costs O(flips·p²) instead of a fresh O(np²) pass.
 */

/** Upper triangle of Σ_{inliers} z zᵀ, dimension q = p (+ 1 for the intercept). */
export class InlierGram {
  readonly q: number;
  readonly s: Float64Array;
  private readonly mask: Uint8Array;
  private ready = false;

  constructor(
    private readonly x: Float64Array,
    private readonly n: number,
    private readonly p: number,
    private readonly intercept: boolean,
  ) {
    this.q = p + (intercept ? 1 : 0);
    this.s = new Float64Array(this.q * this.q);
    this.mask = new Uint8Array(n);
  }

  /** Brings the sum to the inlier set `mask` (1 = inlier): adds and removes the flipped samples, or rebuilds when fewer. */
  update(mask: Uint8Array): void {
    const flipped: number[] = [],
      sign: number[] = [],
      inliers: number[] = [];
    for (let i = 0; i < this.n; i++) {
      if (mask[i]) inliers.push(i);
      if (mask[i] !== this.mask[i]) {
        flipped.push(i);
        sign.push(mask[i] ? 1 : -1);
      }
    }
    if (!this.ready || flipped.length >= inliers.length) {
      this.s.fill(0);
      this.accumulate(inliers, null);
      this.ready = true;
    } else this.accumulate(flipped, sign);
    this.mask.set(mask);
  }

  /** s += Σ_k w_k z_k z_kᵀ over `rows` (w = 1 when `sign` is null), four rows per pass over the triangle. */
  private accumulate(rows: readonly number[], sign: readonly number[] | null): void {
    const { x, p, q, s } = this;
    const w = (k: number): number => (sign === null ? 1 : sign[k]);
    let k = 0;
    for (; k + 3 < rows.length; k += 4) {
      const o0 = rows[k] * p,
        o1 = rows[k + 1] * p,
        o2 = rows[k + 2] * p,
        o3 = rows[k + 3] * p;
      const w0 = w(k),
        w1 = w(k + 1),
        w2 = w(k + 2),
        w3 = w(k + 3);
      for (let a = 0; a < p; a++) {
        const x0 = w0 * x[o0 + a],
          x1 = w1 * x[o1 + a],
          x2 = w2 * x[o2 + a],
          x3 = w3 * x[o3 + a];
        const row = a * q;
        for (let b = a; b < p; b++) s[row + b] += x0 * x[o0 + b] + x1 * x[o1 + b] + x2 * x[o2 + b] + x3 * x[o3 + b];
        if (this.intercept) s[row + p] += x0 + x1 + x2 + x3;
      }
      if (this.intercept) s[p * q + p] += w0 + w1 + w2 + w3;
    }
    for (; k < rows.length; k++) this.addOuter(rows[k], w(k));
  }

  private addOuter(i: number, sign: number): void {
    const { x, p, q, s } = this;
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const xa = sign * x[o + a];
      const row = a * q;
      for (let b = a; b < p; b++) s[row + b] += xa * x[o + b];
      if (this.intercept) s[row + p] += xa;
    }
    if (this.intercept) s[p * q + p] += sign;
  }
}
