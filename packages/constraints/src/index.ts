// Public API of @sparsekit/constraints; this file only re-exports.
export type {
  Constraint, HasLmo, HasProject, HasProx, HasValue, HasIsFeasible, HasIsFeasibleEach, FeasibilityOptions,
  ComplexPair, HasComplexProject, HasComplexLmo, ProjectableSet, ConstraintSet, Penalty,
} from './types.js';
