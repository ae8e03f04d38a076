// Public API of @sparsekit/solvers: the core shared by every family (problem and result types,
// the iteration loop, the `minimize` front door). Each family has its own subpath entry:
// `/full-batch`, `/stochastic`, `/adversary`, `/paths`, `/palm`, `/lagrangian`, `/sparse-glm`,
// `/losses`, `/testing`. This file only re-exports.
export {
  solveError,
  type SolveStatus,
  type Trace,
  type BatchOutcome,
  type OptimizeResult,
  type Callback,
  type IterationState,
  type SolveError,
  type SolveResult,
  type ObjectiveForm,
  type ValueAndGradForm,
  type SmoothObjective,
  type KnownSmoothness,
  type LeastSquaresStructure,
  type Problem,
  type SmoothProblem,
  type LoopOptions,
} from './types.js';
export { iterate, type SolverKernel, type StepOutcome, type Counts } from './core/iterate.js';
export type { Capability } from './core/capabilities.js';
export { minimize, type Solver, type BuiltinMethods } from './minimize.js';
