// Subpath entry `@sparsekit/tensor/linalg`: power iteration in tfjs, Lanczos in float64, small dense float64 algebra via ml-matrix.
export { topSingularPairs, type PowerIterationOptions, type SingularPairs } from './linalg/power-iteration.js';
export { spectralNorm, type SpectralNormOptions } from './linalg/spectral-norm.js';
export {
  largestSingularValue,
  type LanczosOptions,
  type LargestSingularValue,
  type LinearOperator64,
  type RowMajorMatrix,
} from './linalg/lanczos.js';
export { toMatrix, fromMatrix, svd, symmetricEig, solve, lstsq, type Svd, type SymmetricEig } from './linalg/dense.js';
