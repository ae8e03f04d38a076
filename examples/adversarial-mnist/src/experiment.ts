/**
 * The whole experiment: one MLP trained normally, one trained adversarially (PGD-Madry, L∞,
 * ε = 0.1), both evaluated on held-out digits, clean and under attack.
 */
import * as tf from '@tensorflow/tfjs';
import { linfBall } from '@sparsekit/constraints';
import { loadSplits } from './data.js';
import { cleanAccuracy, robustAccuracy } from './evaluate.js';
import { createMlp } from './model.js';
import { trainAdversarially, trainNormally } from './train.js';

export interface ExperimentConfig {
  readonly trainSize: number;
  readonly testSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly epsilon: number;
  /** PGD-Madry steps per minibatch during adversarial training. */
  readonly trainAttackIter: number;
  /** PGD-Madry steps of the evaluation attack. */
  readonly testAttackIter: number;
  readonly hidden: number;
  readonly seed: number;
}

export interface ModelReport {
  readonly clean: number;
  /** Accuracy under PGD-Madry L∞ (testAttackIter steps, best iterate kept). */
  readonly robustPgd: number;
  /** Accuracy under Frank-Wolfe L∞ (same budget), a second attack for comparison. */
  readonly robustFw: number;
  readonly trainSeconds: number;
}

export interface ExperimentReport {
  readonly standard: ModelReport;
  readonly adversarial: ModelReport;
}

export const FULL: ExperimentConfig = {
  trainSize: 8000,
  testSize: 2000,
  epochs: 6,
  batchSize: 100,
  epsilon: 0.1,
  trainAttackIter: 5,
  testAttackIter: 20,
  hidden: 128,
  seed: 1,
};

export async function runExperiment(config: ExperimentConfig, log: (line: string) => void = () => {}): Promise<ExperimentReport> {
  const { train, test } = loadSplits(config.trainSize, config.testSize, config.seed);
  const ball = linfBall(config.epsilon);
  const evaluate = (model: tf.LayersModel, trainSeconds: number): ModelReport => ({
    clean: cleanAccuracy(model, test),
    robustPgd: robustAccuracy(model, test, { method: 'pgd-madry', ball, maxIter: config.testAttackIter }),
    robustFw: robustAccuracy(model, test, { method: 'frank-wolfe', ball, maxIter: config.testAttackIter }),
    trainSeconds,
  });
  const options = { epochs: config.epochs, batchSize: config.batchSize, seed: config.seed };

  const standardModel = createMlp(config.seed, config.hidden);
  let t0 = performance.now();
  await trainNormally(standardModel, train, options);
  const standard = evaluate(standardModel, (performance.now() - t0) / 1000);
  log(`standard model trained in ${standard.trainSeconds.toFixed(1)} s`);

  const robustModel = createMlp(config.seed, config.hidden);
  t0 = performance.now();
  await trainAdversarially(robustModel, train, { ...options, ball, attackIter: config.trainAttackIter });
  const adversarial = evaluate(robustModel, (performance.now() - t0) / 1000);
  log(`adversarially trained model trained in ${adversarial.trainSeconds.toFixed(1)} s`);

  tf.dispose([train.x, train.y, test.x, test.y]);
  standardModel.dispose();
  robustModel.dispose();
  return { standard, adversarial };
}
