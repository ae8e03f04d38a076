// Public API of @sparsekit/models-implicit; this file only re-exports.
export { resolveActivation, registerActivation, type ActivationSpec, type BuiltinActivation } from './activation.js';
export {
  resolveFixedPointOptions,
  type FixedPointOptions,
  type FixedPointMethod,
  type ResolvedFixedPointOptions,
} from './solver-options.js';
export { resolveBackwardOptions, type BackwardOptions, type ResolvedBackwardOptions } from './backward-options.js';
export { solveFixedPoint, type FixedPointResult } from './fixed-point.js';
export { equilibrium, type EquilibriumOptions, type SolveDiagnostics } from './equilibrium.js';
export { resolveImplicitConfig, type ImplicitLayerArgs, type ResolvedImplicitConfig } from './layer-config.js';
export { ImplicitLayer, implicitLayer } from './implicit-layer.js';
export { wellPosedness, projectNemon, type WellPosednessReport } from './well-posedness.js';
export { lipschitzCertificate, type LipschitzCertificate } from './lipschitz-certificate.js';
export { wellPosednessCallback, implicitLayersOf } from './well-posedness-callback.js';
export { fromSequential } from './from-sequential.js';
export {
  frankWolfeConstraints,
  layerSparsity,
  sparsityCallback,
  type MatrixSet,
  type StateMatrixSet,
  type FrankWolfeConstraintOptions,
  type MatrixStats,
  type LayerSparsity,
} from './sparse-training.js';
export { PerMatrixOptimizer, perMatrixOptimizer, type PerMatrixChoice } from './per-matrix-optimizer.js';
export { robustAccuracy, type RobustAccuracy, type RobustAccuracyOptions } from './robustness.js';
export { simFit, simFromTeacher, type SimData, type SimOptions, type SimResult } from './sim.js';
