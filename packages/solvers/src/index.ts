// Public API of @sparsekit/solvers; this file only re-exports.
export {
  solveError,
  type SolveStatus, type Trace, type BatchOutcome, type OptimizeResult, type Callback, type IterationState,
  type SolveError, type SolveResult, type ObjectiveForm, type ValueAndGradForm, type SmoothObjective, type KnownSmoothness,
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
export {
  l1Regularized, l1Constrained,
  type SparseGlmData, type L1RegularizedProblem, type L1ConstrainedProblem, type SparseGlmOptions, type WorkingSetOptions,
} from './screening/sparse-glm.js';
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
// Sparsity paths: LBI, ISS, Split LBI, cross-validation, DessiLBI (issue 5).
export { lbi, type LbiOptions, type LbiPath, type LbiGroupType } from './paths/lbi.js';
export type { BregmanPathOptions } from './paths/path-options.js';
export { iss, type IssOptions, type IssPath } from './paths/iss.js';
export { splitLbi, type SplitLbiOptions, type SplitLbiPath, type OperatorSpec } from './paths/split-lbi.js';
export { makePath, type RegularizationPath, type PathData, type PathPoint, type PathInterpolation } from './paths/path.js';
export type { PathFamily } from './paths/internal/families.js';
export { crossValidatePath, cvLbi, cvIss, type CvOptions, type CvResult, type PathFitter } from './paths/cross-validate.js';
export { DessiLBI, type DessiLbiConfig, type DessiSparsity } from './paths/dessi-lbi.js';
export type { PruneOptions } from './paths/internal/dessi-prune.js';
// PALM over real and complex blocks (issue 5).
export { palm } from './palm/palm.js';
export type { PalmProblem, PalmBlock, RealBlock, ComplexBlock, PalmOptions, PalmResult, PalmState, BlockValue, Complex, HasComplexProjectLike } from './palm/types.js';
// Lagrangian methods (issue 5, after cooper).
export { ConstrainedOptimizer } from './lagrangian/constrained-optimizer.js';
export { primalTerm, dualDirection } from './lagrangian/formulations.js';
export type { ConstrainedProblem, ConstraintSpec, Formulation, MultiplierSpec, GdaMode, ConstrainedOptimizerOptions, RollOut } from './lagrangian/types.js';
