// Subpath entry `@sparsekit/solvers/stochastic`: constrained tf.Optimizers and finite-sum SFW.
export {
  ConstrainedStochasticOptimizer,
  type StochasticOptimizerOptions,
  type UnconstrainedPolicy,
  type StepContext,
  type StepResult,
  type NamedTensor,
} from './stochastic/constrained-stochastic-optimizer.js';
export { resolveParameterConstraints } from './stochastic/parameter-map.js';
export { StochasticFrankWolfe, type StochasticFrankWolfeOptions } from './stochastic/stochastic-frank-wolfe.js';
export { StochasticPgd, type StochasticPgdOptions, type GradientNormalization, type LearningRate } from './stochastic/stochastic-pgd.js';
export { StochasticPgdMadry, type StochasticPgdMadryOptions } from './stochastic/stochastic-pgd-madry.js';
export { StochasticThreeSplit, type StochasticThreeSplitOptions } from './stochastic/stochastic-three-split.js';
export {
  finiteSumFrankWolfe,
  type FiniteSumProblem,
  type FiniteSumFrankWolfeOptions,
  type FiniteSumResult,
  type SfwVariant,
} from './stochastic/finite-sum-frank-wolfe.js';
export { FusedAdam } from './stochastic/fused-adam.js';
export { fitBatches, type FitBatchesCallbacks, type FitBatchesHistory, type FitBatchesOptions } from './stochastic/fit-batches.js';
export { sagFrankWolfe } from './stochastic/sag-frank-wolfe.js';
export { sagaFrankWolfe } from './stochastic/saga-frank-wolfe.js';
