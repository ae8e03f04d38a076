// Law suites for constraint plugins: `@sparsekit/constraints/testing`.
export { constraintLaws, checkConstraintLaw } from './testing/constraint-laws.js';
export type { ConstraintLawsOptions, LawName, Point } from './testing/options.js';
export { thrownArgument } from './testing/thrown-argument.js';
