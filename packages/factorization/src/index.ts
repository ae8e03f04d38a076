// Public API of @sparsekit/factorization; this file only re-exports.
export {
  Faust,
  type FactorFormat,
  type FaustOptions,
  type FaustNormOrder,
  type FaustNormOptions,
  type OptimizeTimeOptions,
  type ConcatAxis,
} from './faust/faust.js';
export { saveFaust, loadFaust, FAUST_JSON_VERSION, type FaustJson } from './faust/faust-json.js';
export {
  wht,
  dft,
  bitrevIndices,
  bitrevPermutation,
  randButterfly,
  type TransformOptions,
  type RandButterflyOptions,
} from './transforms/transforms.js';
export { butterfly, type ButterflyOptions, type ButterflyResult } from './butterfly/butterfly.js';
export { productFit, type ProductFitOptions, type ProductFitParts } from './palm4msa/product-fit.js';
export {
  palm4msa,
  type Palm4msaOptions,
  type Palm4msaResult,
  type FactorConstraint,
  type StopCriterion,
  type UpdateOrder,
  type PalmEngine,
} from './palm4msa/palm4msa.js';
export { hierarchical, type HierarchicalOptions, type HierarchicalResult } from './hierarchical/hierarchical.js';
export type { HierarchicalPreset } from './hierarchical/presets.js';
export { eigtj, type EigtjOptions, type EigtjResult } from './givens/eigtj.js';
export {
  fixedSupportFactorization,
  type FixedSupportOptions,
  type FixedSupportResult,
  type SupportInput,
} from './fixed-support/fixed-support.js';
export { checkIdentifiability, type Identifiability } from './fixed-support/identifiability.js';
export { svdtj, type SvdtjOptions, type SvdtjResult } from './givens/svdtj.js';
export { pinvtj, type PinvtjOptions, type PinvtjResult } from './givens/pinvtj.js';
export { palm4msaWhtOptions } from './palm4msa/presets.js';
export { SparseLinearNetwork, trainSparseNetwork, type SparseNetworkOptions } from './network/sparse-linear-network.js';
