/**
 * Seeded minibatches of constant size without replacement within an epoch: each epoch is a
 * fresh permutation cut into ⌈n/B⌉ batches; when B does not divide n, the last batch is
 * completed with the epoch's first indices, so no batch repeats an index (the dual-memory
 * scatter assumes distinct indices). Permutations come from @sparsekit/tensor's seeded `createRng`.
 */
import { createRng } from '@sparsekit/tensor';

export interface BatchSampler {
  /** Indices of the next batch (length B, distinct). */
  next(): Int32Array;
  /** Completed epochs (every index visited at least once per epoch). */
  readonly epochs: number;
  readonly batchesPerEpoch: number;
}

export function batchSampler(n: number, batchSize: number, seed: number): BatchSampler {
  const rng = createRng(seed);
  let perm: number[] = [];
  const batchesPerEpoch = Math.ceil(n / batchSize);
  let position = batchesPerEpoch; // forces a shuffle on the first call
  let epochs = -1;
  return {
    next() {
      if (position === batchesPerEpoch) {
        perm = rng.permutationArray(n);
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
