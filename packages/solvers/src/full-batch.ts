// Subpath entry `@sparsekit/solvers/full-batch`: deterministic solvers over a whole problem.
export { frankWolfe, type FrankWolfeOptions } from './full-batch/frank-wolfe.js';
export { pairwiseFrankWolfe } from './full-batch/pairwise-frank-wolfe.js';
export { awayStepFrankWolfe } from './full-batch/away-step-frank-wolfe.js';
export type { FwStepRule } from './full-batch/internal/fw-step-size.js';
export { simplexAtoms, l1BallAtoms, polytopeAtoms, atomsFor, type AtomDictionary, type AtomRadius } from './full-batch/atoms.js';
export { proximalGradient, type ProximalGradientOptions } from './full-batch/proximal-gradient.js';
export { fista } from './full-batch/fista.js';
export { pgdMadry, type PgdMadryOptions } from './full-batch/pgd-madry.js';
export { threeOperatorSplitting, type ThreeOperatorSplittingOptions } from './full-batch/three-operator-splitting.js';
