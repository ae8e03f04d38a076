// Public API of @sparsekit/constraints; this file only re-exports.
export type {
  Constraint,
  HasLmo,
  HasProject,
  HasProx,
  HasValue,
  HasIsFeasible,
  HasIsFeasibleEach,
  FeasibilityOptions,
  HasComplexProject,
  HasComplexLmo,
  HostMatrix,
  HasHostProject,
  HasHostLmo,
  ProjectableSet,
  ConstraintSet,
  Penalty,
  Proximable,
  AtomsDescription,
  HasAtoms,
  NormBall,
  HasNormBall,
} from './types.js';
export { l1Ball, type L1Ball } from './sets/l1-ball.js';
export { l2Ball, type L2Ball } from './sets/l2-ball.js';
export { linfBall, type LinfBall } from './sets/linf-ball.js';
export { simplex } from './sets/simplex.js';
export { box, type Bound } from './sets/box.js';
export { kSparse, type KSparse, type BoundedKSparse, type KSparseOptions } from './sets/k-sparse.js';
export { rowL1Ball } from './sets/row-l1-ball.js';
export { groupL1Ball } from './sets/group-l1-ball.js';
export { nuclearBall, type NuclearBall } from './sets/nuclear-ball.js';
export { lpBall } from './sets/lp-ball.js';
export { polytope } from './sets/polytope.js';
export type { Groups } from './internal/groups.js';
export { l1 } from './penalties/l1.js';
export { elasticNet } from './penalties/elastic-net.js';
export { l0 } from './penalties/l0.js';
export { groupL1 } from './penalties/group-l1.js';
export { nuclearNorm } from './penalties/nuclear-norm.js';
export { proxConjugate, conjugate, moreauEnvelope } from './penalties/moreau.js';
export { forParameters, type ParameterConstraints, type ParameterKey, type ConstraintsByName } from './helpers/for-parameters.js';
export { scaled } from './helpers/scaled.js';
export { makeFeasible, makeVariablesFeasible } from './helpers/make-feasible.js';
export { randomPoint, type RandomPointOptions } from './helpers/random-point.js';
export { proxOf } from './helpers/prox-of.js';
export { propagateNonFinite } from './helpers/propagate-non-finite.js';
export { eachSlice, type EachSlice, type EachSliceOptions, type SliceRadius } from './each-slice.js';
