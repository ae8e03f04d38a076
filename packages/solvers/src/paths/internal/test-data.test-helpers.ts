/**
 * Seeded float64 test data for the path, PALM and Lagrangian tests (test-only: excluded from
 * the build by its `.test-helpers.ts` name, type-checked by tsconfig.test.json).
 */
import { createRng } from '@sparsekit/tensor';

/** A seeded generator of uniform and normal numbers. */
export interface TestRng {
  uniform(): number;
  normal(): number;
  normals(count: number): number[];
}

/** Draws from @sparsekit/tensor's seeded generator, one at a time. */
export function testRng(seed: number): TestRng {
  const rng = createRng(seed);
  const uniform = (): number => rng.uniformArray(1)[0];
  const normal = (): number => rng.normalArray(1)[0];
  return { uniform, normal, normals: (count) => Array.from(rng.normalArray(count)) };
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
