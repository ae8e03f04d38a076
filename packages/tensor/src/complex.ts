// Subpath entry `@sparsekit/tensor/complex`: complex tensors as { re, im } float32 pairs.
export {
  complexTensor,
  isComplexTensor,
  disposeComplex,
  fromInterleaved,
  toInterleaved,
  type ComplexTensor,
  type ComplexOrReal,
} from './complex/complex-tensor.js';
export { fromComplex64, toComplex64 } from './complex/complex64.js';
export {
  complexAdd,
  complexSub,
  complexMul,
  complexScale,
  conj,
  modulus,
  frobeniusNorm,
  type ComplexScalar,
} from './complex/arithmetic.js';
export { complexMatMul } from './complex/matmul.js';
export { complexTranspose, conjTranspose } from './complex/transpose.js';
export { dftMatrix, type DftNorm, type DftOptions } from './complex/dft.js';
