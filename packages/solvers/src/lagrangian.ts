// Subpath entry `@sparsekit/solvers/lagrangian`: Lagrangian (gradient descent-ascent) training under constraints.
export { ConstrainedOptimizer } from './lagrangian/constrained-optimizer.js';
export { primalTerm, dualDirection } from './lagrangian/formulations.js';
export type {
  ConstrainedProblem, ConstraintSpec, Formulation, MultiplierSpec, GdaMode, ConstrainedOptimizerOptions, RollOut,
} from './lagrangian/types.js';
