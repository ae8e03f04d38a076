/**
 * Seeded minibatches of constant size without replacement within an epoch: each epoch is a
 * fresh permutation cut into ⌈n/B⌉ batches; when B does not divide n, the last batch is
 * completed with the epoch's first indices, so no batch repeats an index (the dual-memory
 * scatter assumes distinct indices).
 */

/** mulberry32: a small, fast, well-mixed 32-bit PRNG (seeded, reproducible). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BatchSampler {
  /** Indices of the next batch (length B, distinct). */
  next(): Int32Array;
  /** Completed epochs (every index visited at least once per epoch). */
  readonly epochs: number;
  readonly batchesPerEpoch: number;
}

export function batchSampler(n: number, batchSize: number, seed: number): BatchSampler {
  const random = mulberry32(seed);
  const perm = new Int32Array(n);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  let position = batchesPerEpoch; // forces a shuffle on the first call
  let epochs = -1;
  const shuffle = (): void => {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
  };
  return {
    next() {
      if (position === batchesPerEpoch) {
        shuffle();
        position = 0;
        epochs++;
      }
      const start = position * batchSize;
      position++;
      const out = new Int32Array(batchSize);
      for (let k = 0; k < batchSize; k++) out[k] = perm[(start + k) % n];
      return out;
    },
    get epochs() {
      return position === batchesPerEpoch ? epochs + 1 : epochs;
    },
    batchesPerEpoch,
  };
}
