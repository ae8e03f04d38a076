// Subpath entry `@sparsekit/solvers/palm`: PALM over real and complex blocks.
export { palm } from './palm/palm.js';
export { productFit, type ProductFitOptions } from './palm/product-fit.js';
export type {
  PalmProblem, PalmBlock, RealBlock, ComplexBlock, PalmOptions, PalmResult, PalmState, BlockValue,
} from './palm/types.js';
