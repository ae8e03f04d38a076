// Public API of @sparsekit/robust-stats; this file only re-exports.
export { huberRegressor, type HuberRegressorOptions, type HuberRegressorResult } from './regression/huber-regressor.js';
export { lts, type LtsOptions, type LtsResult } from './regression/lts.js';
export { ransac, type RansacOptions, type RansacResult } from './regression/ransac.js';
export {
  robustRegression,
  type RobustRegressionOptions,
  type RobustRegressionResult,
  type SelectionCurve,
} from './regression/robust-regression.js';
export { gammaAt, rankByEntry, type OutlierPath, type SparseGamma } from './regression/outlier-path.js';
export { outlierAuc, precisionAtK } from './outlier-metrics.js';
export { plantedRegression, type PlantedRegressionOptions, type PlantedRegression } from './data/planted-regression.js';
export { stackloss, starsCYG, type ClassicDataset } from './data/classic-datasets.js';
export { hodgeRank, type HodgeRankOptions, type HodgeRankResult, type HodgeEdges, type Inconsistency } from './ranking/hodge-rank.js';
export type { Comparison } from './ranking/comparison-graph.js';
export { robustRank, type RobustRankOptions, type RobustRankResult } from './ranking/robust-rank.js';
export type { AnnotatorScore } from './ranking/internal/annotators.js';
export { plantedComparisons, type PlantedComparisonsOptions, type PlantedComparisons } from './data/planted-comparisons.js';
export { robustPca, type RobustPcaOptions, type RobustPcaResult } from './rpca/robust-pca.js';
export { labelCredibility, type LabelCredibilityOptions, type LabelCredibilityResult } from './labels/label-credibility.js';
export { flipLabels, type FlipLabelsOptions } from './data/label-noise.js';
export { instanceCredibility, type InstanceCredibilityOptions, type InstanceCredibilityResult } from './labels/instance-credibility.js';
