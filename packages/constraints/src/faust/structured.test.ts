import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { thrownArgument } from '../testing.js';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { blockdiag, circ, constant, hankel, normcol, normlin, supp, toeplitz } from '../faust.js';
import {
  allMasks,
  applyMask,
  bestKeptEnergy,
  frob,
  randomMatrix,
  refCirc,
  refHankel,
  refNormcol,
  refToeplitz,
  seededUniform,
  type Mat,
  type RefFlags,
} from './internal/reference-f64.js';

const t2 = (M: Mat): tf.Tensor2D => tf.tensor2d(M);
const run = (f: (x: tf.Tensor) => tf.Tensor, M: Mat): Mat => tf.tidy(() => f(t2(M)).arraySync() as Mat);
const transpose = (M: Mat): Mat => M[0].map((_, j) => M.map((r) => r[j]));

// pyfaust docstring matrices: numpy seed 42 (rounded rand) and seed 43 (integer rand).
const M42: Mat = [
  [0.37, 0.95, 0.73, 0.6, 0.16],
  [0.16, 0.06, 0.87, 0.6, 0.71],
  [0.02, 0.97, 0.83, 0.21, 0.18],
  [0.18, 0.3, 0.52, 0.43, 0.29],
  [0.61, 0.14, 0.29, 0.37, 0.46],
];
const M43: Mat = [
  [1, 6, 1, 2, 3],
  [8, 6, 5, 0, 7],
  [3, 8, 2, 0, 8],
  [2, 4, 3, 0, 8],
  [8, 9, 3, 9, 4],
];
const flagSets: RefFlags[] = [
  { normalized: false },
  { normalized: true },
  { normalized: false, pos: true },
  { normalized: true, pos: true },
];

describeBackends(['cpu', 'wasm'], 'structured projectors', () => {
  it('match the pyfaust docstring examples', () => {
    const c = [2.6, 5.4, 4.0, 3.8, 6.2];
    expectClose(
      run((x) => circ({ normalized: false }).project(x), M43),
      c.map((_, i) => c.map((__, j) => c[(j - i + 5) % 5])),
    );
    expectClose(
      run((x) => toeplitz().project(x), M42),
      [
        [0.18366651, 0.24773622, 0.21498948, 0.27977108, 0.06834103],
        [0.21570136, 0.18366651, 0.24773622, 0.21498948, 0.27977108],
        [0.08685005, 0.21570136, 0.18366651, 0.24773622, 0.21498948],
        [0.06834103, 0.08685005, 0.21570136, 0.18366651, 0.24773622],
        [0.26055016, 0.06834103, 0.08685005, 0.21570136, 0.18366651],
      ],
    );
    expectClose(
      run((x) => hankel().project(x), M42),
      [
        [0.1613085, 0.24196275, 0.11771161, 0.28555964, 0.21798446],
        [0.24196275, 0.11771161, 0.28555964, 0.21798446, 0.17220772],
        [0.11771161, 0.28555964, 0.21798446, 0.17220772, 0.13079068],
        [0.28555964, 0.21798446, 0.17220772, 0.13079068, 0.14386974],
        [0.21798446, 0.17220772, 0.13079068, 0.14386974, 0.2005457],
      ],
    );
    const S = M42.map((r) => r.map((v) => (v > 0.5 ? 1 : 0)));
    expectClose(
      run((x) => supp(S, { normalized: false }).project(x), M42),
      applyMask(
        M42,
        S.map((r) => r.map(Boolean)),
      ),
    );
    expectClose(
      run((x) => normlin(0.01).project(x), M42),
      [
        [0.00264427, 0.00678935, 0.00521708, 0.00428801, 0.00114347],
        [0.00124552, 0.00046707, 0.00677253, 0.00467071, 0.00552701],
        [0.00015309, 0.00742494, 0.0063533, 0.00160746, 0.00137782],
        [0.00221263, 0.00368772, 0.00639205, 0.00528573, 0.0035648],
        [0.00671873, 0.001542, 0.00319415, 0.0040753, 0.00506658],
      ],
      { rtol: 2e-6 },
    );
    const ones = Array.from({ length: 12 }, () => new Array<number>(12).fill(1));
    const bd = run(
      (x) =>
        blockdiag(
          [
            [1, 1],
            [4, 4],
            [7, 7],
          ],
          { normalized: false },
        ).project(x),
      ones,
    );
    const inBlock = (i: number, j: number): boolean => (i < 1 ? j < 1 : i < 5 ? j >= 1 && j < 5 : j >= 5);
    expect(bd).toEqual(ones.map((r, i) => r.map((_, j) => (inBlock(i, j) ? 1 : 0))));
  });

  const structures = [
    {
      name: 'circ',
      make: circ,
      ref: refCirc,
      shapes: [
        [1, 1],
        [4, 4],
        [5, 5],
      ],
    },
    {
      name: 'toeplitz',
      make: toeplitz,
      ref: refToeplitz,
      shapes: [
        [1, 4],
        [3, 5],
        [5, 3],
        [4, 4],
      ],
    },
    {
      name: 'hankel',
      make: hankel,
      ref: refHankel,
      shapes: [
        [4, 1],
        [3, 5],
        [5, 3],
        [4, 4],
      ],
    },
  ] as const;
  for (const s of structures) {
    describe(s.name, () => {
      it('matches the float64 reference (diagonal means) for every flag combination', () => {
        const u = seededUniform(13);
        for (const [m, n] of s.shapes) {
          for (const f of flagSets) {
            for (const M of [randomMatrix(m, n, u, 3), randomMatrix(m, n, u).map((r) => r.map((v) => Math.round(2 * v)))]) {
              expectClose(
                run((x) => s.make(f).project(x), M),
                s.ref(f)(M),
                { rtol: 1e-5, atol: 1e-6, message: `${s.name} ${JSON.stringify(f)}` },
              );
            }
          }
        }
      });

      it('is the orthogonal projection: the residual is orthogonal to the structure, and idempotent', () => {
        const u = seededUniform(17);
        const [m, n] = s.shapes[2];
        const M = randomMatrix(m, n, u, 3);
        const P = run((x) => s.make({ normalized: false }).project(x), M);
        const R = M.map((r, i) => r.map((v, j) => v - P[i][j]));
        // ⟨R, P(Z)⟩ = 0 for a random Z: the residual is orthogonal to the whole subspace.
        const PZ = run((x) => s.make({ normalized: false }).project(x), randomMatrix(m, n, u, 3));
        const inner = R.flat().reduce((a, v, i) => a + v * PZ.flat()[i], 0);
        expect(Math.abs(inner)).toBeLessThan(1e-5 * frob(M) * frob(PZ));
        expectClose(
          run((x) => s.make({ normalized: false }).project(x), P),
          P,
          { rtol: 1e-5, atol: 1e-6 },
        );
      });

      it('normalized: unit norm, zero input gives a unit structured matrix (no NaN)', () => {
        const [m, n] = s.shapes[2];
        const z = run(
          (x) => s.make().project(x),
          randomMatrix(m, n, seededUniform(1)).map((r) => r.map(() => 0)),
        );
        expect(frob(z)).toBeCloseTo(1, 6);
        expectClose(
          run((x) => s.make({ normalized: false }).project(x), z),
          z,
          { rtol: 1e-6 },
        );
      });

      it('complex input: re and im projected separately, joint normalization, no leaks', async () => {
        const u = seededUniform(19);
        const [m, n] = s.shapes[1];
        const re = randomMatrix(m, n, u);
        const im = randomMatrix(m, n, u);
        const out = tf.tidy(() => {
          const w = s.make().projectComplex({ re: t2(re), im: t2(im) });
          return [w.re.arraySync(), w.im.arraySync()] as Mat[];
        });
        const pr = s.ref({ normalized: false })(re);
        const pi = s.ref({ normalized: false })(im);
        const nrm = frob([...pr, ...pi]);
        expectClose(
          out[0],
          pr.map((r) => r.map((v) => v / nrm)),
          { rtol: 1e-5, atol: 1e-7 },
        );
        expectClose(
          out[1],
          pi.map((r) => r.map((v) => v / nrm)),
          { rtol: 1e-5, atol: 1e-7 },
        );
        const x = t2(re);
        const zc = { re: t2(re), im: t2(im) };
        for (const f of flagSets) {
          await expectNoLeaks(() => s.make(f).project(x), `${s.name}.project`);
          await expectNoLeaks(() => s.make(f).projectComplex(zc), `${s.name}.projectComplex`);
          await expectNoLeaks(() => s.make(f).value(x), `${s.name}.value`);
        }
        tf.dispose([x, zc.re, zc.im]);
      });
    });
  }

  it('circ rejects non-square input naming x', () => {
    expect(thrownArgument(() => circ().project(tf.ones([2, 3])))).toBe('x');
  });

  describe('supp / constant / blockdiag', () => {
    it('supp is the nearest point supported in S (brute force over sub-supports), with flags', () => {
      const u = seededUniform(23);
      const S: Mat = [
        [1, 0, 1],
        [0, 1, 1],
      ];
      const M = randomMatrix(2, 3, u, 3);
      const P = run((x) => supp(S, { normalized: false }).project(x), M);
      const allowed = allMasks(2, 3, (mask) => mask.every((r, i) => r.every((b, j) => !b || S[i][j] !== 0)));
      const total = M.flat().reduce((a, v) => a + v * v, 0);
      const dist2 = M.flat().reduce((a, v, i) => a + (v - P.flat()[i]) ** 2, 0);
      expect(dist2).toBeCloseTo(total - bestKeptEnergy(M, allowed), 5);
      expect(
        run(
          (x) => supp(S, { pos: true, normalized: false }).project(x),
          [
            [-1, 5, 2],
            [3, -4, 6],
          ],
        ),
      ).toEqual([
        [0, 0, 2],
        [0, 0, 6],
      ]);
      // Normalized with nothing left: one-hot at the largest entry inside S (here S[0][2]).
      expect(
        run(
          (x) => supp(S, { pos: true }).project(x),
          [
            [-3, 5, -2],
            [3, -4, -6],
          ],
        ),
      ).toEqual([
        [0, 0, 1],
        [0, 0, 0],
      ]);
      expect(frob(run((x) => supp(S).project(x), M))).toBeCloseTo(1, 6);
    });

    it('constant returns C (normalized: C/‖C‖) for any input of its shape', () => {
      const C: Mat = [
        [1, 2],
        [2, 4],
      ];
      expect(
        run(
          (x) => constant(C).project(x),
          [
            [9, 9],
            [9, 9],
          ],
        ),
      ).toEqual(C);
      expectClose(
        run(
          (x) => constant(t2(C), { normalized: true }).project(x),
          [
            [0, 0],
            [0, 0],
          ],
        ),
        C.map((r) => r.map((v) => v / 5)),
      );
      const z = tf.tidy(() => {
        const w = constant(C).projectComplex({ re: tf.ones([2, 2]), im: tf.ones([2, 2]) });
        return [w.re.arraySync(), w.im.arraySync()];
      });
      expect(z).toEqual([
        C,
        [
          [0, 0],
          [0, 0],
        ],
      ]);
      expect(constant(C).isFeasible(t2(C))).toBe(true);
      expect(
        constant(C).isFeasible(
          t2([
            [1, 2],
            [2, 4.1],
          ]),
        ),
      ).toBe(false);
    });

    it('blockdiag keeps the chained blocks of rectangular shapes', () => {
      const M = randomMatrix(5, 4, seededUniform(29), 2);
      const P = run(
        (x) =>
          blockdiag(
            [
              [2, 1],
              [3, 3],
            ],
            { normalized: false },
          ).project(x),
        M,
      );
      const keep = M.map((r, i) => r.map((_, j) => (i < 2 ? j < 1 : j >= 1)));
      expect(P).toEqual(applyMask(M, keep));
      expect(
        frob(
          run(
            (x) =>
              blockdiag([
                [2, 1],
                [3, 3],
              ]).project(x),
            M,
          ),
        ),
      ).toBeCloseTo(1, 6);
    });

    it('reject bad parameters naming the argument', () => {
      expect(
        thrownArgument(() =>
          supp([
            [1, 0],
            [0, 1],
          ]).project(tf.ones([2, 3])),
        ),
      ).toBe('x');
      expect(thrownArgument(() => supp([[0, 0]]))).toBe('S');
      expect(thrownArgument(() => supp([[1, NaN]]))).toBe('S');
      expect(thrownArgument(() => supp([[1, 0], [1]] as number[][]))).toBe('S');
      expect(thrownArgument(() => constant([[1, 2]]).project(tf.ones([2, 1])))).toBe('x');
      expect(thrownArgument(() => constant([[0, 0]], { normalized: true }))).toBe('C');
      expect(
        thrownArgument(() =>
          blockdiag([
            [2, 2],
            [1, 1],
          ]).project(tf.ones([4, 3])),
        ),
      ).toBe('shapes');
      expect(
        thrownArgument(() =>
          blockdiag([
            [2, 2],
            [1, 1],
          ]).project(tf.ones([3, 4])),
        ),
      ).toBe('shapes');
      expect(thrownArgument(() => blockdiag([]))).toBe('shapes');
      expect(thrownArgument(() => blockdiag([[2, 0]]))).toBe('shapes[0][1]');
      expect(thrownArgument(() => blockdiag([[2, 1.5] as [number, number]]))).toBe('shapes[0][1]');
      expect(thrownArgument(() => normcol(-1))).toBe('s');
      expect(thrownArgument(() => normcol(0, { normalized: true }))).toBe('s');
      expect(thrownArgument(() => normlin(NaN))).toBe('s');
    });
  });

  describe('normcol / normlin', () => {
    it('match the float64 reference for every flag combination, including zero and negative columns', () => {
      const u = seededUniform(31);
      for (const f of flagSets) {
        for (const s of [1, 0.01, 3]) {
          const M = randomMatrix(4, 3, u, 2);
          M[0] = M[0].map(() => 0);
          const Z = M.map((r) => [0, ...r.slice(1)]); // a zero first column
          const N = M.map((r) => r.map((v) => -Math.abs(v) - 0.5)); // no positive entry
          for (const X of [M, Z, N]) {
            expectClose(
              run((x) => normcol(s, f).project(x), X),
              refNormcol(s, f)(X),
              { rtol: 2e-6, atol: 1e-7 },
            );
            expectClose(
              run((x) => normlin(s, f).project(x), transpose(X)),
              transpose(refNormcol(s, f)(X)),
              { rtol: 2e-6, atol: 1e-7 },
            );
          }
        }
      }
    });

    it('column norms equal s even for huge and tiny entries; s = 0 gives zeros; idempotent; no leaks', async () => {
      for (const scale of [1e18, 1e-18]) {
        const P = run((x) => normcol(2).project(x), randomMatrix(3, 3, seededUniform(37), scale));
        for (const c of transpose(P)) expect(Math.hypot(...c)).toBeCloseTo(2, 5);
      }
      expect(
        run(
          (x) => normcol(0).project(x),
          [
            [1, 2],
            [3, 4],
          ],
        ),
      ).toEqual([
        [0, 0],
        [0, 0],
      ]);
      const x = t2([
        [3, 0],
        [4, 0],
      ]);
      const p = normcol();
      const once = p.project(x);
      expect(p.isFeasible(once)).toBe(true);
      expect(p.isFeasible(x)).toBe(false);
      expectClose(p.project(once), once);
      await expectNoLeaks(() => p.project(x), 'normcol.project');
      await expectNoLeaks(() => normlin(2, { pos: true, normalized: true }).project(x), 'normlin.project');
      await expectNoLeaks(() => p.projectComplex({ re: x, im: x }), 'normcol.projectComplex');
      tf.dispose([x, once]);
    });
  });
});
