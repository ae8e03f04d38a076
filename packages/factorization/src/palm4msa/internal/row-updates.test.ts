import { expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { applyRowUpdates, type RowUpdates } from './row-updates.js';

/** The same list applied by the plain loop (the oracle: same float64 operations in the same order). */
function reference(u: RowUpdates, b: Float64Array, n: number, cRows: number): Float64Array {
  const c = new Float64Array(cRows * n);
  for (let t = 0; t < u.count; t++) for (let j = 0; j < n; j++) c[u.dst[t] * n + j] += u.val[t] * b[u.src[t] * n + j];
  return c;
}

it('gives bit-identical rows in the SIMD kernel (even and odd row lengths, repeated rows, memory growth)', () => {
  const rng = createRng(5);
  for (const [bRows, cRows, n, count] of [
    [300, 200, 256, 4000],
    [64, 80, 129, 3000],
    [10, 10, 7, 4], // below the kernel's threshold: the JavaScript loop
    [1200, 900, 1024, 600],
  ]) {
    const pick = (m: number) => Int32Array.from(rng.uniformArray(count), (v) => Math.floor(v * m));
    const u = { dst: pick(cRows), src: pick(bRows), val: Float64Array.from(rng.normalArray(count)), count };
    const b = Float64Array.from(rng.normalArray(bRows * n));
    const c = new Float64Array(cRows * n);
    applyRowUpdates(u, b, bRows, n, c, cRows);
    const ref = reference(u, b, n, cRows);
    let mismatches = 0;
    for (let i = 0; i < ref.length; i++) if (!Object.is(c[i], ref[i])) mismatches++;
    expect(mismatches).toBe(0);
  }
});
