/**
 * Reverse-engineers the FFT and the fast Walsh–Hadamard transform from their dense matrices:
 * butterfly factorization (with the bit-reversal permutation for the DFT), then the recovered
 * Faust is applied to a batch and timed against the dense matmul.
 */
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { butterfly, dft, wht, type Faust } from '@sparsekit/factorization';
import { complexMatMul, createRng, type ComplexTensor } from '@sparsekit/tensor';

export interface Recovery {
  readonly name: 'dft' | 'hadamard';
  readonly N: number;
  readonly faust: Faust;
  /** ‖F − A‖_F/‖A‖_F reported by the factorization. */
  readonly relError: number;
  readonly factorizeMs: number;
  readonly rcg: number;
  /** Median times of applying to a batch: the Faust and the dense matmul (same backend). */
  readonly applyMs: number;
  readonly denseMs: number;
}

const dispose = (x: tf.Tensor | ComplexTensor) => (x instanceof tf.Tensor ? x.dispose() : tf.dispose([x.re, x.im]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeIt(run: () => tf.Tensor | ComplexTensor, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    const y = run();
    (y instanceof tf.Tensor ? y : y.re).dataSync();
    dispose(y);
    if (r > 0) times.push(performance.now() - t0); // the first call warms up
  }
  return median(times);
}

export function recover(name: 'dft' | 'hadamard', N: number, options: { batch?: number; reps?: number; seed?: number } = {}): Recovery {
  const A = (name === 'dft' ? dft(N, { normed: false }) : wht(N, { normed: false })).toDense();
  const t0 = performance.now();
  const res = butterfly(A, { permutation: name === 'dft' ? 'bitrev' : 'none' });
  const factorizeMs = performance.now() - t0;
  if (!isRight(res)) throw res.left;
  const { faust, relError } = res.right;
  const batch = options.batch ?? 128;
  const x = tf.tensor2d(Float32Array.from(createRng(options.seed ?? 0).normalArray(N * batch)), [N, batch]);
  const reps = options.reps ?? 7;
  const applyMs = timeIt(() => faust.apply(x), reps);
  const denseMs = timeIt(() => (A instanceof tf.Tensor ? tf.matMul(A, x) : complexMatMul(A, x)), reps);
  x.dispose();
  dispose(A);
  return { name, N, faust, relError, factorizeMs, rcg: faust.rcg(), applyMs, denseMs };
}
