import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { thrownArgument } from '../testing.js';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { skperm } from '../faust.js';
import { maxWeightRegularSelection } from './internal/regular-selection.js';
import { frob, randomMatrix, seededUniform, type Mat } from './internal/reference-f64.js';

/** Best kept weight over every k-regular n×n pattern, by depth-first enumeration with column capacities. */
function bruteForceBest(w: Float64Array, n: number, k: number): number {
  const colLeft = new Array<number>(n).fill(k);
  let best = -Infinity;
  const rowChoices = (row: number, start: number, left: number, acc: number, next: (acc: number) => void): void => {
    if (left === 0) {
      next(acc);
      return;
    }
    for (let j = start; j <= n - left; j++) {
      if (colLeft[j] === 0) continue;
      colLeft[j]--;
      rowChoices(row, j + 1, left - 1, acc + w[row * n + j], next);
      colLeft[j]++;
    }
  };
  const dfs = (row: number, acc: number): void => {
    if (row === n) {
      best = Math.max(best, acc);
      return;
    }
    rowChoices(row, 0, k, acc, (a) => dfs(row + 1, a));
  };
  dfs(0, 0);
  return best;
}

function checkRegular(mask: Uint8Array, n: number, k: number): void {
  for (let i = 0; i < n; i++) {
    let r = 0;
    let c = 0;
    for (let j = 0; j < n; j++) {
      r += mask[i * n + j];
      c += mask[j * n + i];
    }
    expect(r).toBe(k);
    expect(c).toBe(k);
  }
}

const kept = (w: Float64Array, mask: Uint8Array): number => w.reduce((a, v, i) => a + (mask[i] ? v : 0), 0);

describe('maxWeightRegularSelection (float64 min-cost flow)', () => {
  it('is optimal against brute force on 400 random, tied, zero and sparse instances (n ≤ 6)', () => {
    const u = seededUniform(2024);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(u() * 6);
      const k = 1 + Math.floor(u() * n);
      const kind = trial % 4;
      const w = Float64Array.from({ length: n * n }, () => {
        if (kind === 0) return u() * 10;
        if (kind === 1) return Math.floor(u() * 3); // many ties
        if (kind === 2) return u() < 0.7 ? 0 : u(); // mostly zeros
        return 2 ** Math.floor(u() * 40 - 20); // wide dynamic range
      });
      const mask = maxWeightRegularSelection(w, n, k);
      checkRegular(mask, n, k);
      const best = bruteForceBest(w, n, k);
      expect(kept(w, mask)).toBeGreaterThanOrEqual(best * (1 - 1e-12) - 1e-300);
    }
  });

  it('terminates on adversarial inputs: all-equal, zeros, near-ties at 1e-7 (where the pyfaust search loops), identity', () => {
    const cases: [string, (i: number, j: number) => number][] = [
      ['all-equal', () => 1],
      ['zeros', () => 0],
      ['near-ties', (i, j) => 1 + ((i * 7 + j * 3) % 5) * 1e-7],
      ['sub-eps ties', (i, j) => 1 + ((i + j) % 2) * 1e-17],
      ['identity', (i, j) => (i === j ? 1 : 0)],
      ['rank-one', (i, j) => (i + 1) * (j + 1)],
    ];
    for (const [name, f] of cases) {
      for (const [n, k] of [
        [1, 1],
        [3, 2],
        [5, 2],
        [8, 3],
        [16, 16],
        [24, 5],
      ]) {
        const w = Float64Array.from({ length: n * n }, (_, e) => f(Math.floor(e / n), e % n));
        const mask = maxWeightRegularSelection(w, n, k);
        checkRegular(mask, n, k);
        if (n <= 5) expect(kept(w, mask), `${name} n=${n} k=${k}`).toBeCloseTo(bruteForceBest(w, n, k), 9);
      }
    }
  });

  it('resolves all-equal weights towards low indices (block pattern)', () => {
    const mask = maxWeightRegularSelection(new Float64Array(16).fill(1), 4, 2);
    expect(Array.from(mask)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(maxWeightRegularSelection(new Float64Array(9), 3, 1))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('handles a 64×64 random matrix with k = 4 (terminates, regular)', () => {
    const u = seededUniform(9);
    const w = Float64Array.from({ length: 64 * 64 }, () => u());
    checkRegular(maxWeightRegularSelection(w, 64, 4), 64, 4);
  });
});

// pyfaust proj.skperm docstring (test_FaustPy test_skperm): k = 2, normalized = False.
const pyfaustM: Mat = [
  [-0.04440802, -0.17569296, -0.02557815, -0.15559154],
  [-0.0083095, -3.38725936, -0.78484126, -0.4883618],
  [-1.48942563, -1.71787215, -0.84000212, -3.71752454],
  [-0.88957883, -0.19107863, -5.92900636, -6.51064175],
];
const pyfaustOut: Mat = [
  [-0.04440802, 0, -0.02557815, 0],
  [-0.0083095, -3.38725936, 0, 0],
  [0, -1.71787215, 0, -3.71752454],
  [0, 0, -5.92900636, -6.51064175],
];

describeBackends(['cpu', 'wasm'], 'skperm', () => {
  const run = (f: (x: tf.Tensor) => tf.Tensor, M: Mat): Mat => tf.tidy(() => f(tf.tensor2d(M)).arraySync() as Mat);

  it('matches the pyfaust docstring example, and is a nearest point', () => {
    const out = run((x) => skperm(2, { normalized: false }).project(x), pyfaustM);
    const w = Float64Array.from(pyfaustM.flat(), (v) => v * v);
    const mask = Uint8Array.from(out.flat(), (v) => (v !== 0 ? 1 : 0));
    expect(kept(w, mask)).toBeCloseTo(bruteForceBest(w, 4, 2), 9);
    expectClose(out, pyfaustOut, { rtol: 1e-6 });
  });

  it('flags: normalized, pos, zero and negative inputs', () => {
    const n = run(
      (x) => skperm(1).project(x),
      [
        [3, 0],
        [0, 4],
      ],
    );
    expectClose(n, [
      [0.6, 0],
      [0, 0.8],
    ]);
    expect(
      run(
        (x) => skperm(2).project(x),
        [
          [0, 0],
          [0, 0],
        ],
      ),
    ).toEqual([
      [1, 0],
      [0, 0],
    ]);
    expect(
      run(
        (x) => skperm(1, { normalized: false, pos: true }).project(x),
        [
          [-5, 1],
          [2, -7],
        ],
      ),
    ).toEqual([
      [0, 1],
      [2, 0],
    ]);
    expect(
      run(
        (x) => skperm(1, { normalized: false }).project(x),
        [
          [-5, 1],
          [2, -7],
        ],
      ),
    ).toEqual([
      [-5, 0],
      [0, -7],
    ]);
    expect(
      run(
        (x) => skperm(1, { pos: true }).project(x),
        [
          [-5, -1],
          [-2, -7],
        ],
      ),
    ).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  it('complex input: selection by modulus, idempotent, feasible', () => {
    const u = seededUniform(4);
    const re = randomMatrix(4, 4, u, 2);
    const im = randomMatrix(4, 4, u, 2);
    const p = skperm(2, { normalized: false });
    const out = tf.tidy(() => {
      const z = p.projectComplex({ re: tf.tensor2d(re), im: tf.tensor2d(im) });
      const again = p.projectComplex(z);
      return { re: z.re.arraySync() as Mat, im: z.im.arraySync() as Mat, again: again.re.arraySync() as Mat, ok: p.isFeasibleComplex(z) };
    });
    const w = Float64Array.from(re.flat(), (v, i) => v * v + im.flat()[i] ** 2);
    const mask = Uint8Array.from(out.re.flat(), (v, i) => (v !== 0 || out.im.flat()[i] !== 0 ? 1 : 0));
    checkRegular(mask, 4, 2);
    expect(kept(w, mask)).toBeCloseTo(bruteForceBest(w, 4, 2), 5);
    expectClose(out.again, out.re);
    expect(out.ok).toBe(true);
    expect(frob(run((x) => skperm(2).project(x), re))).toBeCloseTo(1, 6);
  });

  it('idempotent, feasibility test, value, no leaks', async () => {
    const u = seededUniform(8);
    const M = randomMatrix(5, 5, u, 3);
    const p = skperm(2, { normalized: false });
    const once = run((x) => p.project(x), M);
    expectClose(
      run((x) => p.project(x), once),
      once,
    );
    const x = tf.tensor2d(M);
    const y = tf.tensor2d(once);
    expect(p.isFeasible(y)).toBe(true);
    expect(p.isFeasible(x)).toBe(false);
    expect(p.value(x).arraySync()).toBe(Infinity);
    await expectNoLeaks(() => p.project(x), 'skperm.project');
    await expectNoLeaks(() => skperm(2).project(x), 'skperm normalized');
    await expectNoLeaks(() => p.value(y), 'skperm.value');
    tf.dispose([x, y]);
  });

  it('rejects bad parameters: k < 1, k > n, non-square input', () => {
    expect(thrownArgument(() => skperm(0))).toBe('k');
    expect(thrownArgument(() => skperm(3).project(tf.ones([2, 2])))).toBe('k');
    expect(thrownArgument(() => skperm(1).project(tf.ones([2, 3])))).toBe('x');
    expect(
      Array.from(
        skperm(1)
          .project(
            tf.tensor2d([
              [NaN, 1],
              [1, 1],
            ]),
          )
          .dataSync(),
      ).every(Number.isNaN),
    ).toBe(true);
  });
});
