// Subpath entry `@sparsekit/solvers/paths`: sparsity paths (LBI, ISS, Split LBI), cross-validation, DessiLbi.
export { lbi, type LbiOptions, type LbiPath, type LbiGroupType } from './paths/lbi.js';
export type { BregmanPathOptions } from './paths/path-options.js';
export { iss, type IssOptions, type IssPath } from './paths/iss.js';
export { splitLbi, type SplitLbiOptions, type SplitLbiPath, type OperatorSpec } from './paths/split-lbi.js';
export { makePath, type RegularizationPath, type PathData, type PathPoint, type PathInterpolation } from './paths/path.js';
export type { PathLoss } from './paths/internal/path-losses.js';
export { crossValidatePath, cvLbi, cvIss, type CvOptions, type CvResult, type PathFitter } from './paths/cross-validate.js';
export { DessiLbi, type DessiLbiConfig, type DessiSparsity } from './paths/dessi-lbi.js';
export type { PruneOptions, PruneResult } from './paths/internal/dessi-prune.js';
