// Public API of @sparsekit/models-l0; this file only re-exports.
export { HardConcrete, type HardConcreteOptions, type TestGateRule } from './hard-concrete.js';
export type { L0GateOptions, GateStructure, GateSampling, GateActivation } from './internal/gate-config.js';
export { GatedLayer } from './internal/gated-layer.js';
export { L0Dense, l0Dense, type L0DenseOptions } from './l0-dense.js';
export { L0Conv2d, l0Conv2d, type L0Conv2dOptions } from './l0-conv2d.js';
export { expectedL0, expectedDensity, gatedLayers, type LayerL0, type ModelL0 } from './expected-l0.js';
export { purge } from './purge.js';
export { l0Lenet5Caffe, lenet5CaffeArchitecture, type L0Lenet5CaffeOptions } from './lenet5-caffe.js';
export {
  fitConstrained,
  type FitConstrainedOptions,
  type FitConstrainedResult,
  type ConstrainedEpochLog,
  type ConstrainedLoss,
} from './fit-constrained.js';
export { constrainedCallback, ConstrainedCallback, type ConstrainedCallbackOptions } from './constrained-callback.js';
export { gateOptimizer } from './gate-optimizer.js';
export { filterSupport, type FilterSupport } from './filter-support.js';
