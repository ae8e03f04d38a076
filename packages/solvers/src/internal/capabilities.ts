/**
 * Constraint capability interfaces, taken from `@sparsekit/constraints` (DESIGN.md, Plugin
 * interfaces). One import point so solver files agree on them.
 */
export type { Constraint, HasLmo, HasProject, HasProx, HasValue } from '@sparsekit/constraints';
