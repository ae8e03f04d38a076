import { expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { describeBackends } from '@sparsekit/tensor/testing';
import { palm4msa } from './palm4msa.js';
import { palm4msaWhtOptions } from './presets.js';
import { dispose, hadamard64, read, relError, toTensor } from '../faust/internal/reference.test-helpers.js';

describeBackends(['cpu', 'wasm'], 'palm4msaWhtOptions', () => {
  it('recovers Hadamard-16 with skperm(2) factors (pyfaust ParamsPalm4msaWHT)', () => {
    const ref = hadamard64(16, false);
    const A = toTensor(ref, false);
    const res = palm4msa(A, palm4msaWhtOptions(16));
    if (!isRight(res)) throw res.left;
    const d = res.right.faust.toDense();
    expect(relError(read(d, 16, 16), ref)).toBeLessThan(1e-6); // measured 6e-8 (cpu), 1.2e-7 (wasm)
    expect(res.right.faust.nnzSum()).toBe(4 * 32);
    [A, d].forEach(dispose);
    expect(() => palm4msaWhtOptions(12)).toThrow(/power of two/);
  });
});
