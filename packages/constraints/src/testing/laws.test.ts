// The law suite must catch the defects chop and copt shipped (constopt.md §1, §2) and other
// classic mistakes: each broken constraint below fails at least one law.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { checkConstraintLaw } from '../testing.js';
import { l1Ball } from '../sets/l1-ball.js';
import { l2Ball } from '../sets/l2-ball.js';
import { simplex } from '../sets/simplex.js';
import type { LawName } from './options.js';
import { l1Vertices, simplexVertices } from './vertices.js';

const fails = (law: LawName, c: object, options: Parameters<typeof checkConstraintLaw>[3] = {}) =>
  expect(() => checkConstraintLaw(law, c as never, [4], { numRuns: 300, ...options })).toThrow(/law|Property failed/);

describe('the law suite catches broken constraints', () => {
  beforeAll(async () => {
    await useBackendOrThrow('cpu');
  });

  it('chop L1Ball.lmo: every tied argmax gets −r·sign, infeasible on ties', () => {
    const good = l1Ball(1);
    const broken = {
      ...good,
      name: 'ChopL1',
      lmo: (g: tf.Tensor) =>
        tf.tidy(() => {
          const a = tf.abs(g);
          return tf.mul(tf.equal(a, tf.max(a)).toFloat(), tf.neg(tf.sign(g)));
        }),
    };
    fails('feasibility', broken);
    expect(() => checkConstraintLaw('feasibility', good, [4], { numRuns: 300 })).not.toThrow();
  });

  it('chop L2Ball.lmo: NaN for a zero gradient', () => {
    const broken = { ...l2Ball(1), name: 'ChopL2', lmo: (g: tf.Tensor) => tf.tidy(() => tf.div(tf.neg(g), tf.norm(g))) };
    fails('lmo', broken);
  });

  it('copt SimplexConstraint.lmo: scaled by sign(u_max), infeasible when all u < 0', () => {
    // copt maximizes ⟨u, s⟩ with u = −g and returns sign(u_i)·r·e_i
    const broken = {
      ...simplex(1),
      name: 'CoptSimplex',
      lmo: (g: tf.Tensor) =>
        tf.tidy(() => {
          const u = tf.neg(g);
          const i = tf.argMax(u);
          return tf.mul(tf.oneHot(i.expandDims(0), g.size).reshape(g.shape).toFloat(), tf.sign(tf.max(u)));
        }),
    };
    fails('feasibility', broken, { vertices: simplexVertices(1) });
  });

  it('a projection by rescaling instead of thresholding breaks the variational inequality', () => {
    const broken = {
      ...l1Ball(1),
      name: 'ScaledL1',
      project: (x: tf.Tensor) => tf.tidy(() => tf.div(x, tf.maximum(tf.sum(tf.abs(x)), 1))),
    };
    fails('variational', broken);
  });

  it('an LMO that maximizes (the chop/copt convention) fails brute force', () => {
    const broken = { ...l1Ball(1), name: 'Maximizing', lmo: (g: tf.Tensor) => tf.tidy(() => tf.neg(l1Ball(1).lmo(g))) };
    fails('lmo', broken, { vertices: l1Vertices(1) });
  });

  it('turning NaN into a finite answer fails the nonfinite law', () => {
    const zeroed = (x: tf.Tensor) => tf.where(tf.isFinite(x), x, tf.zerosLike(x));
    const broken = { name: 'Clip', params: {}, project: (x: tf.Tensor) => tf.tidy(() => tf.clipByValue(zeroed(x), -1, 1)) };
    fails('nonfinite', broken);
  });

  it('a leaking projection fails the leaks law', () => {
    const kept: tf.Tensor[] = [];
    const broken = {
      name: 'Leaky',
      params: {},
      project: (x: tf.Tensor) => {
        kept.push(tf.abs(x));
        return tf.clipByValue(x, -1, 1);
      },
    };
    fails('leaks', broken);
    kept.forEach((t) => t.dispose());
  });

  it('a wrong prox (soft threshold at twice the step) fails the minimizer law', () => {
    const broken = {
      name: 'BadL1',
      params: {},
      value: (x: tf.Tensor) => tf.sum(tf.abs(x)),
      prox: (x: tf.Tensor, step: number) => tf.tidy(() => tf.mul(tf.sign(x), tf.relu(tf.sub(tf.abs(x), 2 * step)))),
    };
    fails('prox', broken);
  });

  it('a batched variant that mixes slices fails the batched law', () => {
    const c = l2Ball(1);
    const broken = { ...c, name: 'Mixed' };
    fails('batched', broken, { batched: () => ({ ...c, name: 'WholeBatch' }) });
  });
});
