import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import {
  complexAdd,
  complexMatMul,
  complexMul,
  complexScale,
  complexSub,
  complexTensor,
  complexTranspose,
  conj,
  conjTranspose,
  createRng,
  dftMatrix,
  disposeComplex,
  fromComplex64,
  fromInterleaved,
  frobeniusNorm,
  isComplexTensor,
  modulus,
  toComplex64,
  toInterleaved,
  type ComplexTensor,
} from '../index.js';
import { describeBackends, expectClose, expectNoLeaks } from '../testing.js';

/** Float64 complex matrices, row-major, for reference computations. */
interface C64 {
  re: Float64Array;
  im: Float64Array;
  shape: number[];
}

function random64(seed: number, shape: number[]): C64 {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  // Rounded to float32 so the reference sees exactly the inputs the tensors hold.
  const round = (x: Float64Array) => x.map(Math.fround);
  return { re: round(rng.normalArray(size)), im: round(rng.normalArray(size)), shape };
}
const toTensor = (z: C64): ComplexTensor => ({
  re: tf.tensor(Float32Array.from(z.re), z.shape),
  im: tf.tensor(Float32Array.from(z.im), z.shape),
});

/** Runs `fn`, checks its result, and asserts it leaked nothing (expectNoLeaks disposes the result after). */
async function leakFree<T>(fn: () => T, check: (result: T) => void): Promise<void> {
  await expectNoLeaks(() => {
    const result = fn();
    check(result);
    return result;
  });
}
const realOf = (z: C64): C64 => ({ ...z, im: new Float64Array(z.re.length) });

/** Batched complex matmul in float64, batch dims broadcast as tf.matMul does (rank-3 × rank-2 or equal batches). */
function matmul64(a: C64, b: C64): C64 {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const batch = Math.max(a.shape.length > 2 ? a.shape[0] : 1, b.shape.length > 2 ? b.shape[0] : 1);
  const re = new Float64Array(batch * m * n);
  const im = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const oa = a.shape.length > 2 ? t * m * k : 0;
    const ob = b.shape.length > 2 ? t * k * n : 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sr = 0;
        let si = 0;
        for (let l = 0; l < k; l++) {
          const ar = a.re[oa + i * k + l],
            ai = a.im[oa + i * k + l],
            br = b.re[ob + l * n + j],
            bi = b.im[ob + l * n + j];
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        re[t * m * n + i * n + j] = sr;
        im[t * m * n + i * n + j] = si;
      }
  }
  return { re, im, shape: batch > 1 || a.shape.length > 2 ? [batch, m, n] : [m, n] };
}

/** float32-honest comparison: relative 1e-5 per entry plus 1e-5 of the largest entry (sums cancel). */
function expectComplexClose(actual: ComplexTensor, expected: C64, message: string): void {
  const scale = Math.max(...expected.re.map(Math.abs), ...expected.im.map(Math.abs), 1e-30);
  expect(actual.re.shape).toEqual(expected.shape);
  expectClose(actual.re, expected.re, { rtol: 1e-5, atol: 1e-5 * scale, message: `${message} (re)` });
  expectClose(actual.im, expected.im, { rtol: 1e-5, atol: 1e-5 * scale, message: `${message} (im)` });
}

function naiveDft64(x: C64, sign: number): C64 {
  const n = x.re.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let j = 0; j < n; j++)
    for (let k = 0; k < n; k++) {
      const angle = (sign * 2 * Math.PI * j * k) / n;
      re[j] += x.re[k] * Math.cos(angle) - x.im[k] * Math.sin(angle);
      im[j] += x.re[k] * Math.sin(angle) + x.im[k] * Math.cos(angle);
    }
  return { re, im, shape: [n, 1] };
}

describeBackends(['cpu', 'wasm'], 'ComplexTensor', (backend) => {
  it('round-trips interleaved data and rejects a wrong length', async () => {
    await leakFree(
      () => fromInterleaved([1, 2, 3, -4, 0, 0.5], [3]),
      (z) => expect(z.re.shape).toEqual([3]),
    );
    const again = fromInterleaved([1, 2, 3, -4, 0, 0.5], [3]);
    expect(Array.from(toInterleaved(again))).toEqual([1, 2, 3, -4, 0, 0.5]);
    expect(Array.from(again.im.dataSync())).toEqual([2, -4, 0.5]);
    disposeComplex(again);
    expect(() => fromInterleaved([1, 2, 3], [2])).toThrow(/^data: expected 4 interleaved values/);
    expect(() => complexTensor(tf.zeros([2]), tf.zeros([3]))).toThrow(/^im: expected shape \[2\]/);
    expect(isComplexTensor({ re: tf.zeros([1]), im: tf.zeros([1]) })).toBe(true);
    expect(isComplexTensor(tf.zeros([1]))).toBe(false);
  });

  it('add, sub, mul, scale, conj, modulus agree with float64 (with broadcasting and real operands)', async () => {
    const a64 = random64(1, [3, 4]);
    const b64 = random64(2, [4]);
    const a = toTensor(a64);
    const b = toTensor(b64);
    const ref = (f: (ar: number, ai: number, br: number, bi: number) => [number, number]) => {
      const re = new Float64Array(12);
      const im = new Float64Array(12);
      for (let i = 0; i < 12; i++) [re[i], im[i]] = f(a64.re[i], a64.im[i], b64.re[i % 4], b64.im[i % 4]);
      return { re, im, shape: [3, 4] };
    };
    await leakFree(
      () => complexAdd(a, b),
      (r) =>
        expectComplexClose(
          r,
          ref((ar, ai, br, bi) => [ar + br, ai + bi]),
          'add',
        ),
    );
    await leakFree(
      () => complexSub(a, b),
      (r) =>
        expectComplexClose(
          r,
          ref((ar, ai, br, bi) => [ar - br, ai - bi]),
          'sub',
        ),
    );
    await leakFree(
      () => complexMul(a, b),
      (r) =>
        expectComplexClose(
          r,
          ref((ar, ai, br, bi) => [ar * br - ai * bi, ar * bi + ai * br]),
          'mul',
        ),
    );
    await leakFree(
      () => complexMul(a, b.re),
      (r) =>
        expectComplexClose(
          r,
          ref((ar, ai, br) => [ar * br, ai * br]),
          'mul real',
        ),
    );
    await leakFree(
      () => complexSub(b.re, a),
      (r) =>
        expectComplexClose(
          r,
          ref((ar, ai, br) => [br - ar, -ai]),
          'real - complex',
        ),
    );
    await leakFree(
      () => complexScale(a, { re: 0.5, im: -2 }),
      (r) =>
        expectComplexClose(
          r,
          ref((ar, ai) => [0.5 * ar + 2 * ai, -2 * ar + 0.5 * ai]),
          'scale',
        ),
    );
    await leakFree(
      () => conj(a),
      (r) =>
        expectComplexClose(
          r,
          ref((ar, ai) => [ar, -ai]),
          'conj',
        ),
    );
    await leakFree(
      () => modulus(a),
      (r) =>
        expectClose(
          r,
          Array.from(a64.re, (v, i) => Math.hypot(v, a64.im[i])),
          { message: 'modulus' },
        ),
    );
    const norm = Math.sqrt(a64.re.reduce((s, r, i) => s + r * r + a64.im[i] ** 2, 0));
    await leakFree(
      () => frobeniusNorm(a),
      (r) => expectClose(r, norm, { message: 'frobenius' }),
    );
    expect(() => complexScale(a, Number.NaN)).toThrow(/^s: expected a finite number/);
    [a, b].forEach(disposeComplex);
  });

  it('modulus and Frobenius norm do not overflow on large float32 entries', () => {
    const z = fromInterleaved([3e20, 4e20, 0, 0, 5e-30, 12e-30], [3]);
    expectClose(modulus(z), [5e20, 0, 13e-30]);
    expectClose(frobeniusNorm(z), 5e20);
    disposeComplex(z);
  });

  it('matmul: real×complex, complex×real, complex×complex, batched, vs float64', async () => {
    const a64 = random64(3, [5, 7]);
    const b64 = random64(4, [7, 3]);
    const a = toTensor(a64);
    const b = toTensor(b64);
    await leakFree(
      () => complexMatMul(a, b),
      (r) => expectComplexClose(r, matmul64(a64, b64), 'complex×complex'),
    );
    await leakFree(
      () => complexMatMul(a.re, b),
      (r) => expectComplexClose(r, matmul64(realOf(a64), b64), 'real×complex'),
    );
    await leakFree(
      () => complexMatMul(a, b.re),
      (r) => expectComplexClose(r, matmul64(a64, realOf(b64)), 'complex×real'),
    );
    const batchA64 = random64(5, [2, 5, 7]);
    const batchB64 = random64(6, [2, 7, 3]);
    const batchA = toTensor(batchA64);
    const batchB = toTensor(batchB64);
    await leakFree(
      () => complexMatMul(batchA, batchB),
      (r) => expectComplexClose(r, matmul64(batchA64, batchB64), 'batched'),
    );
    await leakFree(
      () => complexMatMul(batchA, b),
      (r) => expectComplexClose(r, matmul64(batchA64, b64), 'batched × shared'),
    );
    await leakFree(
      () => complexMatMul(batchA.re, batchB),
      (r) => expectComplexClose(r, matmul64(realOf(batchA64), batchB64), 'batched real × complex'),
    );
    expect(() => complexMatMul(tf.zeros([3]), b)).toThrow(/^a: expected a tensor of rank >= 2/);
    expect(() => complexMatMul(a, a)).toThrow(/^b: expected 7 rows/);
    expect(() => complexMatMul(batchA, toTensor(random64(7, [3, 7, 3])))).toThrow(/^b: expected batch dimensions broadcastable/);
    [a, b, batchA, batchB].forEach(disposeComplex);
  });

  it('conjugate-transpose identities: (AB)^H = B^H A^H and (A^H)^H = A', async () => {
    const a = toTensor(random64(8, [2, 4, 6]));
    const b = toTensor(random64(9, [2, 6, 3]));
    await leakFree(
      () => tf.tidy(() => conjTranspose(complexMatMul(a, b))),
      (r) => expect(r.re.shape).toEqual([2, 3, 4]),
    );
    const lhs = tf.tidy(() => conjTranspose(complexMatMul(a, b)));
    const rhs = tf.tidy(() => complexMatMul(conjTranspose(b), conjTranspose(a)));
    expectClose(lhs.re, rhs.re, { rtol: 1e-5, atol: 1e-5 });
    expectClose(lhs.im, rhs.im, { rtol: 1e-5, atol: 1e-5 });
    const twice = tf.tidy(() => conjTranspose(conjTranspose(a)));
    expect(Array.from(toInterleaved(twice))).toEqual(Array.from(toInterleaved(a)));
    const t = complexTranspose(a);
    expect(t.re.shape).toEqual([2, 6, 4]);
    expect(t.im.arraySync()).toEqual(tf.tidy(() => tf.transpose(a.im, [0, 2, 1]).arraySync()));
    expect(() => conjTranspose(tf.zeros([3]))).toThrow(/^z: expected a tensor of rank >= 2/);
    [lhs, rhs, twice, t, a, b].forEach(disposeComplex);
  });

  it('DFT matrix times a vector equals a float64 naive DFT; DFT × inverse DFT = I', async () => {
    for (const n of [7, 16]) {
      const x64 = random64(10 + n, [n, 1]);
      const x = toTensor(x64);
      await leakFree(
        () => dftMatrix(n),
        (r) => expect(r.re.shape).toEqual([n, n]),
      );
      const f = dftMatrix(n);
      expectComplexClose(complexMatMul(f, x), naiveDft64(x64, -1), `fft n=${n}`);
      const ortho = dftMatrix(n, { norm: 'ortho' });
      const expected = naiveDft64(x64, -1);
      const s = 1 / Math.sqrt(n);
      expectComplexClose(
        complexMatMul(ortho, x),
        { re: expected.re.map((v) => v * s), im: expected.im.map((v) => v * s), shape: [n, 1] },
        `ortho n=${n}`,
      );
      for (const norm of ['backward', 'ortho', 'forward'] as const) {
        const product = tf.tidy(() => complexMatMul(dftMatrix(n, { norm }), dftMatrix(n, { norm, inverse: true })));
        expectClose(
          product.re,
          tf.tidy(() => tf.eye(n)),
          { atol: 2e-6, message: `${norm} re` },
        );
        expectClose(product.im, tf.zeros([n, n]), { atol: 2e-6, message: `${norm} im` });
        disposeComplex(product);
      }
      [x, f, ortho].forEach(disposeComplex);
    }
    expect(() => dftMatrix(0)).toThrow(/^n: expected an integer >= 1/);
    expect(() => dftMatrix(4, { norm: 'unitary' as never })).toThrow(/^norm/);
  });

  it(`complex64 interop is ${backend === 'cpu' ? 'supported' : "a Left with code 'unsupported'"}`, async () => {
    const z = fromInterleaved([1, 2, 3, 4], [2]);
    if (backend === 'cpu') {
      const packed = toComplex64(z);
      expect(E.isRight(packed)).toBe(true);
      if (E.isRight(packed)) {
        expect(packed.right.dtype).toBe('complex64');
        await leakFree(
          () => fromComplex64(packed.right),
          (back) => expect(E.isRight(back) && Array.from(toInterleaved(back.right))).toEqual([1, 2, 3, 4]),
        );
        packed.right.dispose();
      }
    } else {
      const packed = toComplex64(z);
      expect(E.isLeft(packed) && packed.left.code).toBe('unsupported');
      expect(E.isLeft(packed) && packed.left.message).toMatch(/^backend: expected a backend with complex64 kernels .* got "wasm"/);
    }
    expect(() => fromComplex64(tf.zeros([2]))).toThrow(/^t: expected a complex64 tensor/);
    disposeComplex(z);
  });
});
