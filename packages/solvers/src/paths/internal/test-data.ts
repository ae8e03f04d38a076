/**
 * Seeded float64 test data for the path, PALM and Lagrangian tests (mulberry32 + Box–Muller).
 * Kept private: the public seeded RNG lives in @sparsekit/tensor.
 */

/** A seeded generator of uniform and normal numbers. */
export interface TestRng {
  uniform(): number;
  normal(): number;
  normals(count: number): number[];
}

/** mulberry32: tiny, fast and good enough for test fixtures. */
export function testRng(seed: number): TestRng {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = Math.max(uniform(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal, normals: (count) => Array.from({ length: count }, normal) };
}

/** An n×p Gaussian matrix as nested arrays. */
export function gaussianMatrix(rng: TestRng, n: number, p: number): number[][] {
  return Array.from({ length: n }, () => rng.normals(p));
}

/** √n·Q with Q an n×p matrix of orthonormal columns (so XᵀX = n·I), by modified Gram–Schmidt. */
export function orthogonalDesign(rng: TestRng, n: number, p: number): number[][] {
  const cols = Array.from({ length: p }, () => rng.normals(n));
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) {
      const d = cols[j].reduce((s, v, i) => s + v * cols[k][i], 0);
      cols[j] = cols[j].map((v, i) => v - (d / n) * cols[k][i]); // cols[k] has norm² n
    }
    const norm = Math.hypot(...cols[j]);
    cols[j] = cols[j].map((v) => (v / norm) * Math.sqrt(n));
  }
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
}
