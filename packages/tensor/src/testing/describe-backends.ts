import { beforeAll, describe } from 'vitest';
import { useBackendOrThrow, type BackendName } from '../backend/use-backend.js';

/**
 * Declares the same suite once per backend; each copy switches the tfjs backend before its
 * tests run. Backend switches are global, so suites in one file run one after the other.
 *
 * @example
 * ```ts
 * // add.test.ts
 * import { it, expect } from 'vitest';
 * import * as tf from '@tensorflow/tfjs';
 * import { describeBackends } from '@sparsekit/tensor/testing';
 * describeBackends(['cpu', 'wasm'], 'add', (backend) => {
 *   it('adds', () => expect(tf.add(1, 2).arraySync()).toBe(3));
 * });
 * ```
 */
export function describeBackends(backends: readonly BackendName[], name: string, body: (backend: BackendName) => void): void {
  for (const backend of backends) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        await useBackendOrThrow(backend);
      });
      body(backend);
    });
  }
}
