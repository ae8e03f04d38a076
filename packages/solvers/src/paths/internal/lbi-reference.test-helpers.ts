/**
 * Float64 plain-JS transcription of Libra's LB iteration (jump start, z-step, shrinkage, grid
 * interpolation of z followed by shrinkage), used as the reference that the float32 tfjs implementation is tested
 * against. Deliberately naive: nested loops, no tensors.
 */
export type RefLoss = 'squared' | 'logistic' | 'multinomial';

export interface RefInput {
  loss: RefLoss;
  /** Standardised design, rows. */
  x: number[][];
  /** Targets [n][K]. */
  y: number[][];
  kappa: number;
  alpha: number;
  alpha0Rate: number;
  a0: number[];
  intercept: boolean;
  /** Group label per variable, or undefined for entrywise shrinkage. */
  groups?: number[];
  t: (t0: number) => number[];
}

function resid(loss: RefLoss, eta: number[], y: number[]): number[] {
  if (loss === 'squared') return eta.map((e, c) => e - y[c]);
  if (loss === 'logistic') return [-y[0] / (1 + Math.exp(y[0] * eta[0]))];
  const m = Math.max(...eta);
  const ex = eta.map((e) => Math.exp(e - m));
  const s = ex.reduce((u, v) => u + v, 0);
  return ex.map((e, c) => e / s - y[c]);
}

function grad(inp: RefInput, beta: number[][], a: number[]): { g: number[][]; ga: number[] } {
  const p = beta.length;
  const k = a.length;
  const g = beta.map(() => new Array<number>(k).fill(0));
  const ga = new Array<number>(k).fill(0);
  inp.x.forEach((row, i) => {
    const eta = a.map((av, c) => av + row.reduce((s, v, j) => s + v * beta[j][c], 0));
    const r = resid(inp.loss, eta, inp.y[i]);
    for (let j = 0; j < p; j++) for (let c = 0; c < k; c++) g[j][c] += row[j] * r[c];
    r.forEach((v, c) => {
      ga[c] += v;
    });
  });
  return { g, ga };
}

function shrink(z: number[][], groups?: number[]): number[][] {
  if (!groups) return z.map((r) => r.map((v) => Math.sign(v) * Math.max(Math.abs(v) - 1, 0)));
  const norms = new Map<number, number>();
  z.forEach((r, j) => norms.set(groups[j], (norms.get(groups[j]) ?? 0) + r.reduce((s, v) => s + v * v, 0)));
  return z.map((r, j) => {
    const nrm = Math.sqrt(norms.get(groups[j])!);
    return r.map((v) => (nrm < 1 ? 0 : v * (1 - 1 / nrm)));
  });
}

function groupMax(g: number[][], groups?: number[]): number {
  if (!groups) return Math.max(...g.flat().map(Math.abs));
  const norms = new Map<number, number>();
  g.forEach((r, j) => norms.set(groups[j], (norms.get(groups[j]) ?? 0) + r.reduce((s, v) => s + v * v, 0)));
  return Math.sqrt(Math.max(...norms.values()));
}

/** Returns t grid, t0 and the standardised-scale path (beta [nt][p][K], intercept [nt][K]). */
export function lbiReference(inp: RefInput): { t: number[]; t0: number; beta: number[][][]; a: number[][] } {
  const n = inp.x.length;
  const p = inp.x[0].length;
  const k = inp.y[0].length;
  let beta = Array.from({ length: p }, () => new Array<number>(k).fill(0));
  let a = inp.intercept ? [...inp.a0] : new Array<number>(k).fill(0);
  let za = a.map((v) => v / (inp.kappa * inp.alpha0Rate));
  const first = grad(inp, beta, a);
  const t0 = n / groupMax(first.g, inp.groups);
  let z = first.g.map((r) => r.map((v) => (-t0 / n) * v));
  if (inp.intercept) za = za.map((v, c) => v - (t0 / n) * first.ga[c]);
  const t = inp.t(t0);
  const outB: number[][][] = [];
  const outA: number[][] = [];
  let kk = 0;
  while (kk < t.length && t[kk] <= t0) {
    outB.push(beta.map((r) => [...r]));
    outA.push([...a]);
    kk++;
  }
  // Libra (src/LBLasso.c, LBlogistic.c) interpolates z between iterates and then shrinks.
  let oldZ = z.map((r) => [...r]);
  let oldZa = [...za];
  const maxIter = (t[t.length - 1] - t0) / inp.alpha + 1;
  for (let iter = 0; iter < maxIter && kk < t.length; iter++) {
    const { g, ga } = grad(inp, beta, a);
    z = z.map((r, j) => r.map((v, c) => v - (inp.alpha / n) * g[j][c]));
    if (inp.intercept) za = za.map((v, c) => v - (inp.alpha / n) * ga[c]);
    beta = shrink(z, inp.groups).map((r) => r.map((v) => inp.kappa * v));
    a = za.map((v) => inp.kappa * inp.alpha0Rate * v);
    while (kk < t.length && iter * inp.alpha >= t[kk] - t0) {
      const cOld = iter - (t[kk] - t0) / inp.alpha;
      const cNew = 1 - cOld;
      const zt = z.map((r, j) => r.map((v, c) => cNew * v + cOld * oldZ[j][c]));
      outB.push(shrink(zt, inp.groups).map((r) => r.map((v) => inp.kappa * v)));
      outA.push(za.map((v, c) => inp.kappa * inp.alpha0Rate * (cNew * v + cOld * oldZa[c])));
      kk++;
    }
    oldZ = z.map((r) => [...r]);
    oldZa = [...za];
  }
  return { t, t0, beta: outB, a: outA };
}
