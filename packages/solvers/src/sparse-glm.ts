// Subpath entry `@sparsekit/solvers/sparse-glm`: working-set Lasso and L1 generalized linear models.
export { lasso, type LassoProblem, type LassoOptions } from './screening/lasso.js';
export {
  l1Regularized,
  l1Constrained,
  type SparseGlmData,
  type L1RegularizedProblem,
  type L1ConstrainedProblem,
  type SparseGlmOptions,
  type WorkingSetOptions,
} from './screening/sparse-glm.js';
export { toDenseMatrix, type DenseMatrix } from './screening/design-matrix.js';
