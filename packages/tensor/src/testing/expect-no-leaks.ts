import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` and asserts it leaves no tensors behind. Fresh tensors that `fn` returns (directly,
 * in arrays, or as object fields such as `{ re, im }` or `{ x }`) are the caller's and are not
 * counted as leaks; they are disposed after the check. Works with sync and async functions.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { expectNoLeaks } from '@sparsekit/tensor/testing';
 * const x = tf.ones([3]);
 * await expectNoLeaks(() => x.mul(2)); // the returned tensor is not a leak
 * x.dispose();
 * ```
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>, label = 'function'): Promise<T> {
  const probe = tf.scalar(0);
  const firstFreshId = probe.id + 1;
  probe.dispose();
  const before = tf.memory().numTensors;
  const result = await fn();
  const fresh = new Set<tf.Tensor>();
  collectTensors(result, (t) => {
    if (t.id >= firstFreshId && !t.isDisposed) fresh.add(t);
  });
  const leaked = tf.memory().numTensors - before - fresh.size;
  for (const t of fresh) t.dispose();
  if (leaked !== 0) {
    throw new Error(
      `${label} ${leaked > 0 ? 'leaked' : 'disposed'} ${Math.abs(leaked)} tensor(s) ${leaked > 0 ? '' : 'it did not own '}(numTensors ${before} before, ${before + leaked} after, not counting ${fresh.size} returned)`,
    );
  }
  return result;
}

function collectTensors(value: unknown, visit: (t: tf.Tensor) => void, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if (value instanceof tf.Tensor) {
    visit(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, visit, depth + 1);
    return;
  }
  for (const v of Object.values(value as Record<string, unknown>)) collectTensors(v, visit, depth + 1);
}
