// Test helpers and the solver law suite: `@sparsekit/solvers/testing`.
export { solverLaws, type SolverLawsOptions } from './testing/solver-laws.js';
export { testL1Ball, testL2Ball, testSimplex, testNonNegative, testL1Penalty } from './testing/sets.js';
export { projectSimplex, projectL1Ball, lassoObjective, coordinateDescent64, type Matrix64 } from './testing/reference.js';
export { leastSquaresData, leastSquaresObjective } from './testing/problems.js';
export { sparseGlmReference64, sparseGlmObjective, type SparseGlm64 } from './testing/glm-reference.js';
