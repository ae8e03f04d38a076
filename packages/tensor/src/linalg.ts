// Subpath entry `@sparsekit/tensor/linalg`: power iteration in tfjs, small dense float64 algebra via ml-matrix.
export { topSingularPairs, spectralNorm, type PowerIterationOptions, type SingularPairs } from './linalg/power-iteration.js';
export { toMatrix, fromMatrix, svd, symmetricEig, solve, lstsq, type Svd, type SymmetricEig } from './linalg/dense.js';
