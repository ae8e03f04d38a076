// Capabilities, not names: a third-party set gets the active-set Frank-Wolfe variants through
// `atoms()` and the adversary through `normBall()`, whatever its name; a built-in set renamed by
// a spread copy keeps working, and a set without the capability is refused with a clear error.
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import {
  eachSlice,
  l1Ball,
  l2Ball,
  linfBall,
  polytope,
  simplex,
  type AtomsDescription,
  type Constraint,
  type HasAtoms,
  type HasLmo,
} from '@sparsekit/constraints';
import { frankWolfe } from './frank-wolfe.js';
import { atomsFor } from './atoms.js';
import { readBall } from '../adversary/internal/perturbation-set.js';

/** The simplex of radius 1 under a name no regex would recognize. */
const corners: Constraint & HasLmo & HasAtoms = {
  name: 'Corners',
  params: {},
  lmo: (g) => tf.tidy(() => tf.oneHot(tf.argMin(g), g.shape[0]).toFloat()),
  atoms: (): AtomsDescription => ({ kind: 'simplex', radius: 1, perSlice: false }),
};

describeBackends(['cpu', 'wasm'], 'constraint capabilities used by solvers', () => {
  it('built-in sets describe their atoms and balls (whole and eachSlice)', () => {
    expect(l1Ball(2).atoms()).toEqual({ kind: 'l1Ball', radius: 2, perSlice: false });
    expect(simplex(3).atoms()).toEqual({ kind: 'simplex', radius: 3, perSlice: false });
    expect(eachSlice(l1Ball(1), { radius: [1, 2] }).atoms()).toEqual({ kind: 'l1Ball', radius: [1, 2], perSlice: true });
    expect(l2Ball(0.5).normBall()).toEqual({ norm: 2, radius: 0.5, perSlice: false });
    expect(eachSlice(linfBall(0.1)).normBall()).toEqual({ norm: 'inf', radius: 0.1, perSlice: true });
    expect('normBall' in simplex(1)).toBe(false);
    const tri = polytope([
      [0, 0],
      [1, 0],
      [0, 1],
    ]);
    const d = tri.atoms?.();
    expect(d?.kind).toBe('vertices');
    if (d?.kind === 'vertices')
      expectClose(d.vertices, [
        [0, 0],
        [1, 0],
        [0, 1],
      ]);
  });

  it('pairwise FW runs on a plugin set found by its atoms() (name-independent) and matches the projection', async () => {
    // min ½‖x − c‖² over the simplex: the solution is the simplex projection of c
    const c = tf.tensor1d([0.9, 0.5, -0.2]);
    const x0 = tf.tensor1d([1, 0, 0]);
    await expectNoLeaks(() => {
      const r = frankWolfe(
        { objective: (x) => tf.sum(tf.square(tf.sub(x, c))).mul(0.5), constraint: corners, x0 },
        { variant: 'pairwise', maxIter: 200, tol: 1e-7 },
      );
      if (E.isLeft(r)) throw r.left;
      expectClose(r.right.x, [0.7, 0.3, 0], { atol: 1e-4 });
      r.right.x.dispose();
    });
    expect(atomsFor(corners).name).toBe('Simplex');
    tf.dispose([c, x0]);
  });

  it('a set without atoms() is refused for active-set variants, whatever its name', () => {
    const named = { name: 'L1Ball', params: { radius: 1 }, lmo: (g: tf.Tensor) => g.neg() };
    expect(() => atomsFor(named)).toThrow(/atoms\(\)/);
    expect(() => atomsFor(eachSlice(l1Ball(1)))).toThrow(/batched problem/);
  });

  it('the adversary reads its ball from normBall(), not from the name', () => {
    const renamed = { ...linfBall(0.3), name: 'MyBox' };
    expect(readBall(renamed)).toEqual({ norm: 'inf', radius: 0.3 });
    expect(readBall(eachSlice(l2Ball(1), { radius: [1, 2] }))).toEqual({ norm: 2, radius: [1, 2] });
    expect(() => readBall({ name: 'LinfBall', params: { radius: 1 } } as never)).toThrow(/normBall\(\)/);
    expect(() => readBall({ name: 'Bad', params: {}, normBall: () => ({ norm: 3, radius: 1, perSlice: false }) } as never)).toThrow(
      /normBall/,
    );
  });
});
