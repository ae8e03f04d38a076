import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { thrownArgument } from '../testing.js';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { sp, spcol, splin, splincol } from '../faust.js';
import {
  allMasks,
  bestKeptEnergy,
  colCounts,
  frob,
  randomMatrix,
  refSp,
  refSpcol,
  refSplin,
  refSplincol,
  rowCounts,
  seededUniform,
  type Mat,
  type RefFlags,
} from './internal/reference-f64.js';

const t2 = (M: Mat): tf.Tensor2D => tf.tensor2d(M);
const run = (f: (x: tf.Tensor) => tf.Tensor, M: Mat): Mat => tf.tidy(() => f(t2(M)).arraySync() as Mat);

const cases = [
  { name: 'sp', make: sp, ref: refSp, kMax: ([m, n]: number[]) => m * n },
  { name: 'splin', make: splin, ref: refSplin, kMax: ([, n]: number[]) => n },
  { name: 'spcol', make: spcol, ref: refSpcol, kMax: ([m]: number[]) => m },
  { name: 'splincol', make: splincol, ref: refSplincol, kMax: ([m, n]: number[]) => Math.min(m, n) },
] as const;

const flagSets: RefFlags[] = [
  { normalized: false },
  { normalized: true },
  { normalized: false, pos: true },
  { normalized: true, pos: true },
];

// pyfaust docstring matrix (numpy seed 42, rounded) and its documented outputs (k = 3, normalized=False).
const M42: Mat = [
  [0.37, 0.95, 0.73, 0.6, 0.16],
  [0.16, 0.06, 0.87, 0.6, 0.71],
  [0.02, 0.97, 0.83, 0.21, 0.18],
  [0.18, 0.3, 0.52, 0.43, 0.29],
  [0.61, 0.14, 0.29, 0.37, 0.46],
];

describeBackends(['cpu', 'wasm'], 'sparsity projectors', () => {
  it('match the pyfaust docstring examples', () => {
    expectClose(
      run((x) => sp(3, { normalized: false }).project(x), M42),
      [
        [0, 0.95, 0, 0, 0],
        [0, 0, 0.87, 0, 0],
        [0, 0.97, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
    );
    expectClose(
      run((x) => splin(3, { normalized: false }).project(x), M42),
      [
        [0, 0.95, 0.73, 0.6, 0],
        [0, 0, 0.87, 0.6, 0.71],
        [0, 0.97, 0.83, 0.21, 0],
        [0, 0.3, 0.52, 0.43, 0],
        [0.61, 0, 0, 0.37, 0.46],
      ],
    );
    expectClose(
      run((x) => spcol(3, { normalized: false }).project(x), M42),
      [
        [0.37, 0.95, 0.73, 0.6, 0],
        [0, 0, 0.87, 0.6, 0.71],
        [0, 0.97, 0.83, 0, 0],
        [0.18, 0.3, 0, 0.43, 0.29],
        [0.61, 0, 0, 0, 0.46],
      ],
    );
    expectClose(
      run((x) => splincol(3, { normalized: false }).project(x), M42),
      [
        [0.37, 0.95, 0.73, 0.6, 0],
        [0, 0, 0.87, 0.6, 0.71],
        [0, 0.97, 0.83, 0.21, 0],
        [0.18, 0.3, 0.52, 0.43, 0.29],
        [0.61, 0, 0, 0.37, 0.46],
      ],
    );
  });

  for (const c of cases) {
    describe(c.name, () => {
      it('matches the float64 reference on random, tied, zero, all-equal and negative matrices', () => {
        const u = seededUniform(7);
        const tied = (m: number, n: number): Mat => randomMatrix(m, n, u).map((r) => r.map((v) => Math.round(v * 2)));
        for (const [m, n] of [
          [3, 4],
          [4, 3],
          [1, 5],
          [5, 1],
          [6, 6],
        ]) {
          const mats: Mat[] = [
            randomMatrix(m, n, u, 3),
            tied(m, n),
            randomMatrix(m, n, u).map((r) => r.map(() => 0)),
            randomMatrix(m, n, u).map((r) => r.map(() => -1.5)),
            randomMatrix(m, n, u).map((r) => r.map((v) => -Math.abs(v))),
          ];
          for (let k = 1; k <= c.kMax([m, n]); k++) {
            for (const f of flagSets) {
              for (const M of mats) {
                const got = run((x) => c.make(k, f).project(x), M);
                expectClose(got, c.ref(k, f)(M), {
                  rtol: 1e-6,
                  atol: 1e-7,
                  message: `${c.name}(${k}, ${JSON.stringify(f)}) on ${JSON.stringify(M)}`,
                });
              }
            }
          }
        }
      });

      it('breaks ties by lowest index', () => {
        const ones: Mat = [
          [1, 1, 1],
          [1, 1, 1],
          [1, 1, 1],
        ];
        const got = run((x) => c.make(1, { normalized: false }).project(x), ones);
        const expected: Record<string, Mat> = {
          sp: [
            [1, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
          splin: [
            [1, 0, 0],
            [1, 0, 0],
            [1, 0, 0],
          ],
          spcol: [
            [1, 1, 1],
            [0, 0, 0],
            [0, 0, 0],
          ],
          splincol: [
            [1, 1, 1],
            [1, 0, 0],
            [1, 0, 0],
          ],
        };
        expect(got).toEqual(expected[c.name]);
        // Signs do not matter, magnitudes do: |−2| ties with |2| and the first one wins.
        expect(
          run(
            (x) => c.make(1, { normalized: false }).project(x),
            [
              [-2, 2],
              [2, -2],
            ],
          )[0][0],
        ).toBe(-2);
      });

      it('is idempotent and preserves the input', () => {
        const u = seededUniform(11);
        for (const f of flagSets) {
          const M = randomMatrix(4, 5, u, 2);
          const proj = c.make(2, f);
          const once = run((x) => proj.project(x), M);
          expectClose(
            run((x) => proj.project(x), once),
            once,
            { rtol: 1e-6, atol: 1e-7 },
          );
          expect(proj.isFeasible(t2(once))).toBe(true);
          expect(proj.value(t2(once)).arraySync()).toBe(0);
        }
        const x = t2([
          [3, 1],
          [2, 4],
        ]);
        c.make(1).project(x).dispose();
        expect(x.arraySync()).toEqual([
          [3, 1],
          [2, 4],
        ]);
        x.dispose();
      });

      it('normalized: unit Frobenius norm; zero input gives a unit one-hot, never NaN', () => {
        const p = run(
          (x) => c.make(2).project(x),
          [
            [3, -4, 1],
            [0, 2, 2],
            [1, 1, 5],
          ],
        );
        expect(frob(p)).toBeCloseTo(1, 6);
        expect(
          run(
            (x) => c.make(2).project(x),
            [
              [0, 0, 0],
              [0, 0, 0],
            ],
          ),
        ).toEqual([
          [1, 0, 0],
          [0, 0, 0],
        ]);
        // pos with no positive entry: the nearest nonnegative unit point is the one-hot at the largest entry.
        expect(
          run(
            (x) => c.make(2, { pos: true }).project(x),
            [
              [-3, -1, -2],
              [-5, -1, -4],
            ],
          ),
        ).toEqual([
          [0, 1, 0],
          [0, 0, 0],
        ]);
      });

      it('selects complex entries by modulus and keeps re and im together', () => {
        const u = seededUniform(5);
        const re = randomMatrix(3, 4, u, 2);
        const im = randomMatrix(3, 4, u, 2);
        const mod = re.map((r, i) => r.map((v, j) => Math.hypot(v, im[i][j])));
        // The reference on the modulus gives the kept positions.
        const keep = c
          .ref(2, { normalized: false })(mod)
          .map((r) => r.map((v) => v !== 0));
        const out = tf.tidy(() => {
          const z = c.make(2, { normalized: false }).projectComplex({ re: t2(re), im: t2(im) });
          return [z.re.arraySync(), z.im.arraySync()] as Mat[];
        });
        expectClose(
          out[0],
          re.map((r, i) => r.map((v, j) => (keep[i][j] ? v : 0))),
        );
        expectClose(
          out[1],
          im.map((r, i) => r.map((v, j) => (keep[i][j] ? v : 0))),
        );
        const zn = tf.tidy(() => {
          const z = c.make(2).projectComplex({ re: t2(re), im: t2(im) });
          return frob([...(z.re.arraySync() as Mat), ...(z.im.arraySync() as Mat)]);
        });
        expect(zn).toBeCloseTo(1, 6);
      });

      it('leaks no tensors', async () => {
        const x = t2([
          [1, -2, 3],
          [0, 5, -1],
        ]);
        const z = {
          re: t2([
            [1, 0, 2],
            [3, 1, 1],
          ]),
          im: t2([
            [0, 1, 2],
            [1, 1, 0],
          ]),
        };
        for (const f of flagSets) {
          const proj = c.make(2 > c.kMax([2, 3]) ? 1 : 2, f);
          await expectNoLeaks(() => proj.project(x), `${c.name}.project`);
          await expectNoLeaks(() => proj.prox(x, 0.5), `${c.name}.prox`);
          await expectNoLeaks(() => proj.projectComplex(z), `${c.name}.projectComplex`);
          await expectNoLeaks(() => proj.value(x), `${c.name}.value`);
          await expectNoLeaks(() => proj.isFeasible(x), `${c.name}.isFeasible`);
        }
        tf.dispose([x, z.re, z.im]);
      });

      it('rejects bad parameters and inputs with SparsekitError naming the argument', () => {
        for (const bad of [0, -1, 1.5, NaN, Infinity]) expect(thrownArgument(() => c.make(bad))).toBe('k');
        expect(thrownArgument(() => c.make(1, { normalized: 'yes' as unknown as boolean }))).toBe('options.normalized');
        expect(thrownArgument(() => c.make(c.kMax([2, 3]) + 1).project(tf.ones([2, 3])))).toBe('k');
        expect(thrownArgument(() => c.make(1).project(tf.ones([6])))).toBe('x');
        for (const bad of [NaN, Infinity])
          expect(
            Array.from(
              c
                .make(1)
                .project(tf.tensor2d([[1, bad]]))
                .dataSync(),
            ).every(Number.isNaN),
          ).toBe(true);
        expect(thrownArgument(() => c.make(1).projectComplex({ re: tf.ones([2, 2]), im: tf.ones([2, 3]) }))).toBe('z.im');
        expect(thrownArgument(() => c.make(1).project({ re: tf.ones([2, 2]), im: tf.ones([2, 2]) } as unknown as tf.Tensor))).toBe('x');
      });
    });
  }

  describe('nearest point (brute force over every support)', () => {
    const u = seededUniform(3);
    const sets = [
      { name: 'sp', make: sp, ok: (k: number) => (mask: boolean[][]) => rowCounts(mask).reduce((a, b) => a + b, 0) === k },
      { name: 'splin', make: splin, ok: (k: number) => (mask: boolean[][]) => rowCounts(mask).every((c) => c === k) },
      { name: 'spcol', make: spcol, ok: (k: number) => (mask: boolean[][]) => colCounts(mask).every((c) => c === k) },
    ];
    for (const s of sets) {
      it(`${s.name}: ‖M − P(M)‖ equals the smallest distance over all supports (3×4)`, () => {
        for (let trial = 0; trial < 4; trial++) {
          const M = trial === 3 ? randomMatrix(3, 4, u).map((r) => r.map((v) => Math.sign(v))) : randomMatrix(3, 4, u, 3);
          for (const k of [1, 2, 3]) {
            const best = bestKeptEnergy(M, allMasks(3, 4, s.ok(k)));
            const P = run((x) => s.make(k, { normalized: false }).project(x), M);
            const dist2 = M.flat().reduce((a, v, i) => a + (v - P.flat()[i]) ** 2, 0);
            const total = M.flat().reduce((a, v) => a + v * v, 0);
            expect(dist2).toBeCloseTo(total - best, 5);
          }
        }
      });
    }
  });
});

describe('FAμST projectors reject unknown option keys', () => {
  it('names the misspelt key instead of silently using the default', async () => {
    const { normcol, normlin, circ, toeplitz, hankel, blockdiag, constant, skperm, supp } = await import('../faust.js');
    const makers: [string, (o: object) => unknown][] = [
      ['sp', (o) => sp(1, o)],
      ['spcol', (o) => spcol(1, o)],
      ['splin', (o) => splin(1, o)],
      ['splincol', (o) => splincol(1, o)],
      ['skperm', (o) => skperm(1, o)],
      ['normcol', (o) => normcol(1, o)],
      ['normlin', (o) => normlin(1, o)],
      ['circ', (o) => circ(o)],
      ['toeplitz', (o) => toeplitz(o)],
      ['hankel', (o) => hankel(o)],
      ['blockdiag', (o) => blockdiag([[1, 1]], o)],
      ['constant', (o) => constant([[1]], o)],
      ['supp', (o) => supp([[1]], o)],
    ];
    for (const [name, make] of makers)
      expect(
        thrownArgument(() => make({ normalize: false })),
        name,
      ).toBe('options.normalize');
    expect(() => sp(1, { normalized: false, pos: true })).not.toThrow();
  });
});
