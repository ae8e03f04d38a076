/**
 * A small seeded generator for benchmark data (mulberry32 + Box–Muller): same seed, same data,
 * on every machine, without depending on tfjs's backend-specific random kernels.
 */

/** Uniform floats in [0, 1) from a 32-bit seed. */
export function uniformStream(seed: number): () => number {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` standard normal draws, rounded to float32 (the data the solvers will see). */
export function gaussianArray(seed: number, count: number): Float32Array {
  const u = uniformStream(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    out[i] = r * Math.cos(theta);
    if (i + 1 < count) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}
