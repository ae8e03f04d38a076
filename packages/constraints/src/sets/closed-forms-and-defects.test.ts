// Closed-form answers, the chop/copt defects (constopt.md §1–2) and bad parameters.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isSparsekitError, SparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { eachSlice } from '../each-slice.js';
import { box } from './box.js';
import { polytope } from './polytope.js';
import { groupL1Ball } from './group-l1-ball.js';
import { kSparse } from './k-sparse.js';
import { l1Ball } from './l1-ball.js';
import { l2Ball } from './l2-ball.js';
import { linfBall } from './linf-ball.js';
import { rowL1Ball } from './row-l1-ball.js';
import { simplex } from './simplex.js';
import { lpBall } from './lp-ball.js';
import { nuclearBall } from './nuclear-ball.js';
import { l1 } from '../penalties/l1.js';

const throwsNaming = (fn: () => unknown, argument: string) => {
  try {
    fn();
  } catch (e) {
    expect(isSparsekitError(e)).toBe(true);
    expect((e as { argument: string }).argument).toBe(argument);
    return;
  }
  throw new Error(`expected a SparsekitError naming ${argument}`);
};

describeBackends(['cpu', 'wasm'], 'sets: closed forms and defects', () => {
  it('L1 projection: Duchi example and a signed input', () => {
    expectClose(l1Ball(1).project(tf.tensor([0.8, -0.6, 0.1])), [0.6, -0.4, 0]);
    expectClose(l1Ball(2).project(tf.tensor([-3, 3, 0])), [-1, 1, 0]);
  });

  it('chop LpBall.is_feasible summed x**p: negative entries must count (p = 1)', () => {
    expect(l1Ball(1).isFeasible(tf.tensor([-0.7, -0.7]))).toBe(false);
    expect(l1Ball(1).isFeasible(tf.tensor([0.5, -0.5]))).toBe(true);
  });

  it('chop L1Ball.lmo took every tied argmax: ours returns one vertex, lowest index', () => {
    expectClose(l1Ball(1).lmo(tf.tensor([2, -2, 2])), [-1, 0, 0]);
    expectClose(l1Ball(1).lmo(tf.tensor([0, 0, 0])), [-1, 0, 0]);
  });

  it('chop L2Ball.lmo gave NaN for a zero gradient', () => {
    expectClose(l2Ball(2).lmo(tf.zeros([3])), [-2, 0, 0]);
  });

  it('copt SimplexConstraint.lmo returned −r·e_i when all gradients are negative', () => {
    expectClose(simplex(3).lmo(tf.tensor([-1, -5, -2])), [0, 3, 0]);
  });

  it('chop FrankWolfe applied the batched LMO to unbatched params (per-row balls): ours is whole-tensor', () => {
    const s = l1Ball(1).lmo(
      tf.tensor2d([
        [1, 2],
        [3, -4],
      ]),
    );
    expectClose(s, [
      [0, 0],
      [0, 1],
    ]);
    expectClose(
      eachSlice(l1Ball(1)).lmo(
        tf.tensor2d([
          [1, 2],
          [3, -4],
        ]),
      ),
      [
        [0, -1],
        [0, 1],
      ],
    );
  });

  it('rowL1Ball equals eachSlice(l1Ball) on rows, and ‖A‖∞ ≤ κ after projection', () => {
    const a = tf.tensor2d([
      [3, -1, 0.5],
      [0.2, 0.1, 0],
      [-2, 2, 2],
    ]);
    expectClose(rowL1Ball(1.5).project(a), eachSlice(l1Ball(1.5)).project(a));
    expect(rowL1Ball(1.5).isFeasible(rowL1Ball(1.5).project(a))).toBe(true);
  });

  it('eachSlice with per-slice radii is one batched call and leak-free', async () => {
    const x = tf.tensor2d([
      [3, 4],
      [3, 4],
      [0.3, 0.4],
    ]);
    const c = eachSlice(l2Ball(1), { radius: [1, 2.5, 1] });
    expectClose(c.project(x), [
      [0.6, 0.8],
      [1.5, 2],
      [0.3, 0.4],
    ]);
    expect(c.isFeasibleEach(x)).toEqual([false, false, true]);
    await expectNoLeaks(() => c.project(x));
    x.dispose();
  });

  it('k-sparse: hard thresholding keeps the first of tied magnitudes', () => {
    expectClose(kSparse(2).project(tf.tensor([1, -3, 3, 2])), [0, -3, 3, 0]);
    expectClose(kSparse(1).project(tf.tensor([2, -2, 2])), [2, 0, 0]);
    expectClose(kSparse(2, { ball: 'l2', radius: 1 }).lmo(tf.tensor([3, 0, 4])), [-0.6, 0, -0.8]);
  });

  it('group L1: projection rescales groups; singleton groups equal the L1 ball (chop test)', () => {
    const x = tf.tensor([0.8, -0.6, 0.1]);
    expectClose(groupL1Ball(1, [[0], [1], [2]]).project(x), l1Ball(1).project(x));
    expectClose(groupL1Ball(1, [0, 0, 1]).project(tf.tensor([3, 4, 0])), [0.6, 0.8, 0]);
  });

  it('box: per-entry bounds, clip and vertex LMO', () => {
    const c = box([0, -1], [1, 1]);
    expectClose(c.project(tf.tensor([2, -3])), [1, -1]);
    expectClose(c.lmo(tf.tensor([1, 0])), [0, 1]);
  });

  it('NaN or Infinity inputs propagate (no throw, no data read): the affected slices come out NaN', () => {
    const allNaN = (t: tf.Tensor) => Array.from(t.dataSync()).every(Number.isNaN);
    expect(allNaN(l1Ball(1).project(tf.tensor([1, NaN])))).toBe(true);
    expect(allNaN(l2Ball(1).lmo(tf.tensor([Infinity, 0])))).toBe(true);
    expect(allNaN(l1(1).prox(tf.tensor([-Infinity, 2]), 0.5))).toBe(true);
    const rows = eachSlice(linfBall(1))
      .project(
        tf.tensor2d([
          [2, NaN],
          [2, -3],
        ]),
      )
      .arraySync() as number[][];
    expect(rows[0].every(Number.isNaN)).toBe(true);
    expect(rows[1]).toEqual([1, -1]); // other slices are untouched
    expect(l1Ball(1).isFeasible(tf.tensor([NaN]))).toBe(false);
  });
});

it('bad parameters throw SparsekitError naming the argument', () => {
  for (const r of [0, -1, NaN, Infinity]) throwsNaming(() => l1Ball(r), 'radius');
  throwsNaming(() => l2Ball(Number.NaN), 'radius');
  throwsNaming(() => linfBall(-2), 'radius');
  throwsNaming(() => kSparse(0), 'k');
  throwsNaming(() => kSparse(1.5), 'k');
  throwsNaming(() => kSparse(5).project(tf.zeros([3])), 'k');
  throwsNaming(() => kSparse(2, { ball: 'l3' as never, radius: 1 }), 'options.ball');
  throwsNaming(() => kSparse(2, { ball: 'l2', radius: 1, extra: 1 } as never), 'options.extra');
  throwsNaming(
    () =>
      groupL1Ball(1, [
        [0, 1],
        [1, 2],
      ]),
    'groups',
  );
  throwsNaming(() => groupL1Ball(1, [[0, 1], [3]]), 'groups');
  throwsNaming(() => groupL1Ball(1, [[0, 1], [2]]).project(tf.zeros([4])), 'x');
  throwsNaming(() => box(1, 0), 'upper');
  throwsNaming(() => box([0, 0], [1, 1]).project(tf.zeros([3])), 'x');
  throwsNaming(() => eachSlice(l1Ball(1), { radius: [1, -1] }), 'radius');
  throwsNaming(() => eachSlice(l1Ball(1), { radius: [1, 2] }).project(tf.zeros([3, 2])), 'x');
  throwsNaming(() => l1Ball(1).prox(tf.zeros([2]), 0), 'step');
  throwsNaming(() => rowL1Ball(1).project(tf.zeros([3])), 'x');
});

describe('radii that do not fit float32', () => {
  it('every ball taking a radius rejects radii that overflow or underflow float32, naming the radius', () => {
    const makers: [string, (r: number) => unknown][] = [
      ['l1Ball', (r) => l1Ball(r)],
      ['l2Ball', (r) => l2Ball(r)],
      ['linfBall', (r) => linfBall(r)],
      ['lpBall', (r) => lpBall(3, r)],
      ['simplex', (r) => simplex(r)],
      ['nuclearBall', (r) => nuclearBall(r)],
      ['groupL1Ball', (r) => groupL1Ball(r, [[0, 1]])],
      ['rowL1Ball', (r) => rowL1Ball(r)],
      ['eachSlice radius', (r) => eachSlice(l1Ball(1), { radius: [1, r] })],
    ];
    for (const [name, make] of makers) {
      for (const r of [1e308, 3.5e38, 1e-50]) expect(() => make(r), `${name}(${r})`).toThrow(/radius.*float32/);
      expect(() => make(3e38), `${name}(3e38)`).not.toThrow();
    }
  });
});

describeBackends(['cpu', 'wasm'], 'empty inputs, empty polytopes and owned tensors', () => {
  it('every set rejects an empty input with a clear error instead of trapping', () => {
    const sets = [l1Ball(1), l2Ball(1), linfBall(1), simplex(1), eachSlice(l1Ball(1))];
    for (const c of sets) {
      for (const x of [tf.zeros([0]), tf.zeros([0, 3])]) {
        for (const op of ['project', 'lmo'] as const) {
          let error: unknown;
          try {
            tf.dispose(c[op](x));
          } catch (e) {
            error = e;
          }
          expect(isSparsekitError(error) && error.message, `${c.name}.${op} [${x.shape}]`).toMatch(/non-empty/);
        }
        x.dispose();
      }
    }
  });

  it('polytope with no vertices is a SparsekitError naming vertices', () => {
    expect(() => polytope(tf.zeros([0, 3]))).toThrow(/^vertices: expected at least one vertex/);
    expect(() => polytope([])).toThrow(/^vertices:/);
    expect(() => polytope([[]])).toThrow(/^vertices\[0\]: expected a vertex with at least one coordinate/);
  });

  it('box and polytope free their tensors with dispose(), and failed constructions leak nothing', async () => {
    await expectNoLeaks(() => {
      const b = box([0, -1], [1, 1]);
      tf.dispose(tf.tidy(() => b.project(tf.tensor1d([3, 3]))));
      b.dispose();
      const p = polytope([
        [0, 0],
        [1, 0],
        [0, 1],
      ]);
      tf.dispose(tf.tidy(() => p.lmo(tf.tensor1d([1, 1]))));
      p.dispose();
    });
    for (const make of [() => box(1, 0), () => box([0, 0], [1, NaN]), () => box([0, NaN], 1)]) {
      await expectNoLeaks(() => {
        expect(make).toThrow(SparsekitError);
      });
    }
  });
});
