// Subpath entry `@sparsekit/solvers/palm`: PALM over real and complex blocks.
export { palm } from './palm/palm.js';
export type {
  PalmProblem,
  PalmBlock,
  RealBlock,
  ComplexBlock,
  PalmOptions,
  PalmResult,
  PalmTrace,
  PalmState,
  BlockValue,
} from './palm/types.js';
