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

  constructor(private readonly x: Float64Array, private readonly n: number, private readonly p: number, private readonly intercept: boolean) {
    this.q = p + (intercept ? 1 : 0);
    this.s = new Float64Array(this.q * this.q);
    this.mask = new Uint8Array(n);
  }

  /** Brings the sum to the inlier set `mask` (1 = inlier); rebuilds when that is cheaper than the flips. */
  update(mask: Uint8Array): void {
    let flips = 0, inliers = 0;
    for (let i = 0; i < this.n; i++) {
      if (mask[i] !== this.mask[i]) flips++;
      inliers += mask[i];
    }
    if (!this.ready || flips >= inliers) this.rebuild(mask);
    else if (flips > 0) {
      for (let i = 0; i < this.n; i++) if (mask[i] !== this.mask[i]) this.addOuter(i, mask[i] ? 1 : -1);
    }
    this.mask.set(mask);
  }

  /** Fresh sum, four inlier rows per pass over the triangle (a blocked rank-4 update). */
  private rebuild(mask: Uint8Array): void {
    const { x, p, q, s } = this;
    s.fill(0);
    const rows: number[] = [];
    for (let i = 0; i < this.n; i++) if (mask[i]) rows.push(i);
    let k = 0;
    for (; k + 3 < rows.length; k += 4) {
      const o0 = rows[k] * p, o1 = rows[k + 1] * p, o2 = rows[k + 2] * p, o3 = rows[k + 3] * p;
      for (let a = 0; a < p; a++) {
        const x0 = x[o0 + a], x1 = x[o1 + a], x2 = x[o2 + a], x3 = x[o3 + a];
        const row = a * q;
        for (let b = a; b < p; b++) s[row + b] += x0 * x[o0 + b] + x1 * x[o1 + b] + x2 * x[o2 + b] + x3 * x[o3 + b];
        if (this.intercept) s[row + p] += x0 + x1 + x2 + x3;
      }
      if (this.intercept) s[p * q + p] += 4;
    }
    for (; k < rows.length; k++) this.addOuter(rows[k], 1);
    this.ready = true;
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
