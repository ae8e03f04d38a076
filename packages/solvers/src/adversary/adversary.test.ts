import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { adversary, type PerturbArgs, type PerturbResult } from './adversary.js';
import { softmaxCrossEntropy } from './per-example-losses.js';

import { eachSlice, l1Ball, l2Ball, linfBall, simplex } from '@sparsekit/constraints';

const BALLS = { L1Ball: l1Ball, L2Ball: l2Ball, LinfBall: linfBall };
const ball = (name: keyof typeof BALLS, radius: number) => BALLS[name](radius);
const right = (r: E.Either<unknown, PerturbResult>): PerturbResult => {
  if (E.isLeft(r)) throw r.left;
  return r.right;
};
const rows = (t: tf.Tensor) => tf.tidy(() => t.reshape([t.shape[0], -1]).arraySync() as number[][]);
const norms = (t: tf.Tensor, p: 1 | 2 | 'inf') =>
  rows(t).map((r) => (p === 1 ? r.reduce((s, v) => s + Math.abs(v), 0) : p === 2 ? Math.hypot(...r) : Math.max(...r.map(Math.abs))));

/** A seeded MLP with logits, and a batch of inputs in [0, 1] (some pixels exactly 0 or 1). */
function setup(batch = 6, features = 12) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 16,
        inputShape: [features],
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }),
        biasInitializer: 'zeros',
      }),
      tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) }),
    ],
  });
  const inputs = tf.tidy(() => tf.clipByValue(tf.randomUniform([batch, features], -0.2, 1.2, 'float32', 5), 0, 1));
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 4),
    'int32',
  );
  return { model, inputs, labels };
}

describeBackends(['cpu', 'wasm'], 'adversary', () => {
  it('a linear loss is maximized exactly: the box-clipped corner (PGD-Madry and FW, L∞)', () => {
    // L(x + δ) = ⟨w, x + δ⟩: the maximizer over ball ∩ box is δᵢ = min(ε, 1 − xᵢ) if wᵢ > 0, max(−ε, −xᵢ) if wᵢ < 0.
    const w = tf.tensor2d([[1, -2, 0.5, -0.1]]);
    const inputs = tf.tensor2d([
      [0.95, 0.05, 0.5, 0.5],
      [0.2, 0.9, 1, 0],
    ]);
    const args = (): PerturbArgs => ({
      model: (x) => tf.mul(x, w),
      inputs,
      labels: tf.zeros([2, 4]),
      loss: (out) => tf.sum(out, 1) as tf.Tensor1D,
      constraint: ball('LinfBall', 0.1),
      maxIter: 30,
    });
    const expected = [
      [0.05, -0.05, 0.1, -0.1],
      [0.1, -0.1, 0, 0],
    ];
    for (const method of ['pgd-madry', 'frank-wolfe'] as const) {
      const r = right(adversary(method).perturb(args()));
      expectClose(r.perturbation, expected, { atol: 1e-6, message: method });
      expectClose(r.loss, [0.95 - 0.1 + 0.25 - 0.05 + 0.05 + 0.1 + 0.05 + 0.01, 0.2 - 1.8 + 0.5 + 0.1 + 0.2], {
        atol: 1e-5,
        message: method,
      });
      tf.dispose([r.loss, r.perturbation, r.gap ?? []]);
    }
    tf.dispose([w, inputs]);
  });

  it.each([
    ['pgd-madry', 'LinfBall', 0.1],
    ['pgd-madry', 'L2Ball', 0.5],
    ['frank-wolfe', 'LinfBall', 0.1],
    ['frank-wolfe', 'L2Ball', 0.5],
    ['frank-wolfe', 'L1Ball', 2],
  ] as const)('%s in the %s raises every loss and stays in the ball ∩ [0, 1]', (method, name, eps) => {
    const { model, inputs, labels } = setup();
    const clean = softmaxCrossEntropy(model.predict(inputs) as tf.Tensor, labels).arraySync();
    const r = right(adversary(method).perturb({ model, inputs, labels, constraint: ball(name, eps), maxIter: 15, useBest: true }));
    const p = name === 'L1Ball' ? 1 : name === 'L2Ball' ? 2 : 'inf';
    for (const n of norms(r.perturbation, p)) expect(n).toBeLessThanOrEqual(eps * (1 + 1e-5) + 1e-7);
    const adv = tf.add(inputs, r.perturbation);
    expect(adv.min().dataSync()[0]).toBeGreaterThanOrEqual(-1e-6);
    expect(adv.max().dataSync()[0]).toBeLessThanOrEqual(1 + 1e-6);
    const loss = r.loss.arraySync();
    loss.forEach((l, i) => expect(l).toBeGreaterThan(clean[i] + 1e-4));
    // The reported loss is the loss at the returned perturbation.
    expectClose(r.loss, softmaxCrossEntropy(model.predict(adv) as tf.Tensor, labels), { rtol: 1e-5 });
    tf.dispose([r.loss, r.perturbation, adv, inputs, labels]);
    model.dispose();
  });

  it('batched equals looped (Frank-Wolfe L2 and PGD-Madry L∞), per-example radii', () => {
    const { model, inputs, labels } = setup(4);
    const radii = [0.2, 0.4, 0.6, 0.8];
    for (const [method, name] of [
      ['frank-wolfe', 'L2Ball'],
      ['pgd-madry', 'LinfBall'],
    ] as const) {
      const all = right(
        adversary(method).perturb({ model, inputs, labels, constraint: eachSlice(BALLS[name](1), { radius: radii }), maxIter: 8 }),
      );
      for (let i = 0; i < 4; i++) {
        const one = right(
          adversary(method).perturb({
            model,
            inputs: inputs.slice([i, 0], [1, -1]),
            labels: labels.slice([i], [1]),
            constraint: ball(name, radii[i]),
            maxIter: 8,
          }),
        );
        expectClose(one.perturbation, all.perturbation.slice([i, 0], [1, -1]), { atol: 1e-5, message: `${method} example ${i}` });
        tf.dispose([one.loss, one.perturbation, one.gap ?? []]);
      }
      tf.dispose([all.loss, all.perturbation, all.gap ?? []]);
    }
    tf.dispose([inputs, labels]);
    model.dispose();
  });

  it('Frank-Wolfe reports a non-negative gap that shrinks with iterations', () => {
    const { model, inputs, labels } = setup();
    const gapAfter = (maxIter: number) => {
      const r = right(adversary('frank-wolfe').perturb({ model, inputs, labels, constraint: ball('L2Ball', 0.5), maxIter }));
      const g = (r.gap as tf.Tensor1D).arraySync();
      tf.dispose([r.loss, r.perturbation, r.gap ?? []]);
      return g;
    };
    const early = gapAfter(2);
    const late = gapAfter(60);
    for (const g of late) expect(g).toBeGreaterThanOrEqual(-1e-5);
    expect(late.reduce((a, b) => a + b, 0)).toBeLessThan(early.reduce((a, b) => a + b, 0));
    tf.dispose([inputs, labels]);
    model.dispose();
  });

  it('random start is seeded and feasible; the attack is leak-free', async () => {
    const { model, inputs, labels } = setup();
    const attack = adversary('pgd-madry', { randomStart: true, seed: 9, stepSize: 0.2 });
    const values = () =>
      expectNoLeaks(() => {
        const r = right(attack.perturb({ model, inputs, labels, constraint: ball('LinfBall', 0.1), maxIter: 5 }));
        const out = rows(r.perturbation);
        tf.dispose([r.loss, r.perturbation]);
        return out;
      });
    const a = await values();
    expect(await values()).toEqual(a);
    for (const r of a) expect(Math.max(...r.map(Math.abs))).toBeLessThanOrEqual(0.1 + 1e-6);
    await expectNoLeaks(() =>
      right(adversary('frank-wolfe').perturb({ model, inputs, labels, constraint: ball('L1Ball', 1), maxIter: 3, useBest: true })),
    );
    tf.dispose([inputs, labels]);
    model.dispose();
  });

  it('maxIter 0 returns δ = 0 and the clean loss', () => {
    const { model, inputs, labels } = setup();
    const r = right(adversary('pgd-madry').perturb({ model, inputs, labels, constraint: ball('LinfBall', 0.1), maxIter: 0 }));
    expectClose(r.perturbation, tf.zerosLike(inputs), { atol: 0 });
    expectClose(r.loss, softmaxCrossEntropy(model.predict(inputs) as tf.Tensor, labels), { rtol: 1e-6 });
    tf.dispose([r.loss, r.perturbation, inputs, labels]);
    model.dispose();
  });
});

describe('adversary input errors', () => {
  const { model, inputs, labels } = setup(2);
  it('programming errors throw, naming the argument', () => {
    expect(() => adversary('fgsm' as never)).toThrow(/method/);
    expect(() => adversary('frank-wolfe', { randomStart: true })).toThrow(/randomStart/);
    expect(() => adversary('pgd-madry', { step: 1 } as never)).toThrow(/options/);
    expect(() => adversary('pgd-madry').perturb({ model, inputs, labels, constraint: ball('L1Ball', 1) })).toThrow(/frank-wolfe/);
    expect(() => adversary('pgd-madry').perturb({ model, inputs, labels, constraint: simplex(1) as never })).toThrow(/constraint/);
    expect(() => adversary('pgd-madry').perturb({ model, inputs, labels, constraint: ball('LinfBall', 0.1), box: [1, 0] })).toThrow(/box/);
    expect(() => adversary('pgd-madry').perturb({ model, inputs, labels, constraint: ball('LinfBall', 0.1), maxIter: -1 })).toThrow(
      /maxIter/,
    );
  });
  it('data mismatches are a Left', () => {
    const r = adversary('pgd-madry').perturb({ model, inputs, labels: tf.tensor1d([0, 1, 2], 'int32'), constraint: ball('LinfBall', 0.1) });
    expect(E.isLeft(r) && r.left.code).toBe('shape_mismatch');
    const nan = adversary('frank-wolfe').perturb({
      model: (x) => tf.mul(x, Number.NaN),
      inputs,
      labels,
      constraint: ball('L2Ball', 0.1),
      maxIter: 2,
    });
    expect(E.isLeft(nan) && nan.left.code).toBe('non_finite');
  });

  it('inputs the model cannot take and labels that do not fit its outputs are a Left, without leaks', async () => {
    const wide = tf.zeros([6, 10]);
    const oneHot5 = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0], 'int32'), 5);
    for (const [name, args] of [
      ['inputs', { model, inputs: wide, labels, constraint: ball('LinfBall', 0.1) }],
      [
        'labels',
        {
          model,
          inputs,
          labels: oneHot5,
          constraint: ball('LinfBall', 0.1),
          loss: (l: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(l, y), 1) as tf.Tensor1D,
        },
      ],
    ] as const) {
      const r = await expectNoLeaks(() => adversary('frank-wolfe').perturb(args as PerturbArgs));
      expect(E.isLeft(r) && r.left.code, name).toBe('shape_mismatch');
    }
    tf.dispose([wide, oneHot5]);
  });
});
