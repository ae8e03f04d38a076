// Public API of @sparsekit/constraints; this file only re-exports.
export type {
  Constraint, HasLmo, HasProject, HasProx, HasValue, HasIsFeasible, HasIsFeasibleEach, FeasibilityOptions,
  ComplexPair, HasComplexProject, HasComplexLmo, ProjectableSet, ConstraintSet, Penalty,
} from './types.js';
export { l1Ball, type L1Ball } from './sets/l1-ball.js';
export { eachSlice, type EachSlice, type EachSliceOptions, type SliceRadius } from './each-slice.js';
