import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends } from '@sparsekit/tensor/testing';
import type { HostMatrix } from '../types.js';
import { skperm, sp, spcol, splin, splincol, supp } from '../faust.js';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { randomMatrix, seededUniform, type Mat } from './internal/reference-f64.js';

const host = (M: Mat, im?: Mat): HostMatrix => ({
  rows: M.length,
  cols: M[0].length,
  re: Float64Array.from(M.flat()),
  im: im === undefined ? null : Float64Array.from(im.flat()),
});

/** projectHost against the tensor projection of the same float32 matrix (the tensor side is tested against its own oracles). */
function expectSameAsTensor(p: FaustProjector, M: Mat, im?: Mat): void {
  const out = p.projectHost!(host(M, im));
  const input = im === undefined ? null : { re: tf.tensor2d(M), im: tf.tensor2d(im) };
  const real = input === null ? tf.tensor2d(M) : null;
  const outT = input === null ? { re: p.project(real!), im: null } : p.projectComplex(input);
  const [re, imag] = [outT.re.dataSync(), outT.im === null ? null : outT.im.dataSync()];
  tf.dispose([
    outT.re,
    ...(outT.im === null ? [] : [outT.im]),
    ...(real === null ? [] : [real]),
    ...(input === null ? [] : [input.re, input.im]),
  ]);
  expect(out.im === null).toBe(im === undefined);
  for (let i = 0; i < re.length; i++) {
    expect(out.re[i]).toBeCloseTo(re[i], 6);
    if (imag !== null) expect(out.im![i]).toBeCloseTo(imag[i], 6);
  }
}

const square = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i + j) % 3));
const projectors = (flags: FaustFlags): [string, FaustProjector][] => [
  ['sp', sp(5, flags)],
  ['splin', splin(2, flags)],
  ['spcol', spcol(3, flags)],
  ['splincol', splincol(2, flags)],
  ['skperm', skperm(2, flags)],
  ['supp', supp(square(6), flags)],
];

describeBackends(['cpu', 'wasm'], 'projectHost of the FAμST projectors', () => {
  it('equals the tensor projection on random real and complex matrices, with every flag', () => {
    const uniform = seededUniform(5);
    for (const flags of [{}, { normalized: false }, { pos: true }, { pos: true, normalized: false }]) {
      for (const [, p] of projectors(flags)) {
        expectSameAsTensor(p, randomMatrix(6, 6, uniform));
        expectSameAsTensor(p, randomMatrix(6, 6, uniform), randomMatrix(6, 6, uniform));
      }
    }
  });

  it('breaks ties by the lowest index, as the tensor top-k does (integer matrices full of ties)', () => {
    const ties = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => ((i * 7 + j * 3) % 4) - 1));
    for (const [, p] of projectors({})) expectSameAsTensor(p, ties);
    expectSameAsTensor(
      splincol(3),
      square(6).map((r) => r.map(() => 1)),
    );
  });

  it('falls back to the one-hot at the largest entry for a zero result, within the support for supp', () => {
    const negative = square(6).map((r) => r.map((v) => -1 - v));
    for (const [, p] of projectors({ pos: true })) expectSameAsTensor(p, negative);
    const zero = square(6).map((r) => r.map(() => 0));
    const out = supp(square(6)).projectHost!(host(zero));
    expect(Array.from(out.re).indexOf(1)).toBe(1); // the first entry of the support, row-major
  });

  it('gives NaN for non-finite input and throws on a bad shape, like project', () => {
    const M = randomMatrix(6, 6, seededUniform(2));
    M[2][3] = NaN;
    expect(Array.from(splin(2).projectHost!(host(M)).re).every(Number.isNaN)).toBe(true);
    expect(() => skperm(2).projectHost!(host(randomMatrix(3, 4, seededUniform(1))))).toThrow(/square/);
    expect(() => supp(square(6)).projectHost!(host(randomMatrix(5, 6, seededUniform(1))))).toThrow();
  });
});
