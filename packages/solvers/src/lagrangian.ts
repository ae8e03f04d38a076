// Subpath entry `@sparsekit/solvers/lagrangian`: Lagrangian (gradient descent-ascent) training under constraints.
export { LagrangianOptimizer } from './lagrangian/lagrangian-optimizer.js';
export { primalTerm, dualDirection } from './lagrangian/formulations.js';
export type {
  ConstrainedProblem,
  ConstraintSpec,
  Formulation,
  MultiplierSpec,
  GdaMode,
  LagrangianOptimizerOptions,
  RollOut,
} from './lagrangian/types.js';
