// Public API of @sparsekit/tensor; this file only re-exports.
export { SparsekitError, isSparsekitError, describeValue, type SparsekitErrorCode } from './errors.js';
export {
  requirePositive,
  requirePositiveFloat32,
  requireNonNegative,
  requireInteger,
  requireRank,
  requireFinite,
  requireSameShape,
  requireKnownKeys,
} from './validate.js';
export { useBackend, useBackendOrThrow, backendInfo, BACKEND_ENV_VAR, type BackendName } from './backend/use-backend.js';
export {
  registerBackendProvider,
  backendProviders,
  findBackendProvider,
  type BackendInfo,
  type BackendLoadOptions,
  type BackendProvider,
  type WasmPaths,
} from './backend/registry.js';
export {
  flattenSlices,
  reduceAllButFirst,
  sliceDot,
  sliceNorm,
  perSlice,
  topkByMagnitude,
  gatherPerRow,
  sortDescending,
  simplexThreshold,
  type SliceNormOrder,
  type SliceReduction,
} from './batched.js';
export { createRng, type Rng, type NormalOptions, type UniformOptions, type ChoiceOptions } from './random/create-rng.js';
export {
  complexTensor,
  isComplexTensor,
  disposeComplex,
  fromInterleaved,
  toInterleaved,
  fromComplex64,
  toComplex64,
  complexAdd,
  complexSub,
  complexMul,
  complexScale,
  conj,
  modulus,
  frobeniusNorm,
  complexMatMul,
  complexTranspose,
  conjTranspose,
  dftMatrix,
  type ComplexTensor,
  type ComplexOrReal,
  type ComplexScalar,
  type DftNorm,
  type DftOptions,
} from './complex.js';
export {
  topSingularPairs,
  spectralNorm,
  largestSingularValue,
  toMatrix,
  fromMatrix,
  svd,
  symmetricEig,
  solve,
  lstsq,
  type PowerIterationOptions,
  type SingularPairs,
  type SpectralNormOptions,
  type LanczosOptions,
  type LargestSingularValue,
  type LinearOperator64,
  type RowMajorMatrix,
  type Svd,
  type SymmetricEig,
} from './linalg.js';
export { resolveWasmThreads, MAX_WASM_THREADS } from './backend/wasm-threads.js';
export { hostKernels, setHostKernels, type HostKernels } from './backend/host-kernels.js';
export { fusedDense, type FusedDenseArgs, type FusedDenseActivation } from './fused-dense.js';
export { fusedSoftmaxCrossEntropy, type FusedSoftmaxCrossEntropyArgs } from './fused-softmax-cross-entropy.js';
export { tapeNode, type TapeNodeArgs } from './tape-node.js';
