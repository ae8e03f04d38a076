// Public API of @sparsekit/solvers; this file only re-exports.
export {
  solveError,
  type SolveStatus, type Trace, type BatchOutcome, type OptimizeResult, type Callback, type IterationState,
  type SolveError, type SolveResult, type ObjectiveForm, type ValueAndGradForm, type SmoothObjective,
  type Problem, type SmoothProblem, type LoopOptions, type Constraint, type HasLmo, type HasProject,
  type HasProx, type HasValue,
} from './types.js';
