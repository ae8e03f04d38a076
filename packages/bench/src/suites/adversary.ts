/**
 * Adversary suite: PGD-Madry (the in-run baseline) vs the Frank-Wolfe attack on a softmax
 * classifier trained on the MNIST digits, inside the L∞ (and, full size, L2) ball ∩ [0, 1] box.
 * The bench minimizes, so the objective is minus the mean adversarial loss; each budget is a
 * fresh attack with that many iterations (growing budgets give the convergence curve).
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l2Ball, linfBall } from '@sparsekit/constraints';
import { adversary, type AttackMethod } from '@sparsekit/solvers/adversary';
import { budgetSolver } from '../adapters.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver, SuiteSize } from '../types.js';
import { readDigits } from './solvers/logistic.js';

interface AttackData {
  readonly model: tf.LayersModel;
  readonly inputs: tf.Tensor2D;
  readonly labels: tf.Tensor1D;
}

interface AttackSpec extends AttackData {
  readonly norm: 'linf' | 'l2';
  readonly epsilon: number;
}

/** A 784→10 softmax-logit classifier trained for a few epochs on the digits (seeded). */
async function trainedClassifier(perDigit: number, seed: number): Promise<AttackData> {
  const { pixels, digits } = readDigits(perDigit);
  const inputs = tf.tensor2d(pixels, [digits.length, 784]);
  const labels = tf.tensor1d(digits, 'int32');
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 10, inputShape: [784], kernelInitializer: tf.initializers.glorotUniform({ seed }) })],
  });
  model.compile({
    optimizer: tf.train.adam(0.01),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  const oneHot = tf.oneHot(labels, 10);
  await model.fit(inputs, oneHot, { epochs: 5, batchSize: 128, shuffle: false, verbose: 0 });
  oneHot.dispose();
  return { model, inputs, labels };
}

function attackSolver(method: AttackMethod, baseline: boolean, budgets: readonly number[]): BenchSolver<AttackSpec> {
  return budgetSolver<AttackSpec>({
    name: method,
    baseline,
    budgets,
    runWithBudget: (spec, budget) => {
      const constraint = spec.norm === 'linf' ? linfBall(spec.epsilon) : l2Ball(spec.epsilon);
      const result = adversary(method).perturb({
        model: spec.model,
        inputs: spec.inputs,
        labels: spec.labels,
        constraint,
        maxIter: budget,
      });
      if (E.isLeft(result)) throw result.left;
      const objective = tf.tidy(() => -tf.mean(result.right.loss).dataSync()[0]);
      const certificate = result.right.gap ? tf.tidy(() => tf.mean(result.right.gap!).dataSync()[0]) : undefined;
      tf.dispose([result.right.loss, result.right.perturbation, result.right.gap ?? []]);
      return { objective, certificate, iterations: budget };
    },
  });
}

/**
 * The adversary suite: `quick` attacks 500 digits (L∞ ε = 0.1, budgets up to 20 iterations);
 * `full` attacks 2,000 digits in L∞ ε = 0.1 and L2 ε = 1.5, budgets up to 80.
 *
 * @example
 * ```ts
 * import adversarySuite from '@sparsekit/bench/suites/adversary';
 * adversarySuite({ size: 'quick' }).solvers.map((s) => s.name); // => ['pgd-madry', 'frank-wolfe']
 * ```
 */
export default function adversarySuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  const budgets = full ? [1, 2, 5, 10, 20, 40, 80] : [1, 2, 5, 10, 20];
  return definePlugin({
    name: 'adversary',
    datasets: [
      {
        name: 'mnist-softmax',
        params: { perDigit: [full ? 200 : 50] },
        load: (p, ctx) => trainedClassifier(Number(p.perDigit), ctx.seed),
        dispose: (d: AttackData) => {
          d.model.dispose();
          tf.dispose([d.inputs, d.labels]);
        },
      },
    ],
    problems: [
      {
        name: 'attack',
        params: full ? { norm: ['linf', 'l2'] } : { norm: ['linf'] },
        tolerances: [1e-2, 1e-3],
        create: (d: AttackData, p) => ({ spec: { ...d, norm: p.norm as AttackSpec['norm'], epsilon: p.norm === 'linf' ? 0.1 : 1.5 } }),
      },
    ],
    solvers: [attackSolver('pgd-madry', true, budgets), attackSolver('frank-wolfe', false, budgets)],
  });
}
