// Public API of @sparsekit/solvers; this file only re-exports.
export {
  solveError,
  type SolveStatus, type Trace, type BatchOutcome, type OptimizeResult, type Callback, type IterationState,
  type SolveError, type SolveResult, type ObjectiveForm, type ValueAndGradForm, type SmoothObjective,
  type Problem, type SmoothProblem, type LoopOptions, type Constraint, type HasLmo, type HasProject,
  type HasProx, type HasValue,
} from './types.js';
// Full-batch solvers (issue 4, first half).
export { iterate, type SolverKernel, type StepOutcome } from './core/iterate.js';
export { frankWolfe, type FrankWolfeOptions } from './full-batch/frank-wolfe.js';
export { simplexAtoms, l1BallAtoms, polytopeAtoms, atomsFor, type AtomDictionary } from './full-batch/atoms.js';
export { proximalGradient, type ProximalGradientOptions } from './full-batch/proximal-gradient.js';
export { pgdMadry, type PgdMadryOptions } from './full-batch/pgd-madry.js';
export { threeOperatorSplitting, type ThreeOperatorSplittingOptions } from './full-batch/three-operator-splitting.js';
export { minimize, type Solver, type BuiltinMethods } from './minimize.js';
export { lasso, type LassoProblem, type LassoOptions } from './screening/lasso.js';
export { toDenseMatrix, type DenseMatrix } from './screening/design-matrix.js';
export { glmLoss, type GlmLoss, type PointwiseLoss } from './losses/glm-loss.js';
export { squaredLoss } from './losses/squared-loss.js';
export { logisticLoss } from './losses/logistic-loss.js';
export { huberLoss } from './losses/huber-loss.js';
// Stochastic optimizers and finite-sum SFW (issue 4, "Stochastic").
export {
  ConstrainedStochasticOptimizer, StochasticFrankWolfe, StochasticPGD, PGDMadry, StochasticThreeSplit,
  resolveParameterConstraints, finiteSumFrankWolfe, logisticSampleLoss, squaredSampleLoss,
  type StochasticOptimizerOptions, type UnconstrainedPolicy, type StepContext, type StepResult, type NamedTensor,
  type ParameterKey, type ParameterConstraints, type StochasticFrankWolfeOptions, type StochasticPGDOptions,
  type PGDMadryOptions, type StochasticThreeSplitOptions, type GradientNormalization, type LearningRate,
  type FiniteSumProblem, type FiniteSumFrankWolfeOptions, type FiniteSumResult, type SfwVariant, type SampleLoss,
} from './stochastic.js';
// Adversarial attacks (issue 4, "Adversary").
export {
  adversary, softmaxCrossEntropy, probabilityCrossEntropy, oneHotLabels,
  type Adversary, type AdversaryOptions, type AttackMethod, type PerturbArgs, type PerturbResult, type PerExampleLoss,
} from './adversary.js';
