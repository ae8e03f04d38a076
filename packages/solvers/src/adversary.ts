// Subpath entry `@sparsekit/solvers/adversary`: adversarial perturbations of a batch.
export {
  adversary,
  type Adversary,
  type AdversaryOptions,
  type AttackMethod,
  type PerturbArgs,
  type PerturbResult,
} from './adversary/adversary.js';
export type { Forward } from './adversary/internal/attack-loop.js';
export { softmaxCrossEntropy, probabilityCrossEntropy, oneHotLabels, type PerExampleLoss } from './adversary/per-example-losses.js';
