// Public API of @sparsekit/factorization; this file only re-exports.
export {
  Faust, type FactorFormat, type FaustOptions, type FaustNormOrder, type FaustNormOptions, type OptimizeTimeOptions, type ConcatAxis,
} from './faust/faust.js';
export { saveFaust, loadFaust, FAUST_JSON_VERSION, type FaustJson } from './faust/faust-json.js';
export {
  wht, dft, bitrevIndices, bitrevPermutation, randButterfly, type TransformOptions, type RandButterflyOptions,
} from './transforms/transforms.js';
export { butterfly, type ButterflyOptions, type ButterflyResult } from './butterfly/butterfly.js';
